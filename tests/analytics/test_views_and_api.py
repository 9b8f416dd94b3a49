"""The analytics pages and exports as a manager uses them, and outcomes from the firm's own
system through the API."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from steadfast.analytics.models import CaseFee, SourceSpend
from steadfast.analytics.services import integration_token_create
from steadfast.firms.models import Role
from steadfast.leads.models import Lead, StatusChange
from steadfast.leads.services import source_create
from tests.analytics.conftest import History, chicago
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

RANGE = "start=2026-03-01&end=2026-03-31"


@pytest.fixture
def manager_client(history: History) -> Client:
    client = Client()
    client.force_login(make_user(history.firm, "maria@lakeshore.example", Role.MANAGER))
    return client


@pytest.mark.parametrize(
    "report", ["speed", "contact", "funnel", "money", "workload", "nurture", "forecast"]
)
def test_every_report_shows_a_chart_and_its_table(manager_client: Client, report: str):
    page = manager_client.get(f"/analytics/?report={report}&{RANGE}")

    assert page.status_code == 200
    assert b'id="report-chart-data"' in page.content and b"<table" in page.content
    assert b"chart.umd.min.js" in page.content


def test_the_speed_table_shows_the_hand_computed_figures(manager_client: Client):
    page = manager_client.get(f"/analytics/?report=speed&{RANGE}").content.decode()

    assert (
        '<th scope="row">All leads</th><td>5</td><td>3.0 min</td><td>8.0 min</td><td>75%</td>'
        in page
    )


def test_a_source_filter_narrows_the_report(manager_client: Client, history: History):
    csv = manager_client.get(
        f"/analytics/?report=funnel&{RANGE}&source={history.alpha.pk}&format=csv"
    )

    text = csv.content.decode()
    assert "Alpha,2,2,2,1,1" in text and "Beta" not in text


def test_bad_filters_are_named_and_never_a_server_error(manager_client: Client):
    page = manager_client.get(
        "/analytics/?report=nope&start=yesterday&source=abc&agent=%C2%B2&end=2026-02-31"
    )

    assert page.status_code == 400
    body = page.content.decode()
    assert "start: not a date" in body and "report: one of" in body
    assert "source: &#x27;abc&#x27;" in body and "end: not a date" in body


def test_csv_cells_cannot_become_formulas(manager_client: Client, history: History):
    source_create(firm=history.firm, name='=HYPERLINK("http://x")', now=chicago(1, 0))

    csv = manager_client.get(f"/analytics/?report=money&{RANGE}&format=csv")

    assert csv["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in csv.content.decode()
    assert "\n=HYPERLINK" not in csv.content.decode()


def test_the_monthly_pdf_reads_back(manager_client: Client, tmp_path: Path):
    pdf = manager_client.get("/analytics/report.pdf?month=2026-03")

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Lakeshore Injury Law: intake report for March 2026" in text
    assert "Speed to lead" in text and "Forecast" in text and "Alpha" in text


def test_agents_and_other_firms_do_not_see_analytics(history: History, bob, charlie):
    agent, outsider = Client(), Client()
    agent.force_login(bob)
    outsider.force_login(charlie)

    assert agent.get("/analytics/").status_code == 403
    page = outsider.get(f"/analytics/?report=funnel&{RANGE}&source={history.alpha.pk}")
    assert page.status_code == 200 and b"Alpha" not in page.content


def test_the_firms_system_reports_a_signed_case_once(history: History, api_key: str):
    _, key = integration_token_create(firm=history.firm, name="Clio", now=chicago(2, 9))
    ben = history.leads["ben"]
    url = f"/api/v1/firm/leads/{ben.pk}/outcome"
    auth = {"Authorization": f"Bearer {key}"}

    first = Client().post(
        url,
        json.dumps({"status": "signed", "fee": "7500.00"}),
        content_type="application/json",
        headers=auth,
    )
    again = Client().post(
        url,
        json.dumps({"status": "signed", "fee": "7500.00"}),
        content_type="application/json",
        headers=auth,
    )

    assert first.status_code == 200 and first.json()["changed"] is True
    assert again.json() == {"id": ben.pk, "status": "signed", "fee": "7500.00", "changed": False}
    assert StatusChange.objects.filter(lead=ben, to_status="signed").count() == 1
    assert CaseFee.objects.get(lead=ben).fee == Decimal("7500.00")
    vendor = Client().post(
        url,
        json.dumps({"status": "signed"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert vendor.status_code == 401
    wrong = Client().post(
        url, json.dumps({"status": "won"}), content_type="application/json", headers=auth
    )
    assert wrong.status_code == 422
    assert Lead.objects.get(pk=ben.pk).status == "signed"


def test_a_token_never_reaches_another_firms_lead(history: History, other_firm, capture):
    _, key = integration_token_create(firm=other_firm, name="Other", now=chicago(2, 9))

    answer = Client().post(
        f"/api/v1/firm/leads/{history.leads['ben'].pk}/outcome",
        json.dumps({"status": "declined"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert answer.status_code == 404
    assert Lead.objects.get(pk=history.leads["ben"].pk).status == "engaged"


def test_the_command_creates_and_revokes_a_token(history: History, capsys):
    call_command("integrations", "create", "--name", "Clio")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    ok = Client().post(
        f"/api/v1/firm/leads/{history.leads['ben'].pk}/outcome",
        json.dumps({"status": "qualified"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert ok.status_code == 200

    call_command("integrations", "revoke", "--name", "Clio")
    refused = Client().post(
        f"/api/v1/firm/leads/{history.leads['ben'].pk}/outcome",
        json.dumps({"status": "declined"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert refused.status_code == 401


def test_spend_imports_from_a_file_all_or_nothing(manager_client: Client, history: History):
    bad = SimpleUploadedFile(
        "spend.csv", b"source,month,amount\nBeta,2026-03,300\nGamma,2026-03,5\n"
    )
    page = manager_client.post("/analytics/money/", {"file": bad}, follow=True)
    assert "row 3: source: no source named &#x27;Gamma&#x27;" in page.content.decode()
    assert SourceSpend.objects.get(source=history.beta).amount == Decimal(250)  # unchanged

    good = SimpleUploadedFile(
        "spend.csv", '\ufeffsource,month,amount\nbeta,2026-03,"$1,300.50"\n'.encode()
    )
    manager_client.post("/analytics/money/", {"file": good})

    assert SourceSpend.objects.get(source=history.beta).amount == Decimal("1300.50")


def test_a_manager_records_a_signed_cases_fee_on_the_lead_page(
    manager_client: Client, history: History, bob, charlie
):
    ann, ben = history.leads["ann"], history.leads["ben"]
    url = f"/leads/{ann.pk}/fee/"

    page = manager_client.get(f"/leads/{ann.pk}/").content.decode()
    assert "$5,000.00" in page and 'action="' + url + '"' in page

    saved = manager_client.post(url, {"fee-fee": "12500"}, follow=True).content.decode()
    assert "Case fee $12,500.00 recorded." in saved and "$12,500.00" in saved
    money = manager_client.get(f"/analytics/?report=money&{RANGE}&format=csv").content.decode()
    alpha = next(line for line in money.splitlines() if line.startswith("Alpha,$80.00"))
    assert alpha.endswith('1,"$12,500.00",156.2x,cost per lead')  # signed, fees, return

    # Bad input is named and changes nothing; an unsigned lead has no fee to record.
    for bad in ("-1", "abc", "1e12", ""):
        answer = manager_client.post(url, {"fee-fee": bad})
        assert answer.status_code == 400, bad
    refused = manager_client.post(f"/leads/{ben.pk}/fee/", {"fee-fee": "100"})
    assert refused.status_code == 400
    assert "only be recorded for a signed case" in refused.content.decode()
    assert not CaseFee.objects.filter(lead=ben).exists()
    assert CaseFee.objects.get(lead=ann).fee == Decimal("12500.00")

    # An intake specialist sees the fee but cannot change it; another firm cannot reach it.
    agent = Client()
    agent.force_login(bob)
    assert "Save fee" not in agent.get(f"/leads/{ann.pk}/").content.decode()
    assert agent.post(url, {"fee-fee": "1"}).status_code == 403
    outsider = Client()
    outsider.force_login(charlie)
    assert outsider.post(url, {"fee-fee": "1"}).status_code in (403, 404)
    assert CaseFee.objects.get(lead=ann).fee == Decimal("12500.00")
