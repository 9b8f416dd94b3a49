"""Batches written blind and taught as development sets (optout_blind.txt): their writers'
conventions of scope differ more than those of optout_unseen.txt, so each is held to what it
read when it was taught, less a point, and not to optout_unseen's bars. The held-out batches
(blind_*_untaught.txt) are never taught; their figures are in docs/inbound-replies.md."""

from pathlib import Path

import pytest

from steadfast.compliance.optout import classify_inbound
from tests.compliance import eval_set

BLIND_FILE = Path(__file__).with_name("optout_blind.txt")

# batch: (stop recall at least, accuracy at least, false stops at most), a point under the
# figures each batch read when it was taught
FLOORS = {
    "X": (0.97, 0.98, 0.01),
    "Y": (0.98, 0.98, 0.02),
    "Z": (0.98, 0.975, 0.02),
    "AA": (0.97, 0.96, 0.035),
    "AB": (0.98, 0.97, 0.02),
    "AD": (0.96, 0.96, 0.03),
    "AC": (0.975, 0.975, 0.02),
    "AE": (0.96, 0.945, 0.03),
    "AF": (0.98, 0.975, 0.02),
    "AG": (0.97, 0.975, 0.02),
    "AM": (0.955, 0.95, 0.03),
    "AN": (0.96, 0.965, 0.035),
    "AH": (0.965, 0.965, 0.017),
    "AI": (0.97, 0.96, 0.035),
    "AJ": (0.965, 0.96, 0.026),
    "AK": (0.98, 0.985, 0.015),
    "AL": (0.95, 0.94, 0.05),
    "AR": (0.96, 0.945, 0.05),
    "AT": (0.965, 0.965, 0.025),
    "AS": (0.975, 0.975, 0.02),
    "AU": (0.96, 0.955, 0.032),
    "AV": (0.96, 0.935, 0.06),
    "AW": (0.965, 0.96, 0.035),
    "AX": (0.985, 0.975, 0.027),
    "AY": (0.985, 0.955, 0.05),
    "AZ": (0.985, 0.965, 0.045),
    "BA": (0.985, 0.975, 0.025),
    "BB": (0.99, 0.985, 0.017),
    "BC": (0.985, 0.97, 0.02),
    "BD": (0.99, 0.975, 0.02),
    "BE": (0.99, 0.975, 0.02),
    "BF": (0.98, 0.96, 0.035),
    "BG": (0.975, 0.975, 0.017),
    "BH": (0.99, 0.985, 0.014),
    "BI": (0.975, 0.97, 0.021),
    "BJ": (0.975, 0.975, 0.021),
    "BK": (0.98, 0.97, 0.021),
    "BL": (0.975, 0.975, 0.014),
    "BM": (0.965, 0.97, 0.024),
    "BN": (0.985, 0.98, 0.014),
    "BO": (0.985, 0.97, 0.02),
    "BP": (0.985, 0.975, 0.021),
    "BQ": (0.975, 0.975, 0.014),
    "BR": (0.99, 0.975, 0.021),
}


def test_it_has_the_batches_it_was_taught():
    batches = eval_set.load_batches(BLIND_FILE)
    assert list(batches) == list(FLOORS)
    assert all(len(batch) >= 400 for batch in batches.values())
    replies = [r for batch in batches.values() for r in batch]
    assert sum("es" in r.flags for r in replies) >= 400
    assert sum(r.channel == "email" for r in replies) >= 300


@pytest.mark.parametrize("name", list(FLOORS))
def test_it_still_reads_each_batch_as_well_as_when_it_was_taught(name):
    replies = eval_set.load_batches(BLIND_FILE)[name]
    score = eval_set.score(lambda text, ch: classify_inbound(text, channel=ch), replies)
    print(f"\nbatch {name}\n{score.table()}")
    for reply, got in score.misses:
        print(f"  line {reply.line}: expected {reply.kind}, got {got.kind}: {reply.text!r}")
    recall, accuracy, false_stops = FLOORS[name]
    assert score.stop_recall >= recall, score.table()
    assert score.accuracy >= accuracy, score.table()
    assert score.false_stop_rate <= false_stops, score.table()


def test_the_held_out_batches_are_kept_apart_from_what_is_learned():
    """Not among the backstop's examples. Blind writers do sometimes write the very same reply
    ("My husband passed away in January. Please stop sending him these messages." is in batch
    Y and in batch AC), so a few percent of a held-out batch's longer replies are there."""
    examples = (
        Path(__file__).parents[2] / "src/steadfast/compliance/optout_examples.txt"
    ).read_text(encoding="utf-8")
    for held_out in sorted(Path(__file__).parent.glob("blind_*_untaught.txt")):
        replies = eval_set.load(held_out)
        assert len(replies) >= 400, held_out.name
        lines = [r for r in replies if len(r.text) > 40]
        shared = [r for r in lines if f"{r.kind} | {r.text}".replace("\n", "\\n") in examples]
        assert len(shared) <= 0.03 * len(lines), (held_out.name, shared)
