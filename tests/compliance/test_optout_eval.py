"""The classifier on the labelled evaluation set (optout_eval.txt): the confusion table is
printed (pytest -s shows it) and the goals are enforced."""

from steadfast.compliance.optout import classify_inbound
from tests.compliance import eval_set


def test_it_has_a_set_large_and_hard_enough_to_trust():
    replies = eval_set.load()
    assert len(replies) >= 500
    assert sum("hn" in r.flags for r in replies) >= 0.4 * len(replies)
    assert sum("es" in r.flags for r in replies) >= 60


def test_it_meets_the_goals_on_the_evaluation_set():
    score = eval_set.score(lambda text, channel: classify_inbound(text, channel=channel))
    print("\n" + score.table())
    for reply, got in score.misses:
        print(
            f"  line {reply.line}: expected {reply.kind} {sorted(reply.scope)}, got {got.kind}"
            f" {sorted(got.channels)}: {reply.text!r}"
        )
    assert score.stop_recall >= 0.98, score.table()
    assert score.accuracy >= 0.95, score.table()
    assert score.false_stop_rate <= 0.03, score.table()
    assert score.scope_accuracy >= 0.95, score.table()
