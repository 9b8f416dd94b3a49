"""Replies never used to tune the rules (optout_holdout.txt): the figures are printed for the
record; the goals are the evaluation set's, loosened for a small sample."""

from steadfast.compliance.optout import classify_inbound
from tests.compliance import eval_set


def test_it_generalises_to_replies_it_was_not_tuned_on():
    replies = eval_set.load(eval_set.EVAL_FILE.with_name("optout_holdout.txt"))
    score = eval_set.score(lambda text, channel: classify_inbound(text, channel=channel), replies)
    print("\n" + score.table())
    for reply, got in score.misses:
        print(
            f"  line {reply.line}: expected {reply.kind} {sorted(reply.scope)}, got {got.kind}"
            f" {sorted(got.channels)}: {reply.text!r}"
        )
    assert score.stop_recall >= 0.9 and score.accuracy >= 0.9, score.table()
