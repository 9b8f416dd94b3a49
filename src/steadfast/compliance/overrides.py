"""A firm's overrides of the rule table may only make it stricter than the law.

`rules_for` reads an override; this says whether it lifts anything the statute imposes — a
longer window, a banned day allowed, a higher cap, holidays or texts no longer covered — so the
settings can refuse it with the state, the day and the law it would break.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from steadfast.compliance.rules import (
    DAY_NAMES,
    FEDERAL_SOURCE,
    FEDERAL_WINDOW,
    STATE_RULES,
    WEEKDAYS,
    StateRule,
    rules_for,
)


def _law(code: str) -> StateRule:
    return STATE_RULES.get(code) or StateRule(
        code, dict.fromkeys(WEEKDAYS, FEDERAL_WINDOW), source=FEDERAL_SOURCE
    )


def looser_than_law(overrides: Mapping[str, Any]) -> list[str]:
    """What in `overrides` is looser than the law, one sentence each ([] when nothing is).

    Refuses (errors.Refused), as `rules_for` does, an override it cannot read."""
    rules = rules_for(overrides or None)
    problems: list[str] = []
    for key in overrides or {}:
        code = str(key).strip().upper()
        if code == "*":
            continue  # the firm's own policy over every lead can only narrow (rules_for)
        law, rule = _law(code), rules.states[code]
        source = law.source or FEDERAL_SOURCE
        for day in WEEKDAYS:
            allowed, wanted = law.windows[day], rule.windows[day]
            if wanted is None:
                continue
            if allowed is None:
                problems.append(
                    f"{code}, {DAY_NAMES[day]}: the law allows no calls or texts that day "
                    f"({source})"
                )
            elif wanted[0] < allowed[0] or wanted[1] > allowed[1]:
                problems.append(
                    f"{code}, {DAY_NAMES[day]}: {wanted[0]:%H:%M}\N{EN DASH}{wanted[1]:%H:%M} "
                    f"is longer than the law's {allowed[0]:%H:%M}\N{EN DASH}{allowed[1]:%H:%M} "
                    f"({source})"
                )
        if law.no_state_holidays and not rule.no_state_holidays:
            problems.append(f"{code}: the law allows no calls or texts on its holidays ({source})")
        if law.max_per_24h is not None and (
            rule.max_per_24h is None or rule.max_per_24h > law.max_per_24h
        ):
            problems.append(
                f"{code}: the law allows at most {law.max_per_24h} calls and texts in any "
                f"24 hours ({source})"
            )
        if not law.applies_to <= rule.applies_to:
            problems.append(f"{code}: the law covers texts as well as calls ({source})")
        missing = set(law.extra_holidays) - set(rule.extra_holidays)
        if missing:
            problems.append(f"{code}: the law also bans {', '.join(sorted(missing))} ({source})")
    return problems
