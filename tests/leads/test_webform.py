"""The embeddable web form at /f/<form_token>/."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings

from steadfast import clock
from steadfast.compliance.models import ConsentRecord
from steadfast.leads.models import Lead, LeadSource
from steadfast.leads.webform import consent_wording

EMBEDDING_PAGE = "https://lakeshore-injury.example/contact"


@pytest.fixture
def form_url(source: LeadSource) -> str:
    return f"/f/{source.form_token}/"


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden field {name}"
    return found.group(1)


@pytest.fixture
def post(client: Client, form_url: str, now):
    """Load the form as a browser would, then submit it with these fields half a minute later."""

    def submit(url: str = "", consent: bool = True, **fields: Any) -> Any:
        page = client.get(url or form_url).content.decode()
        data = {
            "first_name": "Jane",
            "last_name": "Doe",
            "phone": "(312) 555-0142",
            "email": "jane@example.com",
            "state": "IL",
            "zip": "60601",
            "practice_area": "personal_injury",
            "message": "I was rear-ended on I-90.",
            "page": hidden(page, "page"),
            "submission": hidden(page, "submission"),
            "consent_wording": hidden(page, "consent_wording"),
            "shown": hidden(page, "shown"),
        }
        if consent:
            data["consent"] = "yes"
        data.update(fields)
        with clock.frozen(now + timedelta(seconds=30)):
            return client.post(url or form_url, data, HTTP_USER_AGENT="Mozilla/5.0 (Test)")

    return submit


def test_it_shows_an_accessible_form_that_other_sites_may_frame(client, form_url, source):
    response = client.get(form_url)

    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    html = response.content.decode()
    assert "<h1>Contact Lakeshore Injury Law</h1>" in html
    for name in (
        "first_name",
        "last_name",
        "phone",
        "email",
        "state",
        "zip",
        "practice_area",
        "message",
        "consent",
    ):
        assert f'<label for="id_{name}"' in html
        assert f'id="id_{name}"' in html
    assert '<option value="personal_injury">Personal injury</option>' in html
    assert "I agree that Lakeshore Injury Law may call and text me" in html
    assert "<script" not in html  # nothing a strict Content-Security-Policy would block


def test_the_rest_of_the_app_still_refuses_to_be_framed(client, form_url):
    form_policy = client.get(form_url).headers.get("Content-Security-Policy", "")
    admin = client.get("/admin/login/")

    assert "frame-ancestors 'none'" not in form_policy
    assert admin.headers["X-Frame-Options"] == "DENY"


def test_it_records_the_lead_with_the_exact_consent_wording_page_ip_and_browser(
    post, client, form_url, source
):
    source.form_consent_text = "Yes, Lakeshore may call & text me.\nReply STOP to stop."
    source.save()

    response = post(url=f"{form_url}?page={EMBEDDING_PAGE}")

    assert response.status_code == 200
    assert "Thank you, Jane" in response.content.decode()
    assert "Lakeshore Injury Law has your message" in response.content.decode()
    lead = Lead.objects.get()
    assert (lead.first_name, lead.phone, lead.email) == ("Jane", "+13125550142", "jane@example.com")
    assert (lead.source, lead.practice_area, lead.status) == (source, "personal_injury", "new")
    consents = ConsentRecord.objects.filter(lead=lead)
    assert sorted(c.channel for c in consents) == ["call", "email", "sms"]
    record = consents[0]
    assert record.text_shown == "Yes, Lakeshore may call & text me.\nReply STOP to stop."
    assert record.page_url == EMBEDDING_PAGE
    assert record.ip_address == "127.0.0.1"
    assert record.user_agent == "Mozilla/5.0 (Test)"
    assert record.source == "web_form"


def test_it_takes_the_embedding_page_from_the_referer_of_the_first_load(client, form_url):
    page = client.get(form_url, HTTP_REFERER=EMBEDDING_PAGE).content.decode()

    assert hidden(page, "page") == EMBEDDING_PAGE


def test_it_records_its_own_address_when_opened_directly(post, form_url):
    post()

    assert ConsentRecord.objects.first().page_url == f"http://testserver{form_url}"


def test_the_newsletter_is_its_own_box_and_only_a_ticked_one_opts_in(post):
    post(first_name="Ann", email="ann@example.com", phone="(312) 555-0101")
    post(first_name="Ben", email="ben@example.com", phone="(312) 555-0102", newsletter="yes")

    ann, ben = Lead.objects.get(first_name="Ann"), Lead.objects.get(first_name="Ben")
    assert ann.newsletter_opt_in_at is None
    assert ben.newsletter_opt_in_at is not None
    assert ben.newsletter_opt_in_evidence["consent_text"].startswith("Also send me")
    assert ben.newsletter_opt_in_evidence["via"] == "web_form"


def test_it_captures_a_lead_without_consent_when_the_box_is_left_unticked(post):
    response = post(consent=False)

    assert response.status_code == 200
    assert Lead.objects.count() == 1
    assert ConsentRecord.objects.count() == 0


def test_it_stores_nothing_when_the_honeypot_is_filled(post):
    response = post(contact_url="http://spam.example")

    assert "Thank you" in response.content.decode()
    assert Lead.objects.count() == 0


def test_it_hides_the_honeypot_from_people(client, form_url):
    html = client.get(form_url).content.decode()

    trap = re.search(r'<div class="sf-trap" aria-hidden="true">.*?</div>', html, re.S)
    assert trap and 'tabindex="-1"' in trap.group(0) and 'autocomplete="off"' in trap.group(0)


def test_it_shows_errors_next_to_the_fields_escaped_and_keeps_the_input(post):
    response = post(first_name="", phone="<b>555</b>", email="", last_name="x" * 101)

    html = response.content.decode()
    assert response.status_code == 200
    assert Lead.objects.count() == 0
    assert 'id="id_phone_error">This does not look like a phone number' in html
    assert 'id="id_last_name_error">String should have at most 100 characters' in html
    assert 'value="&lt;b&gt;555&lt;/b&gt;"' in html
    assert "<b>555</b>" not in html
    assert 'aria-invalid="true" aria-describedby="id_phone_error"' in html
    assert 'value="I was rear-ended' not in html  # the message is in the textarea
    assert ">I was rear-ended on I-90.</textarea>" in html
    assert "checked" in html.split('id="id_consent"')[1].split(">")[0]


def test_it_says_when_the_lead_api_rejects_the_input(post):
    html = post(first_name="   ").content.decode()

    assert 'id="id_first_name_error">must not be empty' in html
    assert Lead.objects.count() == 0


def test_it_refuses_an_area_the_firm_does_not_list(post):
    html = post(practice_area="tax_law").content.decode()

    assert "Please choose one of the listed areas." in html
    assert Lead.objects.count() == 0


def test_it_asks_again_when_the_consent_wording_changed_after_the_form_loaded(
    client, form_url, source, now
):
    page = client.get(form_url).content.decode()
    source.form_consent_text = "New wording."
    source.save()

    with clock.frozen(now + timedelta(seconds=30)):
        response = client.post(
            form_url,
            {
                "first_name": "Jane",
                "phone": "3125550142",
                "consent": "yes",
                "consent_wording": hidden(page, "consent_wording"),
                "submission": hidden(page, "submission"),
                "shown": hidden(page, "shown"),
            },
        )

    assert "has changed since the form was loaded" in response.content.decode()
    assert "New wording." in response.content.decode()
    assert Lead.objects.count() == 0


def test_a_double_submission_creates_one_lead(client, form_url, now):
    page = client.get(form_url).content.decode()
    data = {
        "first_name": "Jane",
        "phone": "3125550142",
        "submission": hidden(page, "submission"),
        "shown": hidden(page, "shown"),
    }

    with clock.frozen(now + timedelta(seconds=30)):
        client.post(form_url, data)
        client.post(form_url, data)

    assert Lead.objects.count() == 1


def test_it_thanks_an_out_of_state_person_and_keeps_the_lead_as_invalid(post):
    response = post(state="TX", zip="", phone="2145550100")

    assert "Thank you" in response.content.decode()
    lead = Lead.objects.get()
    assert (lead.status, lead.status_reason) == ("invalid", "out_of_jurisdiction")


def test_it_accepts_posts_from_other_sites_without_a_csrf_token(form_url, now):
    client = Client(enforce_csrf_checks=True)
    shown = hidden(client.get(form_url).content.decode(), "shown")

    with clock.frozen(now + timedelta(seconds=30)):
        response = client.post(
            form_url, {"first_name": "Jane", "phone": "3125550142", "shown": shown}
        )

    assert response.status_code == 200
    assert Lead.objects.count() == 1


def test_an_unknown_or_inactive_form_is_not_found(client, form_url, source):
    assert client.get("/f/no-such-token/").status_code == 404
    source.active = False
    source.save()
    assert client.get(form_url).status_code == 404
    assert client.post(form_url, {"first_name": "Jane", "phone": "3125550142"}).status_code == 404
    assert Lead.objects.count() == 0


def test_the_default_wording_names_the_firm(source):
    assert consent_wording(source).count("Lakeshore Injury Law") == 2


@override_settings(
    SECURE_CSP={"default-src": ["'self'"], "frame-ancestors": ["'none'"]},
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
)
def test_it_widens_only_frame_ancestors_of_a_content_security_policy(client, form_url):
    policy = client.get(form_url).headers["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "frame-ancestors *" in policy


def test_it_ignores_a_page_parameter_that_is_not_a_web_address(client, form_url):
    page = client.get(f"{form_url}?page=javascript:alert(1)").content.decode()

    assert hidden(page, "page") == f"http://testserver{form_url}"


# --- Abuse: time on the page and rate limits ----------------------------------------------


def test_it_stores_nothing_posted_sooner_than_a_person_could_fill_in_the_form(
    client, form_url, now
):
    page = client.get(form_url).content.decode()
    data = {"first_name": "Jane", "phone": "3125550142", "shown": hidden(page, "shown")}

    with clock.frozen(now + timedelta(seconds=1)):
        response = client.post(form_url, data)

    assert "quicker than we expected" in response.content.decode()
    assert Lead.objects.count() == 0
    with clock.frozen(now + timedelta(seconds=5)):  # the same form, sent again a bit later
        client.post(form_url, {**data, "shown": hidden(response.content.decode(), "shown")})
    assert Lead.objects.count() == 1


@pytest.mark.parametrize("shown", [None, "", "forged", "eyJhdCI6MH0:1abc:xyz"])
def test_it_stores_nothing_posted_without_a_valid_time_on_page_stamp(client, form_url, now, shown):
    data = {"first_name": "Jane", "phone": "3125550142"}
    if shown is not None:
        data["shown"] = shown

    with clock.frozen(now + timedelta(seconds=30)):
        response = client.post(form_url, data)

    assert response.status_code == 200
    assert "expired" in response.content.decode()
    assert Lead.objects.count() == 0


def test_it_refuses_a_stamp_of_another_form(client, form_url, firm, now):
    from steadfast.leads.services import source_create

    other, _ = source_create(firm=firm, name="Website", now=now)
    shown = hidden(client.get(f"/f/{other.form_token}/").content.decode(), "shown")

    with clock.frozen(now + timedelta(seconds=30)):
        client.post(form_url, {"first_name": "Jane", "phone": "3125550142", "shown": shown})

    assert Lead.objects.count() == 0


def test_it_limits_posts_from_one_address_with_429_and_retry_after(post, settings):
    settings.STEADFAST_RATE_LIMIT_FORM_IP = (3, 60)

    answers = [post(phone=f"312555{i:04d}").status_code for i in range(5)]

    assert answers == [200, 200, 200, 429, 429]
    assert Lead.objects.count() == 3


def test_it_counts_each_address_apart_and_each_form_as_a_whole(client, form_url, now, settings):
    settings.STEADFAST_RATE_LIMIT_FORM_IP = (1, 60)
    settings.STEADFAST_RATE_LIMIT_FORM_TOKEN = (2, 3600)
    shown = hidden(client.get(form_url).content.decode(), "shown")

    def post_from(address: str, phone: str) -> Any:
        with clock.frozen(now + timedelta(seconds=30)):
            return client.post(
                form_url,
                {"first_name": "Jane", "phone": phone, "shown": shown},
                REMOTE_ADDR=address,
            )

    assert post_from("198.51.100.1", "3125550101").status_code == 200
    assert post_from("198.51.100.2", "3125550102").status_code == 200
    refused = post_from("198.51.100.3", "3125550103")  # a third address, but the form is full
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "try again" in refused.content.decode()
    assert Lead.objects.count() == 2


def test_the_limit_lifts_when_its_window_has_passed(client, form_url, settings, now):
    settings.STEADFAST_RATE_LIMIT_FORM_IP = (1, 60)
    shown = hidden(client.get(form_url).content.decode(), "shown")

    def post_at(seconds: int, phone: str) -> Any:
        with clock.frozen(now + timedelta(seconds=seconds)):
            return client.post(form_url, {"first_name": "Jane", "phone": phone, "shown": shown})

    assert post_at(30, "3125550101").status_code == 200
    refused = post_at(31, "3125550102")
    assert refused.status_code == 429
    assert post_at(31 + int(refused["Retry-After"]), "3125550102").status_code == 200
    assert Lead.objects.count() == 2
