"""The default programs a firm starts with: plain, general information for its practice areas,
each email signed with the firm's name and postal address and the no-legal-advice line (the
provider adds the unsubscribe footer and headers). Low frequency, as the seed advises: an email
about every two months, and one text check-in in the first half-year, to leads with SMS consent.
"""

from __future__ import annotations

from typing import TypedDict

_SIGN_OFF = """If you would like to talk about your situation, reply to this email, call us at \
{{ callback_number }}, or use this link and we will call you: {{ talk_url }}

Kind regards,
{{ firm.name }}
{{ firm.postal_address }}
{{ firm.phone }}{% if firm.website %} | {{ firm.website }}{% endif %}

This email is general information, not legal advice. Contacting us does not create an \
attorney-client relationship."""

CHECK_IN_SMS = (
    "Hi {{ lead.first_name }}, it's {{ firm.name }}. You contacted us a while ago about a "
    "{{ lead.practice_area }} matter. If you still have questions, reply here or call "
    "{{ callback_number }}. Reply STOP to opt out."
)


class StepText(TypedDict):
    channel: str
    delay_weeks: int
    subject: str
    body: str


def _email(delay_weeks: int, subject: str, text: str) -> StepText:
    body = "Hi {{ lead.first_name }},\n\n" + text.strip() + "\n\n" + _SIGN_OFF
    return {"channel": "email", "delay_weeks": delay_weeks, "subject": subject, "body": body}


def _check_in(delay_weeks: int) -> StepText:
    return {"channel": "sms", "delay_weeks": delay_weeks, "subject": "", "body": CHECK_IN_SMS}


_DEADLINES = _email(
    8,
    "How long you have to bring a claim",
    """
Every state sets a deadline, called a statute of limitations, for bringing a claim to court. \
For injury claims it is often two or three years from the day of the injury, but it can be \
shorter: claims against a city, a county or a state agency may need written notice within \
months, and some deadlines run from the day the injury was discovered rather than the day it \
happened.

Once a deadline has passed, a court will usually not hear the claim, however strong it is. \
Which deadline applies depends on what happened, where, and who was involved, so if you are \
unsure, it is worth asking a lawyer in {{ firm.service_area }} sooner rather than later.
""",
)

_FEES = _email(
    9,
    "What a contingency fee means",
    """
Many injury lawyers work on a contingency fee: you pay no fee up front, and the lawyer's fee \
is a share of what is recovered for you. If nothing is recovered, there is no fee.

A few things are worth asking about any fee agreement: what the percentage is and whether it \
changes if the case goes to trial, who pays case costs such as records and expert reports, and \
whether those costs come out before or after the fee is calculated. A good agreement is in \
writing and answers all of these plainly.
""",
)

DEFAULT_PROGRAMS: dict[str, tuple[str, list[StepText]]] = {
    "personal_injury": (
        "Personal injury",
        [
            _email(
                4,
                "What to do in the weeks after an injury",
                """
Some time ago you contacted {{ firm.name }} about a {{ lead.practice_area }} matter. Here is \
some general information that people in a similar situation have found useful.

- Keep going to your medical appointments and keep every bill and report.
- Write down what you remember while it is fresh: dates, places, names of witnesses.
- Keep photos of your injuries and of the scene, and any letters from insurance companies.
- Be careful what you sign or say to an insurance adjuster before you understand your rights.
""",
            ),
            _DEADLINES,
            _check_in(4),
            _FEES,
        ],
    ),
    "auto_accident": (
        "Car accidents",
        [
            _email(
                4,
                "What to do after a car accident",
                """
Some time ago you contacted {{ firm.name }} about a car accident. Here is some general \
information that people after a crash have found useful.

- Get checked by a doctor even if you felt fine at first: some injuries show up later.
- Ask for the police report number and keep a copy of the report.
- Keep photos of the vehicles, the scene and your injuries, and the other driver's insurance.
- The other driver's insurer may call you. You do not have to give a recorded statement.
""",
            ),
            _DEADLINES,
            _check_in(4),
            _FEES,
        ],
    ),
    "workers_comp": (
        "Workers' compensation",
        [
            _email(
                4,
                "Workers' compensation: the first steps",
                """
Some time ago you contacted {{ firm.name }} about a workers' compensation matter. Here is some \
general information that injured workers have found useful.

- Tell your employer about the injury in writing, and keep a copy. States set short deadlines \
for this notice, sometimes a matter of weeks.
- Keep every medical note, especially any work restrictions your doctor gives you.
- Workers' compensation usually pays medical care and part of lost wages, whoever was at fault.
""",
            ),
            _email(
                8,
                "If your workers' compensation claim is denied",
                """
A denied or stopped workers' compensation claim is not always the end. Most states have a \
commission or board that hears disputes, with its own forms and deadlines for asking for a \
hearing. Keep the denial letter, note the date you received it, and keep records of your \
treatment and missed work.
""",
            ),
            _check_in(4),
            _email(
                9,
                "Going back to work after an injury",
                """
If your doctor allows you back with restrictions, ask for them in writing and give a copy to \
your employer. If the work offered does not respect them, or your pay is lower while you \
recover, benefits may still be owed. Questions like these are worth asking before you agree \
to a settlement.
""",
            ),
        ],
    ),
    "medical_malpractice": (
        "Medical malpractice",
        [
            _email(
                4,
                "Questions after a medical error",
                """
Some time ago you contacted {{ firm.name }} about a medical malpractice matter. Here is some \
general information that people in a similar situation have found useful.

- You have a right to a copy of your medical records. Ask each provider in writing.
- Write down a timeline: who treated you, when, and what you were told.
- A bad outcome is not always malpractice; a lawyer usually has a doctor review the records \
before a case is brought.
""",
            ),
            _email(
                8,
                "Deadlines for medical malpractice claims",
                """
Medical malpractice claims have their own deadlines, often counted from when the injury was or \
should have been discovered, and an outside limit after which no claim can be brought, \
whatever was known. Many states also require a doctor's written report before a case can be \
filed. If you are unsure where you stand, it is worth asking a lawyer in \
{{ firm.service_area }} soon.
""",
            ),
            _check_in(4),
            _FEES,
        ],
    ),
    "": (
        "General",
        [
            _email(
                4,
                "Information from {{ firm.name }}",
                """
Some time ago you contacted {{ firm.name }} about a {{ lead.practice_area }} matter. Now and \
then we send general information that people in a similar situation have found useful.

- Keep every letter, notice, contract and court paper about the matter in one place.
- Write down a short timeline of what happened, with dates.
- Many legal matters have deadlines set by law, so it helps to get questions answered early.
""",
            ),
            _DEADLINES,
            _check_in(4),
        ],
    ),
}
