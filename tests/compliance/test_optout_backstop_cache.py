"""The learned backstop is fitted once per installation and read from var/cache after that: a
new process does not spend seconds fitting it before the first reply it reads."""

from steadfast.compliance import optout_learned

SAMPLES = ["i want nothing to do with u ugh", "pls quit bugging me about it", "yes call me at 5"]


def test_it_reads_the_model_kept_in_var_cache_and_fits_again_when_the_file_is_bad(
    settings, tmp_path
):
    settings.VAR_DIR = str(tmp_path)
    optout_learned._model.cache_clear()
    try:
        fitted = optout_learned._model()
        kept = list((tmp_path / "cache").glob("optout-backstop-*.pickle"))
        assert len(kept) == 1

        optout_learned._model.cache_clear()
        read = optout_learned._model()
        assert read is not fitted
        assert [read.stop_probability(t) for t in SAMPLES] == [
            fitted.stop_probability(t) for t in SAMPLES
        ]

        kept[0].write_bytes(b"not a model")  # cut short, say: fitted again and written again
        optout_learned._model.cache_clear()
        again = optout_learned._model()
        assert [again.stop_probability(t) for t in SAMPLES] == [
            fitted.stop_probability(t) for t in SAMPLES
        ]
        assert kept[0].read_bytes() != b"not a model"
    finally:
        optout_learned._model.cache_clear()


def test_replies_the_readers_cannot_change_do_not_load_the_model(monkeypatch):
    # An engaging reply is a message whatever the learned readers weigh: a process that only ever
    # reads such replies (a simulation's, say) never pays for the model and scikit-learn.
    from steadfast.compliance.optout import classify_inbound

    def refuse():
        raise AssertionError("the model was read")

    monkeypatch.setattr(optout_learned, "_model", refuse)
    for text in ("yes please call me, I'm interested", "sí, me interesa", "Thank you for calling!"):
        assert classify_inbound(text, "sms").kind == "message", text
