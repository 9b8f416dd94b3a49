"""The labelled replies in optout_eval.txt, and how a classifier scores on them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVAL_FILE = Path(__file__).with_name("optout_eval.txt")
KINDS = ("stop", "start", "help", "message")
_SCOPES = {"phone": {"call", "sms"}, "all": {"call", "sms", "email"}, "-": set()}


@dataclass(frozen=True)
class Reply:
    line: int
    text: str
    channel: str
    kind: str
    scope: frozenset[str]
    flags: frozenset[str]


def _scope(token: str) -> frozenset[str]:
    channels: set[str] = set()
    for part in token.split("+"):
        channels |= _SCOPES.get(part, {part})
    return frozenset(channels)


def load(path: Path = EVAL_FILE) -> list[Reply]:
    replies = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        head, text = raw.split(" | ", 1)
        kind, scope, channel, *flags = head.split()
        assert kind in KINDS and channel in ("sms", "email"), f"line {n}: {raw}"
        replies.append(
            Reply(n, text.replace("\\n", "\n"), channel, kind, _scope(scope), frozenset(flags))
        )
    return replies


@dataclass
class Score:
    total: int
    confusion: Counter[tuple[str, str]]
    stop_recall: float
    accuracy: float
    false_stop_rate: float
    scope_accuracy: float  # of the stops found, the share with exactly the right channels
    unsure_agreement: float  # of the stops labelled unsure, the share the classifier is unsure of
    misses: list[tuple[Reply, Any]]

    def table(self) -> str:
        width = max(len(k) for k in KINDS) + 2
        lines = ["expected \\ got".ljust(16) + "".join(k.rjust(width) for k in KINDS)]
        for expected in KINDS:
            row = "".join(str(self.confusion[expected, got]).rjust(width) for got in KINDS)
            lines.append(expected.ljust(16) + row)
        lines.append(
            f"replies {self.total}: stop recall {self.stop_recall:.1%}, accuracy "
            f"{self.accuracy:.1%}, false stops {self.false_stop_rate:.1%} of non-stops, "
            f"scope right {self.scope_accuracy:.1%} of stops found, "
            f"unsure agreed {self.unsure_agreement:.1%}"
        )
        return "\n".join(lines)


def score(classify: Callable[[str, str], Any], replies: list[Reply] | None = None) -> Score:
    replies = load() if replies is None else replies
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    scoped = scope_right = unsure = unsure_right = 0
    for reply in replies:
        got = classify(reply.text, reply.channel)
        confusion[reply.kind, got.kind] += 1
        wrong = got.kind != reply.kind
        if reply.kind == got.kind and reply.kind in ("stop", "start"):
            scoped += 1
            if frozenset(got.channels) == reply.scope:
                scope_right += 1
            else:
                wrong = True
        if reply.kind == "stop" and "unsure" in reply.flags:
            unsure += 1
            unsure_right += bool(getattr(got, "unsure", False))
        if wrong:
            misses.append((reply, got))
    stops = sum(v for (e, _), v in confusion.items() if e == "stop")
    others = len(replies) - stops
    return Score(
        total=len(replies),
        confusion=confusion,
        stop_recall=confusion["stop", "stop"] / stops,
        accuracy=sum(confusion[k, k] for k in KINDS) / len(replies),
        false_stop_rate=sum(v for (e, g), v in confusion.items() if g == "stop" and e != "stop")
        / others,
        scope_accuracy=scope_right / scoped if scoped else 1.0,
        unsure_agreement=unsure_right / unsure if unsure else 1.0,
        misses=misses,
    )


UNSEEN_FILE = EVAL_FILE.with_name("optout_unseen.txt")


def load_batches(path: Path = UNSEEN_FILE) -> dict[str, list[Reply]]:
    """The replies of a file written in batches ("# --- batch X ..." headings), by batch."""
    starts: list[tuple[int, str]] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("# --- batch "):
            starts.append((n, raw.removeprefix("# --- batch ").split()[0].rstrip(",:")))
    batches: dict[str, list[Reply]] = {name: [] for _, name in starts}
    for reply in load(path):
        name = next(name for n, name in reversed(starts) if n < reply.line)
        batches[name].append(reply)
    return batches
