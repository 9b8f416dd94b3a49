"""The default wording of every step of the default cadence (PRODUCT.md §1), which a firm edits.

Plain and professional, as a law firm writes: no hype, no legal advice, no promise of a result
(ABA Model Rule 7.1), the firm named in every message (Rule 7.2(d); CTIA: the sender is named in
the first text), "Reply STOP to opt out" in every text the cadence sends. The voicemail and the
texts say "your inquiry" without the legal matter, because others may hear a voicemail or see a
phone's lock screen; the emails, which go to the lead's own inbox, name it. Every email also gets
the firm's footer and the unsubscribe link from the email provider (channels/unsubscribe.py).

Variables: see steadfast.channels.templates.VARIABLES. DEFAULT_TEMPLATES maps a template key
(the cadence's "template") to {"name", "channel", "subject"?, "body", "html"?}; the name is what
people see in the app.
"""

from __future__ import annotations

_CALLER = (
    "{% if agent.first_name %}{{ agent.first_name }} from {{ firm.name }}"
    "{% else %}the intake team at {{ firm.name }}{% endif %}"
)
_SIGNATURE = """Kind regards,
{% if agent.full_name %}{{ agent.full_name }}
{% endif %}{{ firm.name }}
{{ firm.postal_address }}
{{ firm.phone }}{% if firm.website %} | {{ firm.website }}{% endif %}"""
_SIGNATURE_HTML = """<p>Kind regards,<br>
{% if agent.full_name %}{{ agent.full_name }}<br>{% endif %}
<strong>{{ firm.name }}</strong><br>
{{ firm.postal_address }}<br>
{{ firm.phone }}{% if firm.website %}
| <a href="{{ firm.website }}">{{ firm.website }}</a>{% endif %}</p>"""
_NOT_ADVICE = (
    "This email is general information, not legal advice. Contacting us does not create an "
    "attorney-client relationship."
)
_CHECKLIST = """{{ resource.title }}:
- {{ resource.checklist|join("\\n- ") }}{% if resource.url %}

More about {{ lead.practice_area }} matters: {{ resource.url }}{% endif %}"""
_CHECKLIST_HTML = """<p><strong>{{ resource.title }}</strong></p>
<ul>{% for item in resource.checklist %}<li>{{ item }}</li>{% endfor %}</ul>
{% if resource.url %}<p>More about {{ lead.practice_area }} matters:
<a href="{{ resource.url }}">{{ resource.url }}</a></p>{% endif %}"""
_HTML_OPEN = '<html><body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5">'
_HTML_CLOSE = "</body></html>"

# Step 1: what the intake specialist reads on the first call.
_FIRST_CALL = """FIRST CALL: {{ lead.full_name }}, {{ lead.phone }} \
({{ lead.practice_area }} inquiry)

OPENING
"Hello, may I speak with {{ lead.first_name }}?"
"Hi {{ lead.first_name }}, this is {{ agent.first_name or "[your name]" }} with {{ firm.name }}. \
You contacted us about a {{ lead.practice_area }} matter, and I'm calling to follow up. \
Do you have a few minutes to talk?"

IF IT IS NOT A GOOD TIME
"No problem. When would be a better time to call you back?" Note the time. \
"You can also reach us at {{ callback_number }}."

IF YES: LISTEN AND TAKE NOTES
"Talking with us doesn't commit you to anything, and it doesn't make us your lawyers yet. \
An attorney will review what you tell me."
- "Can you tell me briefly what happened, and when?"
- "Where did it happen? Which city and state?"
- "Who else was involved?"
- "Have you already spoken with another law firm about this?"
- "What is the best number and time to reach you?"

NEXT STEP
Offer a consultation with an attorney{% if booking_link %} ({{ booking_link }}){% endif %}. \
Confirm the date, the time and the number to call.

IF THEY ASK US TO STOP, OR IT IS THE WRONG PERSON
"I understand. I'll make sure you're not contacted again. Sorry for the trouble." \
Record "do not contact" or "wrong person".

Do not give legal advice or predict the outcome of a case: an attorney will review the details.
No answer? Leave the voicemail."""

# Step 1, no answer: left by the specialist, or dropped after answering-machine detection.
_VOICEMAIL = (
    "Hi {{ lead.first_name }}, this is " + _CALLER + ". I'm calling about the inquiry you sent "
    "us. We'd be glad to talk with you about it. Please call us back at {{ callback_number }}. "
    "Again, that's {{ firm.name }} at {{ callback_number }}. Thank you."
)

# Step 2: the first text, 15 minutes after an unanswered call.
_FIRST_SMS = (
    "Hi {{ lead.first_name }}, this is {{ firm.name }} following up on your recent inquiry. "
    "We'd be glad to talk. Reply here or call us at {{ callback_number }}. Reply STOP to opt out."
)

# Step 3: the first email, within the hour.
_FIRST_EMAIL = (
    """Hi {{ lead.first_name }},

Thank you for contacting {{ firm.name }} about your {{ lead.practice_area }} matter. We would \
like to hear what happened, answer your questions and explain how we may be able to help. \
Talking with us does not commit you to anything.

{% if firm.credentials %}{{ firm.credentials }} {% endif %}{% if firm.practice_areas %}Our \
attorneys handle {{ firm.practice_areas }} matters{% if firm.service_area %} for clients \
throughout {{ firm.service_area }}{% endif %}.{% endif %}

"""
    + _CHECKLIST
    + """

You can reply to this email or call us at {{ callback_number }}{% if booking_link %}, or choose \
a time for a call here: {{ booking_link }}{% endif %}.

"""
    + _SIGNATURE
    + "\n\n"
    + _NOT_ADVICE
)
_FIRST_EMAIL_HTML = (
    _HTML_OPEN
    + """<p>Hi {{ lead.first_name }},</p>
<p>Thank you for contacting {{ firm.name }} about your {{ lead.practice_area }} matter. We would
like to hear what happened, answer your questions and explain how we may be able to help.
Talking with us does not commit you to anything.</p>
<p>{% if firm.credentials %}{{ firm.credentials }} {% endif %}{% if firm.practice_areas %}Our
attorneys handle {{ firm.practice_areas }} matters{% if firm.service_area %} for clients
throughout {{ firm.service_area }}{% endif %}.{% endif %}</p>
"""
    + _CHECKLIST_HTML
    + """
<p>You can reply to this email or call us at {{ callback_number }}{% if booking_link %}, or
<a href="{{ booking_link }}">choose a time for a call</a>{% endif %}.</p>
"""
    + _SIGNATURE_HTML
    + f'\n<p style="font-size:12px;color:#666">{_NOT_ADVICE}</p>'
    + _HTML_CLOSE
)

# Step 4: the second call, next business day at another time of day.
_SECOND_CALL = """SECOND CALL: {{ lead.full_name }}, {{ lead.phone }} \
({{ lead.practice_area }} inquiry)

"Hello, may I speak with {{ lead.first_name }}?"
"Hi {{ lead.first_name }}, this is {{ agent.first_name or "[your name]" }} with {{ firm.name }}. \
We tried to call you earlier about the {{ lead.practice_area }} matter you contacted us about. \
Is now a better time to talk for a few minutes?"

Then follow the first-call questions: what happened and when, where, who else was involved, \
whether another firm is already helping, and the best time to reach them.

IF IT IS NOT A GOOD TIME
"Would a brief 10-minute call tomorrow be easier? What time suits you?" Note the time.

IF THEY ASK US TO STOP, OR IT IS THE WRONG PERSON
"I understand. I'll make sure you're not contacted again." Record "do not contact" or \
"wrong person".

Do not give legal advice or predict the outcome of a case.
No answer? Leave the voicemail."""

# Step 5: the last, value-driven text (or email, by the lead's consent).
_FINAL_SMS = (
    "Hi {{ lead.first_name }}, {{ firm.name }} again. We haven't been able to reach you about "
    "your inquiry. Would a brief 10-minute chat tomorrow be easier? Reply with a time that suits "
    "you or call {{ callback_number }}. Reply STOP to opt out."
)
_FINAL_EMAIL = (
    """Hi {{ lead.first_name }},

We haven't been able to connect with you about your {{ lead.practice_area }} inquiry yet, and \
we know it can be hard to find the time.

Would a brief 10-minute chat tomorrow be easier? In ten minutes we can hear what happened and \
tell you whether and how we may be able to help.

Just reply with a time that suits you, \
{% if booking_link %}pick one here: {{ booking_link }}, {% endif %}or call us at \
{{ callback_number }}. If you have already found help or would rather not hear from us, reply \
and let us know.

"""
    + _SIGNATURE
    + "\n\n"
    + _NOT_ADVICE
)
_FINAL_EMAIL_HTML = (
    _HTML_OPEN
    + """<p>Hi {{ lead.first_name }},</p>
<p>We haven't been able to connect with you about your {{ lead.practice_area }} inquiry yet, and
we know it can be hard to find the time.</p>
<p><strong>Would a brief 10-minute chat tomorrow be easier?</strong> In ten minutes we can hear
what happened and tell you whether and how we may be able to help.</p>
<p>Just reply with a time that suits you{% if booking_link %},
<a href="{{ booking_link }}">pick one here</a>,{% endif %} or call us at {{ callback_number }}.
If you have already found help or would rather not hear from us, reply and let us know.</p>
"""
    + _SIGNATURE_HTML
    + f'\n<p style="font-size:12px;color:#666">{_NOT_ADVICE}</p>'
    + _HTML_CLOSE
)

# After the cadence: the occasional educational email of the nurture list (F12).
_NURTURE_EMAIL = (
    """Hi {{ lead.first_name }},

Some time ago you contacted {{ firm.name }} about a {{ lead.practice_area }} matter. Now and then \
we send general information that people in a similar situation have found useful.

"""
    + _CHECKLIST
    + """

Many legal matters have deadlines set by law, so it can help to get your questions answered \
sooner rather than later. If you would like to talk, reply to this email or call us at \
{{ callback_number }}. There is no obligation.

"""
    + _SIGNATURE
    + "\n\n"
    + _NOT_ADVICE
)
_NURTURE_EMAIL_HTML = (
    _HTML_OPEN
    + """<p>Hi {{ lead.first_name }},</p>
<p>Some time ago you contacted {{ firm.name }} about a {{ lead.practice_area }} matter. Now and
then we send general information that people in a similar situation have found useful.</p>
"""
    + _CHECKLIST_HTML
    + """
<p>Many legal matters have deadlines set by law, so it can help to get your questions answered
sooner rather than later. If you would like to talk, reply to this email or call us at
{{ callback_number }}. There is no obligation.</p>
"""
    + _SIGNATURE_HTML
    + f'\n<p style="font-size:12px;color:#666">{_NOT_ADVICE}</p>'
    + _HTML_CLOSE
)

# The one confirmation 47 CFR 64.1200(a)(12) allows after an opt-out: no marketing in it.
_OPTOUT_CONFIRMATION = (
    "{{ firm.name }}: You have been unsubscribed and won't hear from us again by text. "
    "Reply START if you change your mind."
)
# The answer to HELP / INFO (CTIA): who we are, how to reach us, how to stop.
_HELP_REPLY = (
    "{{ firm.name }}: for help call {{ firm.phone }}{% if firm.website %} or visit "
    "{{ firm.website }}{% endif %}. Msg & data rates may apply. Reply STOP to opt out."
)

# The same two in Spanish, for a person who wrote in Spanish (GSM-7 letters only: no á/í/ó).
_OPTOUT_CONFIRMATION_ES = (
    "{{ firm.name }}: Se ha dado de baja y no le enviaremos otros mensajes de texto. "
    "Responda START si cambia de idea."
)
_HELP_REPLY_ES = (
    "{{ firm.name }}: para ayuda llame al {{ firm.phone }}{% if firm.website %} o visite "
    "{{ firm.website }}{% endif %}. Pueden aplicarse tarifas de mensajes y datos. "
    "Responda STOP para darse de baja."
)

DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "first_call_script": {"name": "First call script", "channel": "call", "body": _FIRST_CALL},
    "voicemail": {
        "name": "Voicemail after a missed call",
        "channel": "voicemail",
        "body": _VOICEMAIL,
    },
    "first_sms": {"name": "First text, after a missed call", "channel": "sms", "body": _FIRST_SMS},
    "first_email": {
        "name": "First email",
        "channel": "email",
        "subject": "Your inquiry to {{ firm.name }}",
        "body": _FIRST_EMAIL,
        "html": _FIRST_EMAIL_HTML,
    },
    "second_call_script": {"name": "Second call script", "channel": "call", "body": _SECOND_CALL},
    "final_sms": {"name": "Last text", "channel": "sms", "body": _FINAL_SMS},
    "final_email": {
        "name": "Last email",
        "channel": "email",
        "subject": "Would a brief 10-minute chat tomorrow be easier?",
        "body": _FINAL_EMAIL,
        "html": _FINAL_EMAIL_HTML,
    },
    "nurture_email": {
        "name": "Nurture email",
        "channel": "email",
        "subject": "Information about {{ lead.practice_area }} matters from {{ firm.name }}",
        "body": _NURTURE_EMAIL,
        "html": _NURTURE_EMAIL_HTML,
    },
    "optout_confirmation": {
        "name": "Opt-out confirmation text",
        "channel": "sms",
        "body": _OPTOUT_CONFIRMATION,
    },
    "help_reply": {"name": "Reply to HELP", "channel": "sms", "body": _HELP_REPLY},
    "optout_confirmation_es": {
        "name": "Opt-out confirmation text, in Spanish",
        "channel": "sms",
        "body": _OPTOUT_CONFIRMATION_ES,
    },
    "help_reply_es": {
        "name": "Reply to HELP, in Spanish",
        "channel": "sms",
        "body": _HELP_REPLY_ES,
    },
}
