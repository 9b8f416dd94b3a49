"""The contact report shows what learned call timing believes: the answer model's heat map."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from steadfast.firms.models import Role
from tests.analytics.conftest import History
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _model_rows(page: str) -> dict[str, list[str]]:
    table = page[page.index("Learned call timing: the answer rate the model expects") :]
    table = table[: table.index("</table>")]
    rows = {}
    for day, cells in re.findall(r'<th scope="row">(\w+)</th>(.*?)</tr>', table):
        rows[day] = re.findall(r"<td>(.*?)</td>", cells)
    return rows


def test_the_contact_report_shows_the_models_rates_with_the_calls_behind_them(history: History):
    client = Client()
    client.force_login(make_user(history.firm, "maria@lakeshore.example", Role.MANAGER))
    page = client.get("/analytics/?report=contact&start=2026-03-01&end=2026-03-31")
    assert page.status_code == 200
    html = page.content.decode()
    rows = _model_rows(html)
    assert list(rows) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    hours = list(range(8, 21))
    tue_16, tue_15 = rows["Tue"][hours.index(16)], rows["Tue"][hours.index(15)]
    assert tue_16.endswith("(1)") and tue_15.endswith("(1)")  # one call each, as logged
    rate = lambda cell: int(cell.split("%")[0])  # noqa: E731
    assert rate(tue_16) > rate(tue_15)  # answered at 16 h, not at 15 h
    assert rows["Sun"][hours.index(12)].endswith("(0)")  # no calls: the firm's rate, no count
    assert 'class="report heat"' in html[html.index("Learned call timing") - 400 :]
