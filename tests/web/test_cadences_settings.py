"""Settings: the firm's cadences (manager+). A saved cadence shapes the plan of the next lead
that arrives; leads already in a cadence keep the steps they started with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from steadfast.audit.models import AuditEvent
from steadfast.cadences.definition import DEFAULT_CADENCE, parse_definition
from steadfast.cadences.models import Cadence, Enrollment
from steadfast.cadences.services_admin import cadence_copy_default
from steadfast.dispatch.models import Direction, Touch
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from tests.conftest import make_user

STEP_DEFAULTS: dict[str, Any] = {
    "start": "arrival",
    "of": "",
    "delay": "0m",
    "business_days": "0",
    "template": "",
    "template_email": "",
    "voicemail_template": "",
    "label": "",
}
TEXT_FIRST = [
    {"n": 1, "action": "sms", "template": "first_sms", "label": "Text at once"},
    {
        "n": 2,
        "action": "call",
        "start": "done",
        "of": 1,
        "delay": "10m",
        "template": "first_call_script",
        "voicemail_template": "voicemail",
    },
]


def cadence_form(steps: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """The editor's POST: the cadence's fields and one step form per step."""
    data: dict[str, Any] = {
        "name": "Text first",
        "practice_area": "",
        "source": "",
        "is_default": "on",
        "active": "on",
        "cap_call": "3",
        "cap_sms": "2",
        "cap_email": "2",
        "action": "save",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "50",
    }
    for i, step in enumerate(steps):
        for key, value in {**STEP_DEFAULTS, **step}.items():
            if key in ("other_part_of_day", "DELETE"):
                if value:
                    data[f"steps-{i}-{key}"] = "on"
            else:
                data[f"steps-{i}-{key}"] = value
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def default_steps() -> list[dict[str, Any]]:
    """The built-in default's steps as the editor posts them."""
    steps = []
    for step in parse_definition(DEFAULT_CADENCE).steps:
        row = step.model_dump()
        if isinstance(step.template, dict):
            row["template"], row["template_email"] = step.template["sms"], step.template["email"]
        row["of"] = step.of or ""
        row["outcomes"] = list(step.outcomes)
        steps.append(row)
    return steps


@pytest.fixture
def mia(firm: Firm) -> User:
    """Lakeshore's intake manager."""
    return make_user(firm, "mia@lakeshore.example", Role.MANAGER)


@pytest.fixture
def copied(firm: Firm, mia: User, now: Any) -> Cadence:
    return cadence_copy_default(firm=firm, now=now, actor=mia)


def planned(lead: Lead) -> list[tuple[int | None, str]]:
    return [
        (t.step, t.channel)
        for t in Touch.objects.filter(lead=lead, direction=Direction.OUT).order_by("due_at", "id")
    ]


def test_it_copies_the_builtin_default_into_a_cadence_of_the_firm(
    as_user: Callable[[User], Client], mia: User, firm: Firm
):
    client = as_user(mia)
    page = client.get("/settings/cadences/default/").content.decode()
    assert "read-only" in page and "Text after the missed call" in page
    second = DEFAULT_CADENCE["steps"][1]
    assert f"when step 1 ends {' or '.join(second['outcomes']).replace('_', ' ')}" in page

    response = client.post("/settings/cadences/default/copy/")

    cadence = Cadence.objects.get(firm=firm)
    assert response.status_code == 302
    assert response["Location"] == f"/settings/cadences/{cadence.pk}/"
    assert cadence.is_default and cadence.active and cadence.version == 1
    assert (
        cadence.definition["steps"]
        == parse_definition(DEFAULT_CADENCE).model_dump(mode="json")["steps"]
    )
    assert AuditEvent.objects.filter(action="cadence.created", actor=mia).exists()
    editor = client.get(response["Location"]).content.decode()
    assert editor.count("data-step>") == len(DEFAULT_CADENCE["steps"])
    assert '<option value="first_sms" selected>' in editor


def test_it_lists_the_firms_cadences_beside_the_builtin_default(
    as_user: Callable[[User], Client], mia: User, copied: Cadence
):
    page = as_user(mia).get("/settings/cadences/").content.decode()

    assert copied.name in page and "Every lead no narrower cadence fits" in page
    assert "built in, read-only" in page
    assert "not used: the firm has its own default" in page


def test_it_uses_a_saved_cadence_for_the_next_lead_while_an_earlier_lead_keeps_its_plan(
    as_user: Callable[[User], Client],
    mia: User,
    firm: Firm,
    capture: Callable[..., Lead],
    api: Callable[..., Any],
):
    earlier = capture(
        first_name="Earl",
        phone="+1 312 555 0111",
        email="earl@example.com",
        state="IL",
        consent={"call": True, "sms": True, "email": True},
    )
    plan_before = planned(earlier)
    assert plan_before[0] == (1, "call")

    saved = as_user(mia).post("/settings/cadences/new/", cadence_form(TEXT_FIRST))
    assert saved.status_code == 302
    cadence = Cadence.objects.get(firm=firm, name="Text first")

    posted = api(
        "post",
        "/leads",
        {
            "first_name": "Nia",
            "phone": "+1 312 555 0166",
            "email": "nia@example.com",
            "state": "IL",
            "consent": {"call": True, "sms": True, "email": True},
        },
    )
    assert posted.status_code == 201
    assert posted.json()["next_touch"]["channel"] == "sms"
    later = Lead.objects.get(pk=posted.json()["id"])
    assert planned(later) == [(1, "sms")]
    assert later.enrollment.cadence == cadence
    # The earlier lead goes on with the steps it started with.
    assert planned(earlier) == plan_before
    earlier_enrollment = Enrollment.objects.get(lead=earlier)
    assert earlier_enrollment.cadence is None
    assert len(earlier_enrollment.definition["steps"]) == len(DEFAULT_CADENCE["steps"])


def test_it_saves_an_edit_as_the_next_version(
    as_user: Callable[[User], Client], mia: User, copied: Cadence, capture: Callable[..., Lead]
):
    capture(first_name="Earl", phone="+1 312 555 0111", state="IL", consent={"call": True})
    client = as_user(mia)
    page = client.get(f"/settings/cadences/{copied.pk}/").content.decode()
    assert "1 lead is in this cadence now and keeps the steps it started with" in page
    assert "Leads already enrolled keep their own copy of the steps" in page
    steps = default_steps()
    steps[1]["delay"] = "10m"

    response = client.post(
        f"/settings/cadences/{copied.pk}/", cadence_form(steps, name=copied.name, cap_sms="1")
    )

    assert response.status_code == 302
    copied.refresh_from_db()
    assert copied.version == 2
    assert copied.definition["steps"][1]["delay"] == "10m"
    assert copied.definition["caps"]["sms"] == 1
    event = AuditEvent.objects.get(action="cadence.updated")
    assert event.actor == mia and event.changes["version"] == 2
    # Saving the same again is no new version.
    client.post(
        f"/settings/cadences/{copied.pk}/", cadence_form(steps, name=copied.name, cap_sms="1")
    )
    copied.refresh_from_db()
    assert copied.version == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"outcomes": []},
            "step 2: start &#x27;outcome&#x27; needs the outcomes it waits for",
        ),
        ({"delay": "5 minutes"}, "step 2: delay: &#x27;5 minutes&#x27; is not a duration"),
        ({"delay": "91d"}, "step 2: delay: &#x27;91d&#x27; is too long: at most 90 days"),
        (
            {"delay": "999999999d"},
            "step 2: delay: &#x27;999999999d&#x27; is too long: at most 90 days",
        ),
        (
            {"delay": "99999999999d"},
            "step 2: delay: &#x27;99999999999d&#x27; is too long: at most 90 days",
        ),
        ({"of": 4}, "step 2: “of step” must name an earlier step"),
        ({"action": ""}, "Choose what this step does."),
        ({"template": "first_email"}, "step 2: the template &#x27;first_email&#x27; is an email"),
        ({"template": ""}, "step 2: a text needs a template"),
    ],
)
def test_it_refuses_a_step_that_does_not_work_naming_it_and_changes_nothing(
    as_user: Callable[[User], Client],
    mia: User,
    copied: Cadence,
    change: dict[str, Any],
    message: str,
):
    before = (copied.definition, copied.version)
    steps = default_steps()
    steps[1].update(change)

    response = as_user(mia).post(
        f"/settings/cadences/{copied.pk}/", cadence_form(steps, name=copied.name)
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing was changed." in page
    copied.refresh_from_db()
    assert (copied.definition, copied.version) == before
    assert not AuditEvent.objects.filter(action="cadence.updated").exists()


def test_it_refuses_a_cadence_without_steps_or_with_a_taken_name(
    as_user: Callable[[User], Client], mia: User, copied: Cadence
):
    client = as_user(mia)

    empty = client.post(
        "/settings/cadences/new/", cadence_form([{**TEXT_FIRST[0], "DELETE": True}])
    )
    taken = client.post("/settings/cadences/new/", cadence_form(TEXT_FIRST, name=copied.name))

    assert empty.status_code == 400
    assert "a cadence needs at least one step" in empty.content.decode()
    assert taken.status_code == 400
    assert "already has a cadence called" in taken.content.decode()
    assert Cadence.objects.count() == 1


def test_it_keeps_one_default_per_firm(
    as_user: Callable[[User], Client], mia: User, copied: Cadence
):
    as_user(mia).post("/settings/cadences/new/", cadence_form(TEXT_FIRST))

    copied.refresh_from_db()
    assert not copied.is_default
    assert Cadence.objects.get(name="Text first").is_default


def test_it_starts_a_new_cadence_with_a_first_call_and_adds_empty_step_forms(
    as_user: Callable[[User], Client], mia: User
):
    client = as_user(mia)
    new = client.get("/settings/cadences/new/").content.decode()
    assert new.count("data-step>") == 1
    assert '<option value="call" selected>' in new
    assert '<option value="first_call_script" selected>' in new

    row = client.get("/settings/cadences/step/", {"steps-TOTAL_FORMS": "3"})

    page = row.content.decode()
    assert row.status_code == 200
    assert 'name="steps-3-n" value="4"' in page
    assert 'name="steps-3-DELETE"' in page
    assert 'name="steps-TOTAL_FORMS" value="4"' in page and 'hx-swap-oob="true"' in page


def test_it_adds_a_step_without_scripts_too(
    as_user: Callable[[User], Client], mia: User, firm: Firm
):
    response = as_user(mia).post(
        "/settings/cadences/new/", cadence_form(TEXT_FIRST, action="add_step")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="steps-2-n" value="3"' in page
    assert not Cadence.objects.filter(firm=firm).exists()


def test_it_keeps_agents_out_of_cadences(
    as_user: Callable[[User], Client], bob: User, copied: Cadence
):
    client = as_user(bob)
    before = (copied.definition, copied.version)

    for page in [
        "/settings/cadences/",
        "/settings/cadences/new/",
        "/settings/cadences/default/",
        "/settings/cadences/step/",
        f"/settings/cadences/{copied.pk}/",
    ]:
        assert client.get(page).status_code == 403, page
    assert client.post("/settings/cadences/new/", cadence_form(TEXT_FIRST)).status_code == 403
    assert client.post("/settings/cadences/default/copy/").status_code == 403
    assert (
        client.post(
            f"/settings/cadences/{copied.pk}/", cadence_form(TEXT_FIRST, name=copied.name)
        ).status_code
        == 403
    )
    assert Cadence.objects.count() == 1
    copied.refresh_from_db()
    assert (copied.definition, copied.version) == before


def test_it_answers_404_for_another_firms_cadence(
    as_user: Callable[[User], Client], charlie: User, copied: Cadence
):
    client = as_user(charlie)
    before = (copied.definition, copied.version)

    assert client.get(f"/settings/cadences/{copied.pk}/").status_code == 404
    response = client.post(
        f"/settings/cadences/{copied.pk}/", cadence_form(TEXT_FIRST, name="Hijacked")
    )
    assert response.status_code == 404
    copied.refresh_from_db()
    assert (copied.definition, copied.version, copied.name) == (*before, copied.name)
    assert copied.name != "Hijacked"
    assert copied.name not in client.get("/settings/cadences/").content.decode()
