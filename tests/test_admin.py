"""The Django admin: every model of the domain apps is there, opens, and evidence stays put."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from steadfast.audit.models import AuditEvent
from steadfast.channels.library import templates_seed
from steadfast.channels.models import LeadNumber, MessageTemplate, OutboxMessage, ProviderSend
from steadfast.compliance.models import (
    BarHold,
    BarRuleSettings,
    ConsentRecord,
    ReplyReview,
    Suppression,
)
from steadfast.dispatch.models import Touch
from steadfast.firms.models import Closure, Firm, Invitation, OutboundNumber, User
from steadfast.leads.models import LeadSource, Note, StatusChange

APPS = ("firms", "leads", "compliance", "dispatch", "audit", "channels")


def domain_models() -> list[type[Model]]:
    return [m for label in APPS for m in apps.get_app_config(label).get_models()]


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    # Hashing with the production work factor takes a noticeable time per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def root(db) -> User:
    return User.objects.create_superuser("root@steadfast.test", "correct horse 1")


@pytest.fixture
def operator(client: Client, root: User) -> Client:
    """The superuser, logged in through the admin's own login page."""
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "root@steadfast.test", "password": "correct horse 1"},
    )
    assert response.status_code == 302, "the superuser could not log in"
    return client


@pytest.fixture
def one_of_everything(firm: Firm, root: User, alice: User, capture, now: datetime) -> None:
    """At least one row of every model in the domain apps."""
    number = OutboundNumber.objects.create(
        firm=firm, e164="+13125550100", area_code="312", state="IL", is_default=True
    )
    Closure.objects.create(firm=firm, date=now.date(), name="Firm retreat")
    Invitation.objects.create(
        firm=firm,
        email="nora@lakeshore.example",
        token_hash="0" * 64,
        created_at=now,
        expires_at=now + timedelta(days=7),
    )
    lead = capture(
        first_name="Jane",
        phone="3125550142",
        email="jane@example.com",
        state="IL",
        consent={"call": True, "sms": True},
        consent_text="I agree",
    )
    Note.objects.create(firm=firm, lead=lead, author=root, body="Call after 5", created_at=now)
    ReplyReview.objects.create(
        firm=firm, lead=lead, channel="sms", text="not interested", channels=["call", "sms"],
        created_at=now,
    )  # fmt: skip
    Suppression.objects.create(
        firm=firm, channel="sms", value=lead.phone, reason="opt_out", lead=lead, created_at=now
    )
    touch = Touch.objects.get_or_create(
        lead=lead,
        channel="call",
        defaults={"firm": firm, "due_at": now, "created_at": now, "reason": "arrival"},
    )[0]
    OutboxMessage.objects.create(
        firm=firm,
        provider_id="console-1",
        channel="sms",
        to_address=lead.phone,
        from_address=firm.phone,
        body="Hello Jane",
        created_at=now,
    )
    ProviderSend.objects.create(
        firm=firm,
        provider="twilio",
        channel="sms",
        touch=touch,
        to_address=lead.phone,
        provider_id="SM123",
        created_at=now,
        updated_at=now,
    )
    LeadNumber.objects.get_or_create(
        lead=lead,
        defaults={"firm": firm, "number": number, "why": "area code 312", "chosen_at": now},
    )
    templates_seed(firm=firm)
    BarRuleSettings.objects.create(firm=firm, overrides={"TX.waiting_period": {"days": 31}})
    BarHold.objects.create(
        firm=firm, lead=lead, rule="PA.live_contact", why="bar rule PA.live_contact", created_at=now
    )


def test_it_has_an_admin_for_every_model_of_the_domain_apps():
    missing = [m.__name__ for m in domain_models() if m not in admin.site._registry]

    assert missing == []


@pytest.mark.usefixtures("one_of_everything")
@pytest.mark.parametrize("model", domain_models(), ids=lambda m: m.__name__)
def test_it_opens_each_models_list_search_and_change_page(operator: Client, model: type[Model]):
    info = (model._meta.app_label, model._meta.model_name)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model.__name__} to open"

    listing = operator.get(reverse("admin:{}_{}_changelist".format(*info)))
    search = operator.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "jane"})
    page = operator.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))

    assert listing.status_code == 200
    assert search.status_code == 200
    assert page.status_code == 200


@pytest.mark.usefixtures("one_of_everything")
@pytest.mark.parametrize(
    "model", [AuditEvent, ConsentRecord, StatusChange], ids=lambda m: m.__name__
)
def test_it_never_lets_evidence_be_added_changed_or_deleted(operator: Client, model):
    obj = model._default_manager.order_by("pk").first()
    before = model._default_manager.count()
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    page = operator.get(reverse(f"{name}_change", args=[obj.pk]))
    change = operator.post(reverse(f"{name}_change", args=[obj.pk]), {"action": "tampered"})
    delete = operator.post(reverse(f"{name}_delete", args=[obj.pk]), {"post": "yes"})
    add = operator.get(reverse(f"{name}_add"))

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (change.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    assert model._default_manager.count() == before
    fresh = model._default_manager.get(pk=obj.pk)
    assert all(getattr(fresh, f.attname) == getattr(obj, f.attname) for f in model._meta.fields)


def test_it_never_shows_or_edits_a_sources_key_hash(operator: Client, source: LeadSource):
    url = reverse("admin:leads_leadsource_change", args=[source.pk])

    html = operator.get(url).content.decode()
    operator.post(
        url,
        {
            "name": "Renamed",
            "kind": "api",
            "cost_per_lead": "45.00",
            "return_window_days": "7",
            "active": "on",
            "api_key_hash": "0" * 64,
            "api_key_prefix": "deadbeef",
        },
    )

    assert source.api_key_hash not in html
    assert 'name="api_key_prefix"' not in html
    assert 'name="api_key_revoked_at"' not in html
    assert f"/f/{source.form_token}/" in html
    fresh = LeadSource.objects.get(pk=source.pk)
    assert fresh.name == "Renamed"
    assert (fresh.api_key_hash, fresh.api_key_prefix) == (
        source.api_key_hash,
        source.api_key_prefix,
    )


def test_it_revokes_a_sources_key_so_the_vendor_gets_401(operator: Client, source, api_key, api):
    operator.post(
        reverse("admin:leads_leadsource_changelist"),
        {"action": "revoke_keys", "_selected_action": [source.pk]},
    )

    response = api("post", "/leads", {"first_name": "Jane", "phone": "3125550142"})

    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="source.key_revoked", object_id=str(source.pk))


def test_it_adds_a_person_who_logs_in_with_their_email(operator: Client):
    response = operator.post(
        reverse("admin:firms_user_add"),
        {
            "email": "Dana@Lakeshore.example",
            "usable_password": "true",
            "password1": "a long passphrase 7",
            "password2": "a long passphrase 7",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="dana@lakeshore.example")
    assert user.check_password("a long passphrase 7")


def test_it_keeps_people_without_staff_rights_out(client: Client, bob: User):
    client.force_login(bob)

    response = client.get(reverse("admin:leads_lead_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_a_note_added_here_belongs_to_its_leads_firm(operator: Client, capture, root, now):
    lead = capture(first_name="Jane", phone="3125550142")

    operator.post(
        reverse("admin:leads_note_add"),
        {"lead": lead.pk, "body": "Prefers Spanish", "remind_at_0": "", "remind_at_1": ""},
    )

    note = Note.objects.get()
    assert (note.firm, note.author, note.created_at) == (lead.firm, root, now)
    assert note.created_at + timedelta(0) == now


def test_it_edits_a_templates_wording_through_the_validating_service(operator: Client, firm):
    template = templates_seed(firm=firm)[0]
    url = reverse("admin:channels_messagetemplate_change", args=[template.pk])
    fields = {"subject": template.subject, "html": template.html}

    broken = operator.post(url, {**fields, "body": "Hi {{ lead.frist_name }}"})
    saved = operator.post(url, {**fields, "body": "Hi {{ lead.first_name }}, it's {{ firm.name }}"})

    assert broken.status_code == 200
    assert "frist_name" in broken.content.decode()
    assert saved.status_code == 302
    fresh = MessageTemplate.objects.get(pk=template.pk)
    assert fresh.body == "Hi {{ lead.first_name }}, it's {{ firm.name }}"
    event = AuditEvent.objects.get(action="template.updated")
    assert event.changes["changed"] == ["body"]


def test_the_admin_refuses_compliance_overrides_the_rule_table_would_reject(firm):
    from django.core.exceptions import ValidationError

    firm.compliance_overrides = {"IL": {"window": ["07:00", "20:00"]}}
    with pytest.raises(ValidationError, match="IL"):
        firm.full_clean()
    firm.compliance_overrides = {"IL": {"window": ["09:00", "20:00"]}}
    firm.full_clean()
