"""A manager reads the reports in a real browser: every report's chart and table, a range
and a source filter, and the CSV export."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from steadfast.firms.models import Role, User
from tests.analytics.conftest import History, history  # noqa: F401 - the fixture
from tests.conftest import make_user
from tests.web.test_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any, server_clock: datetime) -> str:
    return str(live_server.url)


@pytest.fixture
def manager(history: History) -> User:  # noqa: F811
    return make_user(history.firm, "maria@lakeshore.example", Role.MANAGER)


def test_a_manager_reads_every_report_filters_and_exports(
    page: Page,
    site: str,
    manager: User,
    tmp_path: Path,
):
    log_in(page, site, manager)
    page.get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name="Analytics: Speed to lead")).to_be_visible()

    page.get_by_label("From", exact=True).fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-03-31")
    page.get_by_role("button", name="Show").click()
    overall = page.get_by_role(
        "table", name="All leads, and those that arrived outside calling hours apart"
    )
    expect(overall.get_by_role("row", name="All leads")).to_contain_text("75%")
    expect(page.locator("#report-chart")).to_have_attribute("height", re.compile(r"^\d+$"))  # drawn

    for name in ("Contact rate", "Funnel", "Money", "Workload", "Nurture", "Forecast"):
        page.get_by_role("navigation", name="Reports").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=f"Analytics: {name}")).to_be_visible()
        expect(page.get_by_label("From", exact=True)).to_have_value("2026-03-01")
        expect(page.locator("table.report").first).to_be_visible()

    page.get_by_role("navigation", name="Reports").get_by_role("link", name="Funnel").click()
    page.get_by_label("Source", exact=True).select_option(label="Beta")
    page.get_by_role("button", name="Show").click()
    funnel = page.get_by_role("table", name="From arrival to signed, by source")
    expect(funnel.get_by_role("row", name="Beta")).to_be_visible()
    expect(funnel.get_by_role("row", name="Alpha")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    path = tmp_path / "funnel.csv"
    download.value.save_as(path)
    text = path.read_text()
    assert "Beta,3,2,1,0,0" in text and "Alpha" not in text
