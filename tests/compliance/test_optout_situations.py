"""Replies read by the situation they tell of (optout_situations): fresh wordings of each kind,
written for this test and in no labelled set, to check the rules reach past the set they came
from."""

import pytest

from steadfast.compliance.optout import classify_inbound


@pytest.mark.parametrize(
    "text",
    [
        "My grandma does not want any texts from you. Please stop.",
        "This number belongs to my daughter, she is 12. Do not call or text her again.",
        "Mi papá falleció el mes pasado. Ya no lo llamen por favor.",
        "Esta es la línea de mi hija de 15 años, no la contacten.",
        "My husband died in March. Remove him from your lists.",
    ],
)
def test_it_reads_a_stop_asked_for_the_phones_owner(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "The insurance paid everything already, no need to keep following up",
        "we sorted it out with the other driver",
        "Never mind, my boss fixed it. All good.",
    ],
)
def test_it_reads_a_matter_over_as_a_stop(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "Settled! When do I get my check?",
        "all good, see you tomorrow at 10",
        "My landlord fixed the stairs but I still have back pain, can we talk?",
    ],
)
def test_a_matter_over_with_more_to_say_is_a_message(text):
    assert classify_inbound(text, "sms").kind == "message"


@pytest.mark.parametrize(
    "text",
    [
        "We already asked you to stop twice. Next time I report you.",
        "Les dije hace una semana que ya no me escribieran y siguen.",
    ],
)
def test_it_reads_a_stop_told_again_with_a_complaint(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "My son texted STOP by accident, I do need a lawyer",
        "Mi esposa les puso ALTO, pero sí necesito ayuda",
        pytest.param(
            "I asked you to stop before but I changed my mind. Call me please",
            marks=pytest.mark.xfail(strict=True, reason="'to stop' with no object is not read"),
        ),
    ],
)
def test_it_reads_a_stop_taken_back_as_a_start(text):
    assert classify_inbound(text, "sms").kind == "start"


@pytest.mark.parametrize(
    "text",
    [
        "I nearly blocked this number, thought it was a scam. I need help with my lease",
        "lol I almost unsubscribed. what time is the call?",
        "The email says 'reply STOP to unsubscribe' but I want to keep talking",
        "I'm not trying to unsubscribe, I just can't talk until Friday",
    ],
)
def test_a_stop_not_done_or_quoted_is_not_a_stop(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    "text",
    [
        "Is this an automated text?",
        "who am I talking to?",
        "what's the name of your firm again?",
        "If I text STOP, will that cancel my appointment?",
        "Si mando STOP, ¿se cancela mi caso?",
        "Does STOP end the calls too or only the texts?",
    ],
)
def test_it_reads_questions_of_who_and_what_stop_does_as_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize("text", ["🖕🖕", "Váyase a la mierda"])
def test_a_go_away_insult_is_a_stop(text):
    assert classify_inbound(text, "sms").kind == "stop"
