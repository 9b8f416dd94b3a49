"""Replies written in batches and scored on first sight before anything was taught from them
(optout_unseen.txt; the first-sight figures are in each batch's heading and in
docs/inbound-replies.md). After teaching they guard against regressions; the learned backstop
is also checked the honest way, on each batch it did not learn from."""

from steadfast.compliance import optout_learned
from steadfast.compliance.optout import classify_inbound
from steadfast.compliance.optout_learned import THRESHOLD, write_examples
from steadfast.compliance.optout_text import drop_quoted_and_signature, normalise
from tests.compliance import eval_set


def _normal(text: str) -> str:
    return normalise(drop_quoted_and_signature(text))


def test_it_has_batches_large_and_varied_enough_to_trust():
    batches = eval_set.load_batches()
    replies = [r for batch in batches.values() for r in batch]
    assert sorted(batches) == list("ABCDEFGHIJKLMNOPQRSTUVW")
    assert all(len(batch) >= 150 for batch in batches.values())
    assert sum("hn" in r.flags for r in replies) >= 0.25 * len(replies)
    assert sum("es" in r.flags for r in replies) >= 200
    assert sum(r.channel == "email" for r in replies) >= 80
    assert {r.kind for r in replies} == set(eval_set.KINDS)


def test_it_still_reads_every_batch_it_was_taught():
    for name, replies in eval_set.load_batches().items():
        score = eval_set.score(lambda text, ch: classify_inbound(text, channel=ch), replies)
        print(f"\nbatch {name}\n{score.table()}")
        for reply, got in score.misses:
            print(f"  line {reply.line}: expected {reply.kind}, got {got.kind}: {reply.text!r}")
        assert score.stop_recall >= 0.98, (name, score.table())
        assert score.accuracy >= 0.97, (name, score.table())
        assert score.false_stop_rate <= 0.02, (name, score.table())
        assert score.scope_accuracy >= 0.85, (name, score.table())


def test_the_learned_backstop_finds_stops_in_batches_it_never_saw(monkeypatch):
    """Leave one batch out: learned from everything else, the backstop alone (no rules) must
    find most of the held-out batch's stops and almost no false ones."""
    batches = eval_set.load_batches()
    taught = eval_set.load() + eval_set.load(eval_set.EVAL_FILE.with_name("optout_holdout.txt"))
    for name, held_out in batches.items():
        learned_from = taught + [r for other, b in batches.items() if other != name for r in b]
        model = optout_learned._Model(
            [
                (r.kind if r.kind in ("stop", "start") else "other", _normal(r.text))
                for r in learned_from
            ]
        )
        monkeypatch.setattr(optout_learned, "_model", lambda model=model: model)
        stops = [r for r in held_out if r.kind == "stop"]
        others = [r for r in held_out if r.kind != "stop"]
        found = sum(optout_learned.stop_probability(_normal(r.text)) >= THRESHOLD for r in stops)
        false = [
            r.text for r in others if optout_learned.stop_probability(_normal(r.text)) >= THRESHOLD
        ]
        print(f"batch {name}: {found} of {len(stops)} stops, {len(false)} of {len(others)} false")
        assert found >= 0.5 * len(stops), name
        assert len(false) <= 0.02 * len(others), (name, false)


def test_the_backstop_learns_from_exactly_the_labelled_sets(tmp_path):
    rebuilt = tmp_path / "examples.txt"
    sources = [  # as the shell lists tests/compliance/optout_*.txt
        eval_set.EVAL_FILE.with_name("optout_blind.txt"),
        eval_set.EVAL_FILE,
        eval_set.EVAL_FILE.with_name("optout_holdout.txt"),
        eval_set.UNSEEN_FILE,
    ]
    write_examples(sources, rebuilt)
    assert rebuilt.read_text(encoding="utf-8") == optout_learned.EXAMPLES.read_text(
        encoding="utf-8"
    )


def test_the_backstop_only_ever_makes_a_stop_unsure():
    intent = classify_inbound("i am so over these texts", "sms")
    assert (intent.kind, intent.unsure) == ("stop", True)
    assert intent.matched.startswith("learned backstop")
    # Engaging replies and replies that say nothing of contact are left alone.
    for text in ("Interested!", "sí, me interesa, llámenme", "please don't stop texting me", "👍"):
        assert classify_inbound(text, "sms").kind == "message", text
    # So are replies about someone else's doing, or a stop word negated: a model of words
    # would read them as stops.
    for text in (
        "mi jefe no deja de escribirme",
        "my lawyer quit",
        "no, don't take me off the list",
    ):
        assert classify_inbound(text, "sms").kind == "message", text


def test_spanish_requests_are_read_in_the_forms_of_a_request_only():
    for text in ("no me escriban", "no me vuelva a escribir", "no me estén llamando"):
        assert classify_inbound(text, "sms").kind == "stop", text
    # What happened, what does not bother, what someone else said: statements, not requests.
    for text in (
        "no me contactaron",
        "no me escribieron ayer como dijeron",
        "no me molesta que me escriban",
        "me dijeron que no hable con abogados, ¿es cierto?",
        "¿cómo hago que dejen de llamarme los cobradores?",
    ):
        assert classify_inbound(text, "sms").kind == "message", text
