"""A manager returns bad leads: candidates → request → sealed packet → the vendor's answer →
the month's statement; and the vendor reads its returns through the API."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from steadfast import clock
from steadfast.audit.models import AuditEvent
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead, LeadSource, Note
from steadfast.leads.services import source_create
from steadfast.returns.models import Delivery, Dispute
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(firm: Firm) -> User:
    return make_user(firm, "maria@lakeshore.example", Role.MANAGER)


@pytest.fixture
def as_manager(manager: User) -> Client:
    client = Client()
    client.force_login(manager)
    return client


def _post(api_key: str, **fields) -> dict:
    body = {
        "first_name": "Jane",
        "phone": "+1 312 555 0142",
        "email": "jane@example.com",
        "state": "IL",
        "consent": {"call": True, "sms": True, "email": True},
        "consent_text": "I agree to be contacted by Lakeshore Injury Law.",
    }
    body.update(fields)
    response = Client().post(
        "/api/v1/leads",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code in (200, 201), response.content
    return response.json()


@pytest.fixture
def bad_leads(api_key: str) -> list[Lead]:
    texan = _post(
        api_key,
        external_id="tx-1",
        first_name="Tex",
        phone="+1 214 555 0199",
        email="tex@example.com",
        state="TX",
    )
    fake = _post(api_key, external_id="f-1", first_name="Fay", phone="", email="fay@@example")
    _post(
        api_key,
        external_id="ok-1",
        first_name="Olga",
        phone="+1 312 555 0177",
        email="olga@example.com",
    )
    return [Lead.objects.get(pk=texan["id"]), Lead.objects.get(pk=fake["id"])]


def test_it_keeps_the_delivery_byte_for_byte(api_key: str, bad_leads: list[Lead]):
    delivery = Delivery.objects.get(lead=bad_leads[0])
    assert delivery.via == "api"
    assert json.loads(delivery.body)["external_id"] == "tx-1"
    assert delivery.content_type == "application/json"


def test_it_walks_a_return_from_candidates_to_the_statement(
    as_manager: Client,
    bad_leads: list[Lead],
    source: LeadSource,
    now: datetime,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
):
    texan, fake = bad_leads
    page = as_manager.get("/returns/")
    assert page.status_code == 200
    assert b"Tex" in page.content and b"Outside the firm" in page.content
    assert b"Olga" not in page.content

    response = as_manager.post(
        "/returns/disputes/new/", {"source": source.pk, "lead": [texan.pk, fake.pk]}
    )
    dispute = Dispute.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/returns/disputes/{dispute.pk}/"
    )
    assert {i.reason for i in dispute.items.all()} == {"out_of_jurisdiction", "bad_email"}
    # Drafted leads are no longer offered again.
    assert b"Tex" not in as_manager.get("/returns/").content.split(b"Return requests")[0]

    as_manager.post(
        f"/returns/disputes/{dispute.pk}/action/",
        {"action": "submit", "how": "emailed to returns@injuryleads.example"},
    )
    dispute.refresh_from_db()
    assert dispute.state == "submitted" and len(dispute.packet_sha256) == 64
    assert Note.objects.filter(lead=texan, body__contains="Returned to InjuryLeads Co").exists()

    packet = as_manager.get(f"/returns/disputes/{dispute.pk}/packet.json")
    assert packet.status_code == 200 and packet["Cache-Control"] == "no-store"
    signed = json.loads(packet.content)
    assert signed["sha256"] == dispute.packet_sha256
    entry = next(e for e in signed["packet"]["leads"] if e["lead_id"] == texan.pk)
    assert entry["reason"] == "out_of_jurisdiction"
    assert json.loads(entry["delivered"]["body"])["state"] == "TX"
    assert entry["consent"][0]["text_shown"].startswith("I agree to be contacted")
    path = tmp_path / "packet.json"
    path.write_bytes(packet.content)
    call_command("returns", "verify", str(path))
    assert "unaltered" in capsys.readouterr().out
    path.write_bytes(packet.content.replace(b'"TX"', b'"IL"', 1))
    with pytest.raises(CommandError, match="altered"):
        call_command("returns", "verify", str(path))

    items = {i.lead_id: i for i in dispute.items.all()}
    as_manager.post(
        f"/returns/disputes/{dispute.pk}/action/",
        {
            "action": "resolve",
            f"item-{items[texan.pk].pk}": "accept",
            f"credit-{items[texan.pk].pk}": "45.00",
            f"item-{items[fake.pk].pk}": "reject",
            "vendor_reason": "Email typos are not returnable under our terms.",
        },
    )
    dispute.refresh_from_db()
    assert (dispute.state, dispute.credit) == ("partly_accepted", Decimal("45.00"))
    assert AuditEvent.objects.filter(action="dispute.resolve").exists()

    statement = as_manager.get(f"/returns/statement/?month={now:%Y-%m}&format=csv")
    rows = statement.content.decode().splitlines()
    assert rows[0].startswith("source,month,bought,cost,returnable")
    assert rows[1] == f"InjuryLeads Co,{now:%Y-%m},3,135.00,2,2,45.00,1,90.00"


def test_a_vendor_reads_its_returns_and_nothing_a_person_wrote(
    as_manager: Client,
    bad_leads: list[Lead],
    source: LeadSource,
    api_key: str,
    firm: Firm,
    now: datetime,
):
    texan, _ = bad_leads
    Note.objects.create(
        firm=firm, lead=texan, body="Client said confidential things", created_at=now
    )
    as_manager.post("/returns/disputes/new/", {"source": source.pk, "lead": [texan.pk]})
    dispute = Dispute.objects.get()
    assert Client().get(
        "/api/v1/returns", headers={"Authorization": f"Bearer {api_key}"}
    ).json() == {"items": []}

    as_manager.post(f"/returns/disputes/{dispute.pk}/action/", {"action": "submit"})
    answer = Client().get("/api/v1/returns", headers={"Authorization": f"Bearer {api_key}"})

    assert answer.status_code == 200
    [item] = answer.json()["items"]
    assert (item["lead_id"], item["reason"], item["state"]) == (
        texan.pk,
        "out_of_jurisdiction",
        "submitted",
    )
    assert "confidential" not in answer.content.decode()
    assert "Returned to" not in answer.content.decode()
    _, other_key = source_create(firm=firm, name="Other Vendor", now=now)
    other = Client().get("/api/v1/returns", headers={"Authorization": f"Bearer {other_key}"})
    assert other.json() == {"items": []}


def test_it_refuses_a_lead_that_is_not_returnable(
    as_manager: Client, api_key: str, source: LeadSource, bad_leads: list[Lead]
):
    olga = Lead.objects.get(first_name="Olga")

    response = as_manager.post(
        "/returns/disputes/new/", {"source": source.pk, "lead": [olga.pk]}, follow=True
    )

    assert f"lead {olga.pk}".encode() in response.content
    assert not Dispute.objects.exists()


def test_a_returnable_lead_past_its_window_cannot_be_drafted(
    as_manager: Client, bad_leads: list[Lead], source: LeadSource, now: datetime
):
    with clock.frozen(now + timedelta(days=8)):
        as_manager.post("/returns/disputes/new/", {"source": source.pk, "lead": [bad_leads[0].pk]})

    assert not Dispute.objects.exists()


def test_agents_and_other_firms_see_no_returns(
    bob: User, charlie: User, as_manager: Client, bad_leads: list[Lead], source: LeadSource
):
    as_manager.post("/returns/disputes/new/", {"source": source.pk, "lead": [bad_leads[0].pk]})
    dispute = Dispute.objects.get()
    agent, outsider = Client(), Client()
    agent.force_login(bob)
    outsider.force_login(charlie)

    assert agent.get("/returns/").status_code == 403
    assert outsider.get(f"/returns/disputes/{dispute.pk}/").status_code == 404
    assert outsider.get(f"/returns/leads/{bad_leads[0].pk}/packet.json").status_code == 404
    assert (
        outsider.post(f"/returns/disputes/{dispute.pk}/action/", {"action": "submit"}).status_code
        == 404
    )


def test_a_policy_is_edited_and_refused_when_unreachable_has_no_terms(
    as_manager: Client, source: LeadSource
):
    bad = as_manager.post(
        f"/returns/policy/{source.pk}/",
        {"window": "48", "window_unit": "hours", "reasons": ["unreachable"], "price": "45"},
    )
    assert bad.status_code == 400 and b"number of attempts" in bad.content

    ok = as_manager.post(
        f"/returns/policy/{source.pk}/",
        {
            "window": "2",
            "window_unit": "days",
            "reasons": ["disconnected", "duplicate"],
            "price": "52.50",
            "contact_email": "returns@injuryleads.example",
        },
    )
    assert ok.status_code == 302
    page = as_manager.get("/returns/")
    assert b"2 days" in page.content and b"returns@injuryleads.example" in page.content
    source.refresh_from_db()
    assert source.cost_per_lead == Decimal("52.50")


def test_the_pdf_packet_reads_back_with_the_evidence_and_its_hash(
    as_manager: Client, bad_leads: list[Lead], source: LeadSource, tmp_path: Path
):
    texan, fake = bad_leads
    as_manager.post("/returns/disputes/new/", {"source": source.pk, "lead": [texan.pk, fake.pk]})
    dispute = Dispute.objects.get()
    as_manager.post(f"/returns/disputes/{dispute.pk}/action/", {"action": "submit"})

    pdf = as_manager.get(f"/returns/disputes/{dispute.pk}/packet.pdf")

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "packet.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    dispute.refresh_from_db()
    assert f"Return request {dispute.pk} to InjuryLeads Co" in text
    assert "out_of_jurisdiction" in text and "bad_email" in text
    assert "Tex" in text and "fay@@example" in text
    assert dispute.packet_sha256[:32] in text.replace("\n", "").replace(" ", "")
