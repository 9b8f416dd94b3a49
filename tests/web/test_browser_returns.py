"""A manager returns bad leads in a real browser: the candidates list → a batch request →
the PDF → the vendor's answer with a credit → the vendor statement."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from tests.conftest import make_user
from tests.web.test_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any, server_clock: datetime) -> str:
    return str(live_server.url)


@pytest.fixture
def manager(firm: Firm) -> User:
    return make_user(firm, "maria@lakeshore.example", Role.MANAGER)


def test_a_manager_returns_bad_leads_and_records_the_credit(
    page: Page,
    site: str,
    manager: User,
    capture: Callable[..., Lead],
    tmp_path: Path,
    now: datetime,
):
    texan = capture(first_name="Tex", phone="+1 214 555 0199", email="tex@example.com", state="TX")
    capture(first_name="Fay", email="fay@@example", state="IL")
    capture(first_name="Olga", phone="+1 312 555 0177", email="olga@example.com", state="IL")
    log_in(page, site, manager)

    page.get_by_role("link", name="Returns").click()
    expect(page.get_by_role("heading", name="Vendor returns")).to_be_visible()
    candidates = page.get_by_role("table", name="Returnable leads from InjuryLeads Co")
    expect(candidates.get_by_role("row")).to_have_count(3)  # header + Tex + Fay, not Olga
    expect(candidates).to_contain_text("Outside the firm's states")
    page.get_by_role("button", name="Draft a return request for the ticked leads").click()

    expect(page.get_by_role("heading", name="Return request")).to_contain_text("InjuryLeads Co")
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    page.get_by_label("How it was sent").fill("emailed to returns@injuryleads.example")
    page.get_by_role("button", name="Mark submitted to the vendor").click()
    expect(page.get_by_role("status")).to_contain_text("the packet is sealed")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    pdf = tmp_path / "packet.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "InjuryLeads Co" in text and "out_of_jurisdiction" in text and "bad_email" in text

    page.get_by_role("radio", name="rejected").last.check()
    page.get_by_label("Credit for Tex").fill("45.00")
    page.get_by_label("The vendor's answer").fill("Typos in the email are not returnable.")
    page.get_by_role("button", name="Record the vendor's answer").click()
    expect(page.get_by_role("status")).to_contain_text("Partly accepted: credit $45.00")

    page.get_by_role("link", name="Vendor statement").click()
    row = page.get_by_role("row", name="InjuryLeads Co")
    expect(row).to_contain_text("$45.00")
    expect(row.get_by_role("cell").nth(5)).to_have_text("1")  # rejected
    texan.refresh_from_db()
    assert texan.status == "invalid"
