"""Statements with the code's constants written in (`prepared.constants`), and a column among many
values (`prepared.among`)."""

from __future__ import annotations

import pytest

from steadfast.db import prepared
from steadfast.dispatch.models import TouchState


def test_it_writes_a_constant_in_as_a_literal_and_leaves_the_parameters():
    sql = prepared.constants(
        "SELECT id FROM dispatch_touch WHERE state = %(planned)s AND lead_id = %(lead)s",
        planned=TouchState.PLANNED,
    )
    assert sql == "SELECT id FROM dispatch_touch WHERE state = 'planned' AND lead_id = %(lead)s"


@pytest.mark.parametrize("value", ["it's", "a b", "x; DROP TABLE leads_lead", ""])
def test_it_takes_nothing_but_a_plain_word(value):
    with pytest.raises(ValueError, match="not a constant"):
        prepared.constants("SELECT %(x)s", x=value)


@pytest.mark.django_db
def test_among_finds_the_rows_with_any_of_the_values_and_refuses_none(firm):
    from steadfast.db.prepared import among, execute

    test, params = among("id", [firm.pk, -1])
    assert execute(f"SELECT id FROM firms_firm WHERE {test}", params).rows == [(firm.pk,)]  # noqa: S608 - placeholders only
    with pytest.raises(ValueError, match="at least one"):
        among("id", [])
