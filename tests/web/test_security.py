"""Content-Security-Policy on every page, no inline scripts, CSRF on, lead input escaped."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client

from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.firms.models import User
from steadfast.leads.models import Lead

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_it_sends_a_strict_content_security_policy_on_every_page(
    client: Client, as_user: Callable[[User], Client], alice: User, jane: Lead
):
    logged_in = as_user(alice)
    responses = [
        client.get("/login/"),
        logged_in.get("/queue/"),
        logged_in.get("/queue/waiting/"),
        logged_in.get("/leads/"),
        logged_in.get(f"/leads/{jane.pk}/"),
        logged_in.get("/outbox/"),
        logged_in.get("/settings/firm/"),
        logged_in.get("/leads/999999/"),
    ]
    for response in responses:
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy


def test_it_serves_pages_without_inline_scripts(
    as_user: Callable[[User], Client], alice: User, jane: Lead
):
    client = as_user(alice)
    for url in ["/queue/", "/leads/", f"/leads/{jane.pk}/", "/settings/sources/"]:
        page = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(page), url
        assert "/static/vendor/htmx/htmx.min.js" in page


def test_it_serves_htmx_from_the_npm_package(client: Client, db: None):
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in b"".join(response.streaming_content)


def test_it_refuses_a_post_without_the_csrf_token(alice: User, jane: Lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    call = Touch.objects.get(lead=jane, channel=TouchChannel.CALL, state=TouchState.PLANNED)
    response = client.post("/queue/outcome/", {"touch": call.pk, "outcome": "voicemail"})
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.state == TouchState.PLANNED


def test_it_gives_htmx_requests_the_csrf_token(as_user: Callable[[User], Client], alice: User):
    page = as_user(alice).get("/queue/").content.decode()
    token = re.search(r'<body hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'>', page)
    assert token and len(token.group(1)) >= 32


def test_it_shows_what_a_lead_typed_as_text(
    as_user: Callable[[User], Client], alice: User, capture: Callable[..., Lead]
):
    lead = capture(
        first_name="<script>alert(1)</script>",
        last_name='"><img src=x onerror=1>',
        phone="+1 312 555 0199",
        state="IL",
        message="<b>bold</b>",
        consent={"call": True},
    )
    client = as_user(alice)
    for url in ["/queue/", "/leads/", f"/leads/{lead.pk}/", "/leads/?q=script"]:
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page, url
        assert "<img src=x" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
    assert "&lt;b&gt;bold&lt;/b&gt;" in client.get(f"/leads/{lead.pk}/").content.decode()
