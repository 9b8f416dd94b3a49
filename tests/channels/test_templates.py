import pytest

from steadfast.channels.default_templates import DEFAULT_TEMPLATES
from steadfast.channels.templates import (
    VARIABLES,
    TemplateProblem,
    context_for,
    render,
    sample_context,
    sms_segments,
    validate,
    variables_read,
)
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead

PARTS = [(key, part) for key, t in DEFAULT_TEMPLATES.items() for part in ("subject", "body", "html")
         if part in t]  # fmt: skip
TEXTS = [key for key, t in DEFAULT_TEMPLATES.items() if t["channel"] == "sms"]


def _names(context, prefix=""):
    for key, value in context.items():
        if isinstance(value, dict):
            yield from _names(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def _firm(**fields):
    defaults = {"name": "Lakeshore Injury Law", "slug": "lakeshore", "phone": "+13125550100",
                "states": ["IL", "WI"], "practice_areas": ["personal_injury", "workers_comp"],
                "address_line1": "200 N LaSalle St", "city": "Chicago", "region": "IL",
                "postal_code": "60601", "website": "https://lakeshore.example"}  # fmt: skip
    return Firm(**{**defaults, **fields})


def _lead(**fields):
    defaults = {"first_name": "Jane", "last_name": "Doe", "phone": "+13125550142",
                "email": "jane@example.com", "practice_area": "auto_accident"}  # fmt: skip
    return Lead(**{**defaults, **fields})


# --- the default texts ---------------------------------------------------------------------------


def test_it_has_a_default_for_every_step_of_the_default_cadence():
    assert set(DEFAULT_TEMPLATES) == {
        "first_call_script", "voicemail", "first_sms", "first_email", "second_call_script",
        "final_sms", "final_email", "nurture_email", "optout_confirmation", "help_reply",
        "optout_confirmation_es", "help_reply_es",
    }  # fmt: skip
    for key, template in DEFAULT_TEMPLATES.items():
        assert template["channel"] in ("call", "voicemail", "sms", "email"), key
        if template["channel"] == "email":
            assert template["subject"] and template["html"], key


@pytest.mark.parametrize(("key", "part"), PARTS)
def test_it_renders_every_default_with_no_unknown_variable(key, part):
    source = DEFAULT_TEMPLATES[key][part]
    assert validate(source) == []
    text = render(source, sample_context())
    assert text.strip() and "{{" not in text and "{%" not in text


def test_it_renders_every_default_for_a_real_lead_of_a_real_firm(capture, firm, bob):
    lead = capture(last_name="Doe", phone="(312) 555-0142", practice_area="personal_injury")
    context = context_for(lead, firm, agent=bob)
    for key, part in PARTS:
        text = render(DEFAULT_TEMPLATES[key][part], context)
        assert "{{" not in text, key
        if part == "body" and key not in ("first_call_script", "second_call_script"):
            assert "Lakeshore Injury Law" in text, key
    script = render(DEFAULT_TEMPLATES["first_call_script"]["body"], context)
    assert script.startswith("FIRST CALL: Jane Doe, (312) 555-0142 (personal injury inquiry)")


def test_it_writes_a_first_text_that_names_the_firm_and_how_to_stop_in_two_segments():
    context = sample_context()
    text = render(DEFAULT_TEMPLATES["first_sms"]["body"], context)
    assert "Lakeshore Injury Law" in text and "Reply STOP to opt out" in text
    assert "inquiry" in text and "(312) 555-0100" in text
    assert sms_segments(text).segments <= 2
    context["firm"]["name"] = "Anderson, Brightwater & Castellanos Injury Attorneys"
    context["lead"]["first_name"] = "Maximiliana"
    assert sms_segments(render(DEFAULT_TEMPLATES["first_sms"]["body"], context)).segments <= 2


@pytest.mark.parametrize("key", TEXTS)
def test_it_keeps_every_default_text_in_the_cheap_alphabet(key):
    # One curly apostrophe would make the whole text UCS-2: 70 characters a segment, not 160.
    info = sms_segments(render(DEFAULT_TEMPLATES[key]["body"], sample_context()))
    assert info.encoding == "GSM-7"
    assert info.segments <= 2


def test_it_writes_a_voicemail_naming_caller_firm_inquiry_and_number():
    context = sample_context()
    with_agent = render(DEFAULT_TEMPLATES["voicemail"]["body"], context)
    for words in ("Jane", "this is Bob from Lakeshore Injury Law", "inquiry", "(312) 555-0100"):
        assert words in with_agent
    context["agent"] = {"first_name": "", "full_name": ""}  # dropped automatically
    automatic = render(DEFAULT_TEMPLATES["voicemail"]["body"], context)
    assert "this is the intake team at Lakeshore Injury Law" in automatic


def test_it_asks_the_value_question_in_the_final_text_and_email():
    context = sample_context()
    question = "Would a brief 10-minute chat tomorrow be easier?"
    assert question in render(DEFAULT_TEMPLATES["final_sms"]["body"], context)
    assert question in render(DEFAULT_TEMPLATES["final_email"]["body"], context)
    assert render(DEFAULT_TEMPLATES["final_email"]["subject"], context) == question


def test_it_gives_the_first_email_detail_credentials_a_resource_and_the_address():
    context = sample_context()
    text = render(DEFAULT_TEMPLATES["first_email"]["body"], context)
    assert "car accident matter" in text
    assert "The firm has represented injured people" in text
    assert "Illinois and Wisconsin" in text
    assert "- The police or incident report number, if there is one" in text
    assert "200 N LaSalle St, Suite 1400, Chicago, IL 60601" in text
    assert "not legal advice" in text
    html = render(DEFAULT_TEMPLATES["first_email"]["html"], context)
    assert "<li>The police or incident report number, if there is one</li>" in html
    assert "200 N LaSalle St, Suite 1400, Chicago, IL 60601" in html


def test_it_confirms_an_opt_out_once_without_selling_anything():
    text = render(DEFAULT_TEMPLATES["optout_confirmation"]["body"], sample_context())
    assert text.startswith("Lakeshore Injury Law:")
    assert "won't hear from us again by text" in text
    assert "consultation" not in text and "?" not in text


def test_it_answers_help_with_name_contact_and_how_to_stop():
    text = render(DEFAULT_TEMPLATES["help_reply"]["body"], sample_context())
    for words in ("Lakeshore Injury Law", "(312) 555-0100", "Reply STOP to opt out"):
        assert words in text


# --- the variables -------------------------------------------------------------------------------


def test_it_documents_exactly_the_variables_it_provides():
    assert set(_names(sample_context())) == set(VARIABLES)
    assert set(_names(context_for(_lead(), _firm()))) == set(VARIABLES)


def test_it_builds_the_variables_from_a_lead_and_its_firm(bob):
    context = context_for(_lead(), _firm(), agent=bob)
    assert context["lead"]["full_name"] == "Jane Doe"
    assert context["lead"]["practice_area"] == "car accident"
    assert context["lead"]["phone"] == "(312) 555-0142"
    assert context["firm"]["phone"] == "(312) 555-0100"
    assert context["firm"]["postal_address"] == "200 N LaSalle St, Chicago, IL 60601"
    assert context["firm"]["practice_areas"] == "personal injury and workers' compensation"
    assert context["firm"]["service_area"] == "Illinois and Wisconsin"
    assert context["agent"]["first_name"] == "Bob"
    assert context["callback_number"] == "(312) 555-0100"
    assert context["resource"]["checklist"][0] == "The date and place of the accident or injury"


def test_it_reads_vendor_wording_and_unknown_practice_areas():
    assert context_for(_lead(practice_area="Car Accident"), _firm())["lead"]["practice_area"] == (
        "car accident"
    )
    assert context_for(_lead(practice_area="maritime_law"), _firm())["lead"]["practice_area"] == (
        "maritime law"
    )
    assert context_for(_lead(practice_area=""), _firm())["lead"]["practice_area"] == "legal"


def test_it_leaves_the_agent_empty_for_automatic_messages_and_takes_extra_values():
    context = context_for(
        _lead(), _firm(), extra={"callback_number": "(312) 555-0199", "resource": {"url": "x"}}
    )
    assert context["agent"] == {"first_name": "", "full_name": ""}
    assert context["callback_number"] == "(312) 555-0199"
    assert context["resource"]["url"] == "x" and context["resource"]["checklist"]


def test_it_gives_a_saved_lead_its_own_unsubscribe_link(capture, firm):
    lead = capture(email="jane@example.com")
    url = context_for(lead, firm)["unsubscribe_url"]
    assert "/u/" in url
    assert (
        url
        != context_for(capture(first_name="John", email="john@example.com"), firm)[
            "unsubscribe_url"
        ]
    )


def test_it_signs_the_unsubscribe_link_only_for_templates_that_read_it(capture, firm):
    # Signing the link costs more than filling in a text; a text rarely names it.
    lead = capture(email="jane@example.com")
    text, email = "Hi {{ lead.first_name }}", "{% set u = unsubscribe_url %}Stop: {{ u }}"
    assert variables_read(text) == {"lead"}
    assert variables_read(email) == {"unsubscribe_url"}
    assert variables_read("{{ lead.first_name") == set(VARIABLES)  # render says what is wrong
    assert context_for(lead, firm, reads=variables_read(text))["unsubscribe_url"] == ""
    signed = context_for(lead, firm, reads=variables_read(email))["unsubscribe_url"]
    assert signed == context_for(lead, firm)["unsubscribe_url"] and "/u/" in signed


# --- rendering and checking ----------------------------------------------------------------------


def test_it_names_a_misspelt_variable_and_suggests_the_right_one():
    with pytest.raises(TemplateProblem) as problem:
        render("Hi {{ lead.frist_name }}", sample_context())
    assert problem.value.message == (
        "unknown variable {{ lead.frist_name }} (did you mean {{ lead.first_name }}?)"
    )


def test_it_names_an_unknown_top_level_variable():
    with pytest.raises(TemplateProblem, match=r"unknown variable \{\{ nickname \}\}"):
        render("Hi {{ nickname }}", sample_context())


def test_it_reports_a_syntax_error_with_its_line():
    with pytest.raises(TemplateProblem, match=r"^line 2: "):
        render("Hi\n{{ lead.first_name }", sample_context())


@pytest.mark.parametrize(
    "source",
    ["{{ lead.__class__ }}", "{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}"],
)
def test_it_refuses_to_reach_python_internals(source):
    with pytest.raises(TemplateProblem, match="not allowed in a template"):
        render(source, sample_context())


def test_it_turns_any_other_failure_into_a_readable_problem():
    with pytest.raises(TemplateProblem, match="the template failed"):
        render("{{ lead.first_name + 1 }}", sample_context())
    with pytest.raises(TemplateProblem, match="a range may have at most 1000 numbers"):
        render("{% for i in range(10**9) %}{% endfor %}", sample_context())


def test_it_lists_every_unknown_variable_when_validating():
    problems = validate("Hi {{ lead.nickname }}, {{ firm.nmae }} {{ callback_numbr }} {{ x }}")
    assert problems == [
        "unknown variable {{ lead.nickname }} (did you mean {{ lead.first_name }}?)",
        "unknown variable {{ firm.nmae }} (did you mean {{ firm.name }}?)",
        "unknown variable {{ callback_numbr }} (did you mean {{ callback_number }}?)",
        "unknown variable {{ x }}",
    ]


def test_it_validates_a_good_template_and_reports_a_bad_one():
    assert validate("{% set who = lead.first_name %}Hi {{ who }}, {{ firm.name }}") == []
    assert validate("{% if booking_link %}Book: {{ booking_link }}{% endif %}") == []
    assert validate("{% if %}") == ["line 1: Expected an expression, got 'end of statement block'"]
    assert validate("{{ lead.first_name|shout }}") == ["line 1: No filter named 'shout'."]


def test_it_escapes_lead_data_in_html_but_not_in_text():
    context = {"lead": {"first_name": "<b>Jane</b> & co"}}
    assert render("<p>Hi {{ lead.first_name }}</p>", context) == (
        "<p>Hi &lt;b&gt;Jane&lt;/b&gt; &amp; co</p>"
    )
    assert render("Hi {{ lead.first_name }}", context) == "Hi <b>Jane</b> & co"
    assert render("{{ lead.first_name }}", context, html=True) == (
        "&lt;b&gt;Jane&lt;/b&gt; &amp; co"
    )


# --- SMS segments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "characters", "segments", "per_segment"),
    [
        ("", "GSM-7", 0, 0, 160),
        ("Hi Jane", "GSM-7", 7, 1, 160),
        ("a" * 160, "GSM-7", 160, 1, 160),
        ("a" * 161, "GSM-7", 161, 2, 153),
        ("a" * 306, "GSM-7", 306, 2, 153),
        ("a" * 307, "GSM-7", 307, 3, 153),
        ("{" * 80, "GSM-7", 160, 1, 160),  # extension characters count 2
        ("€" * 81, "GSM-7", 162, 2, 153),
        ("a" * 152 + "€" + "a" * 8, "GSM-7", 162, 2, 153),
        ("Café Ñoño Ü@£$¥", "GSM-7", 15, 1, 160),  # all in the basic table
        ("Café Ñandú", "UCS-2", 10, 1, 70),  # ú is not
        ("ç" * 70, "UCS-2", 70, 1, 70),  # lower-case ç is not
        ("ç" * 71, "UCS-2", 71, 2, 67),
        ("It\u2019s ok", "UCS-2", 7, 1, 70),  # a curly apostrophe
        ("😀" * 35, "UCS-2", 70, 1, 70),  # an emoji is two UTF-16 units
        ("😀" * 36, "UCS-2", 72, 2, 67),
    ],
)
def test_it_counts_sms_segments(text, encoding, characters, segments, per_segment):
    info = sms_segments(text)
    assert (info.encoding, info.characters, info.segments, info.per_segment) == (
        encoding, characters, segments, per_segment
    )  # fmt: skip


def test_it_never_splits_an_escape_or_a_surrogate_pair_across_segments():
    # 306 septets would fit 2 x 153, but the 2-septet € does not fit after 152 septets.
    assert sms_segments("a" * 152 + "€" + "a" * 152).segments == 3
    # 134 units would fit 2 x 67, but an emoji (2 units) does not fit after 66.
    assert sms_segments("aa" + "😀" * 66).segments == 3


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("{{ 'x'*5000000 }}", "this repetition would be 5,000,000 characters"),
        ("{{ 2**100000000 }}", "an exponent of 100000000 is too large"),
        ("{{ '%99999999s' % 'x' }}", "this format would be 99,999,999 characters"),
        ("{{ 'x'|center(100000000) }}", "the center filter's result would be"),
        ("{{ ('x'*1000)|replace('x', 'x'*1000) }}", "the replace filter's result would be"),
        ("{% for i in range(100000) %}x{% endfor %}", "a range may have at most 1000 numbers"),
        ("{% for i in range(999) %}{{ 'x'*999 }}{% endfor %}", "the message would be"),
    ],
)
def test_it_refuses_a_template_that_would_build_a_huge_text(source, problem):
    with pytest.raises(TemplateProblem, match=problem):
        render(source, {})


def test_it_stops_a_template_that_runs_too_long(monkeypatch):
    from steadfast.channels import templates

    monkeypatch.setattr(templates, "MAX_SECONDS", 0.0)  # out of time at the first check

    with pytest.raises(TemplateProblem, match="took longer than"):
        render("{% for i in range(3) %}{{ i }}{% endfor %}", {})


def test_it_still_fills_in_an_ordinary_template():
    assert render("{{ 'Hi' * 2 }} {{ '%3s' % 'a' }}{{ 'b'|center(3) }}", {}) == "HiHi   a b "
