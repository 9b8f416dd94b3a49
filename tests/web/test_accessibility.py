"""WCAG 2.1 AA and a keyboard that never loses or falsifies data, in a real browser (Debian's
Chromium through Playwright): axe-core on every page of the navigation, reflow at 320 px,
Enter in the note, focus across polls, the live region, shortcuts off, accented search; and a
team of two agents in two browser contexts.

Polls are driven from the test (the queue's polled parts also answer a `steadfast:poll` event),
never by waiting on the wall clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from steadfast.channels.library import templates_seed
from steadfast.channels.models import MessageTemplate
from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.firms.models import Firm, OutboundNumber, Role, User
from steadfast.leads.models import Lead, LeadSource, Note
from steadfast.nurture.services import programs_seed
from tests.conftest import make_user
from tests.web.test_browser import PASSWORD, SECONDS, log_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Resolves with the statuses of the queue's polled requests, once each has been swapped in
# (or answered 204, which swaps nothing).
POLL = """() => new Promise(resolve => {
  const polled = document.querySelectorAll('[hx-trigger*="steadfast:poll"]').length;
  const statuses = [];
  let waiting = polled;
  const finish = (status) => { statuses.push(status); if (--waiting === 0) {
    document.body.removeEventListener('htmx:afterRequest', onRequest);
    document.body.removeEventListener('htmx:afterSettle', onSettle);
    setTimeout(() => resolve(statuses), 0); } };
  const onRequest = (e) => { if (e.detail.xhr.status === 204) finish(204); };
  const onSettle = (e) => { if (e.detail.xhr && e.detail.xhr.status === 200) finish(200); };
  document.body.addEventListener('htmx:afterRequest', onRequest);
  document.body.addEventListener('htmx:afterSettle', onSettle);
  htmx.trigger(document.body, 'steadfast:poll');
})"""


@pytest.fixture
def site(live_server: Any, server_clock: datetime) -> str:
    return str(live_server.url)


@pytest.fixture(autouse=True)
def _no_script_errors(page: Page) -> Iterator[None]:
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield
    assert problems == []


def poll(page: Page) -> list[int]:
    return list(page.evaluate(POLL))


def post_lead(page: Page, site: str, api_key: str, first: str, last: str, phone: str) -> None:
    answer = page.request.post(
        f"{site}/api/v1/leads",
        headers={"Authorization": f"Bearer {api_key}"},
        data={
            "first_name": first,
            "last_name": last,
            "phone": phone,
            "state": "IL",
            "consent": {"call": True, "sms": True, "email": True},
        },
    )
    assert answer.status == 201


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.tagName"))


# --- axe-core and reflow ---------------------------------------------------------------------


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        f"{page.url} {v['id']} ({v['impact']}): "
        + "; ".join(json.dumps(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
    ]


@pytest.fixture
def furnished(firm: Firm, alice: User, jane: Lead, source: LeadSource) -> Firm:
    """A firm with something on every page: a lead, a number, people, templates."""
    OutboundNumber.objects.create(firm=firm, e164="+13125550100", label="Main", is_default=True)
    make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    templates_seed(firm=firm)
    return firm


def nav_pages(page: Page, site: str) -> list[str]:
    page.goto(f"{site}/settings/")
    links = page.locator("nav[aria-label='Main'] a, nav[aria-label='Settings'] a, .who a")
    hrefs = {str(h) for h in links.evaluate_all("els => els.map(e => e.getAttribute('href'))")}
    return sorted(h for h in hrefs if h.startswith("/"))


def test_axe_finds_no_wcag_aa_violation_on_any_page(
    browser: Browser, site: str, furnished: Firm, alice: User, jane: Lead, source: LeadSource
):
    # axe is injected as a script: this context alone lets it past the Content-Security-Policy.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    violations = axe_violations_logged_out(page, site, source)
    log_in(page, site, alice)
    pages = nav_pages(page, site)
    assert {"/queue/", "/leads/", "/outbox/", "/settings/firm/", "/profile/"} <= set(pages)
    [program, *_] = programs_seed(firm=furnished)
    step = program.steps.first()
    assert step is not None
    nurture_pages = [
        f"/nurture/programs/{program.pk}/",
        f"/nurture/programs/{program.pk}/steps/{step.pk}/",
        "/nurture/campaigns/new/",
    ]
    for path in [*pages, "/queue/team/", f"/leads/{jane.pk}/", *nurture_pages]:
        page.goto(f"{site}{path}")
        violations += axe_violations(page)
    # The lead page with errors, and a page with a message.
    page.goto(f"{site}/leads/{jane.pk}/")
    page.get_by_label("Send as").select_option("email")
    page.get_by_label("Message", exact=True).fill("Hi Jane, do you have a minute today?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".field-error").first).to_be_visible()
    violations += axe_violations(page)
    page.goto(f"{site}/profile/")
    page.get_by_label("Your phone for click-to-call").fill("12")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".field-error").first).to_be_visible()
    violations += axe_violations(page)
    page.get_by_label("Your phone for click-to-call").fill("")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".flash")).to_be_visible()
    violations += axe_violations(page)
    context.close()
    assert violations == []


def axe_violations_logged_out(page: Page, site: str, source: LeadSource) -> list[str]:
    page.goto(f"{site}/f/{source.form_token}/")
    found = axe_violations(page)
    page.get_by_role("button").last.click()  # sent empty: the form shows its errors
    found += axe_violations(page)
    page.goto(f"{site}/login/")
    return found + axe_violations(page)


# The innermost elements that reach past the right edge, to name the culprit in a failure.
WIDEST = """Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > 321 && !Array.from(e.children).some(
    c => c.getBoundingClientRect().right > 321))
  .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
    + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')"""
REFLOW_PAGES = [
    "/leads/{lead}/",
    "/settings/firm/",
    "/settings/numbers/",
    "/settings/users/",
    "/settings/bar-rules/",
    "/bar-holds/",
]


def test_every_page_reflows_to_320_pixels_without_scrolling_sideways(
    browser: Browser, site: str, furnished: Firm, alice: User, jane: Lead
):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    log_in(page, site, alice)
    template = MessageTemplate.objects.filter(firm=furnished).order_by("id").first()
    assert template is not None
    wide = []
    for path in [
        *REFLOW_PAGES,
        f"/settings/templates/{template.pk}/",
        "/queue/",
        "/leads/",
        "/profile/",
    ]:
        page.goto(site + path.format(lead=jane.pk))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{path}: {width}px, {page.evaluate(WIDEST)}")
    context.close()
    assert wide == []


# --- The keyboard in the call queue ---------------------------------------------------------


def test_enter_in_the_note_logs_no_outcome(page: Page, site: str, bob: User, jane: Lead):
    log_in(page, site, bob)
    note = page.get_by_label("Note (optional)")
    note.fill("Spoke to her sister 5 min")
    note.press("Enter")
    # Nothing was posted: the call is still Jane's and still open, the note still typed.
    expect(page.locator("#current-heading")).to_have_text("Jane Doe")
    expect(note).to_have_value("Spoke to her sister 5 min")
    call = Touch.objects.get(lead=jane, channel=TouchChannel.CALL, step=1)
    assert call.state == TouchState.PLANNED

    page.get_by_role("button", name="Voicemail").click()
    expect(page.locator("#announcer")).to_have_text("Logged “Voicemail” for Jane Doe.")
    call.refresh_from_db()
    assert call.outcome == "voicemail"
    # The note went with the outcome the person chose, once.
    assert list(Note.objects.filter(lead=jane).values_list("body", flat=True)) == [
        "Spoke to her sister 5 min"
    ]


def test_polling_never_moves_focus_on_an_empty_queue(page: Page, site: str, bob: User):
    log_in(page, site, bob)
    expect(page.get_by_role("heading", name="No call due")).to_be_visible()
    page.get_by_role("link", name="Leads").focus()
    for _ in range(4):
        assert poll(page) == [204, 204]  # nothing changed: nothing swapped
        assert page.evaluate("document.activeElement.textContent") == "Leads"


def test_polling_keeps_focus_on_a_waiting_list_link_of_a_full_queue(
    page: Page, site: str, bob: User, jane: Lead, api_key: str
):
    log_in(page, site, bob)
    link = page.locator("#queue-waiting a", has_text="Jane Doe")
    link.focus()
    before = focused_id(page)
    assert poll(page) == [204]
    post_lead(page, site, api_key, "Omar", "Haddad", "+1 312 555 0166")
    assert poll(page) == [200]  # Omar joined the list: it was redrawn…
    expect(page.locator("#queue-waiting")).to_contain_text("Omar Haddad")
    assert focused_id(page) == before  # …and focus stayed on Jane's link
    for _ in range(3):
        assert poll(page) == [204]
        assert focused_id(page) == before


def test_the_live_region_announces_a_new_lead_and_the_logged_outcome(
    page: Page, site: str, bob: User, api_key: str
):
    log_in(page, site, bob)
    announcer = page.locator("#announcer")
    expect(announcer).to_have_text("")
    page.get_by_role("link", name="Leads").focus()
    post_lead(page, site, api_key, "Omar", "Haddad", "+1 312 555 0166")

    assert sorted(poll(page)) == [200, 200]

    expect(announcer).to_contain_text("New lead: Omar Haddad.")
    expect(page.locator("#current-heading")).to_have_text("Omar Haddad")
    assert page.evaluate("document.activeElement.textContent") == "Leads"  # not moved
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("1")
    expect(announcer).to_have_text("Logged “No answer” for Omar Haddad.")


def test_shortcuts_can_be_turned_off_and_never_fire_outside_the_card(
    page: Page, site: str, bob: User, jane: Lead, capture: Callable[..., Lead]
):
    capture(first_name="Ken", phone="+1 312 555 0177", state="IL", consent={"call": True})
    log_in(page, site, bob)
    # Focus on a link of the waiting list: the number keys are a screen reader's, not ours.
    page.locator("#queue-waiting a").first.focus()
    page.keyboard.press("1")
    expect(page.locator("#current-heading")).to_have_text("Jane Doe")

    page.get_by_role("link", name="My profile").click()
    page.get_by_label("Number keys 1 to 6 log a call outcome in the call queue").uncheck()
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".flash")).to_have_text("Profile saved.")
    page.get_by_role("link", name="Call queue").click()
    expect(page.locator("#queue-current kbd")).to_have_count(0)
    page.locator("#current-heading").focus()
    page.keyboard.press("3")
    expect(page.locator("#current-heading")).to_have_text("Jane Doe")
    assert Touch.objects.get(lead=jane, channel=TouchChannel.CALL, step=1).state == "planned"


def test_search_ignores_accents_and_case(
    page: Page, site: str, bob: User, capture: Callable[..., Lead]
):
    capture(first_name="José", last_name="Núñez", phone="+1 312 555 0190", state="IL",
            consent={"call": True})  # fmt: skip
    capture(first_name="Ann", last_name="Other", phone="+1 312 555 0191", state="IL",
            consent={"call": True})  # fmt: skip
    log_in(page, site, bob)
    for query in ("nunez", "NÚÑEZ", "jose nun"):
        page.goto(f"{site}/leads/")
        page.get_by_label("Search name, phone or email").fill(query)
        page.get_by_label("Search name, phone or email").press("Enter")
        expect(page.get_by_role("link", name="José Núñez")).to_be_visible()
        expect(page.get_by_role("link", name="Ann Other")).to_have_count(0)


# --- A team in two browsers -----------------------------------------------------------------


def test_two_agents_in_two_browsers_are_shown_different_calls(
    browser: Browser, site: str, firm: Firm, bob: User, jane: Lead, capture: Callable[..., Lead]
):
    capture(first_name="Ken", last_name="Adams", phone="+1 312 555 0177", state="IL",
            consent={"call": True})  # fmt: skip
    ann = make_user(firm, "ann@lakeshore.example", Role.AGENT, password=PASSWORD)
    bobs, anns = browser.new_context(), browser.new_context()
    bob_page, ann_page = bobs.new_page(), anns.new_page()

    log_in(bob_page, site, bob)
    log_in(ann_page, site, ann)

    expect(bob_page.locator("#current-heading")).to_have_text("Jane Doe")
    expect(ann_page.locator("#current-heading")).to_have_text("Ken Adams")
    expect(ann_page.locator("#queue-waiting")).to_contain_text("Jane Doe")
    expect(ann_page.locator("#queue-waiting")).to_contain_text("with Bob")
    # Ann logs her call; Jane stays with Bob, so Ann has none.
    ann_page.get_by_role("button", name="No answer").click()
    expect(ann_page.get_by_role("heading", name="No call due")).to_be_visible(timeout=5 * SECONDS)
    expect(bob_page.locator("#current-heading")).to_have_text("Jane Doe")
    bobs.close()
    anns.close()


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(css: str) -> float:
        red, green, blue = (int(c) / 255 for c in css[css.index("(") + 1 : -1].split(",")[:3])
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_stands_out_three_to_one(page: Page, site: str, bob: User, jane: Lead):
    log_in(page, site, bob)
    page.get_by_label("Note (optional)").focus()
    page.keyboard.press("Shift+Tab")  # from the keyboard: the ring is :focus-visible
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    card = page.evaluate(
        "getComputedStyle(document.getElementById('queue-current')).backgroundColor"
    )
    paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert contrast(ring, card) >= 3 and contrast(ring, paper) >= 3
