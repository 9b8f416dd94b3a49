"""Replies read by the situation they tell of (optout_situations): fresh wordings of each kind,
written for this test and in no labelled set, to check the rules reach past the set they came
from."""

import pytest

from steadfast.compliance.optout import classify_inbound

PHONE = {"call", "sms"}
ALL = {"call", "sms", "email"}


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
        "I asked you to stop before but I changed my mind. Call me please",
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


@pytest.mark.parametrize(
    "text",
    ["Desuscribirme", "quiero desuscribirme de esto", "desuscribir"],
)
def test_it_reads_the_spanish_unsubscribe_as_a_stop(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "Take me off your list or I'll report you to the FCC",
        "stop texting me or I'm calling the police",
        "Leave me alone or I will sue",
        "quítenme de su lista o los demando",
    ],
)
def test_it_reads_a_stop_backed_by_a_threat(text):
    intent = classify_inbound(text, "sms")
    assert (intent.kind, intent.unsure) == ("stop", False)


@pytest.mark.parametrize(
    "text",
    [
        "Fix the lien or I'll sue the hospital",
        "Call me tomorrow or I'll call you",
        "My boss said stop or he would report me. Can he do that?",
        "Should I settle or sue?",
    ],
)
def test_a_threat_about_something_else_is_not_a_stop(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    "text",
    ["blocked ur number lol", "ok blocking this number now", "bloqueando", "ya los bloquee"],
)
def test_it_reads_blocking_us_in_any_tense_as_a_stop_of_everything(text):
    intent = classify_inbound(text, "sms")
    assert (intent.kind, intent.channels) == ("stop", frozenset({"call", "sms", "email"}))


@pytest.mark.parametrize(
    "text",
    [
        "Should I block the adjuster's number?",
        "I'm not blocking you, my phone was off",
        "the insurance blocked my claim",
        "how do I block my ex on whatsapp",
    ],
)
def test_blocking_someone_else_or_not_at_all_is_not_a_stop(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    "text",
    [
        "nah i don't want to",
        "not for us, thank you",
        "not suing anybody, thanks",
        "Honestly I'm not pursuing anything",
        "no la necesito",
    ],
)
def test_it_reads_a_short_decline_as_an_unsure_stop(text):
    intent = classify_inbound(text, "sms")
    assert (intent.kind, intent.unsure) == ("stop", True)


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to go to court, can you help?",
        "Not for me, it's for my mom. Can she call you?",
        "I'm not suing anyone, I just want my car fixed",
        "no lo necesito firmado, ¿verdad?",
    ],
)
def test_a_decline_of_something_else_is_not_a_stop(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    "text",
    [
        "great, more law firm spam",
        "this is getting spammy",
        "you guys are relentless huh",
        "Persistent aren't you",
        "why do I keep getting these",
    ],
)
def test_it_reads_a_complaint_of_the_contact_as_an_unsure_stop(text):
    intent = classify_inbound(text, "sms")
    assert (intent.kind, intent.unsure) == ("stop", True)


@pytest.mark.parametrize(
    "text",
    [
        "why do I keep getting these letters from my insurance?",
        "The adjuster is so pushy, what do I do?",
        "Is this spam?",
    ],
)
def test_a_complaint_about_someone_else_is_not_a_stop(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    "text",
    ["We're good, no need to follow up", "no need to contact me anymore", "no need to check in"],
)
def test_it_reads_no_need_to_reach_out_as_a_stop(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    ("text", "channel", "refused"),
    [
        ("Call me please, I never check texts", "sms", {"sms"}),
        ("I rarely check this account. Text me instead.", "email", {"email"}),
        ("please text, I never check my email", "sms", {"email"}),
    ],
)
def test_it_reads_a_channel_never_read_as_an_unsure_stop_of_it(text, channel, refused):
    intent = classify_inbound(text, channel)
    assert (intent.kind, intent.unsure, intent.channels) == ("stop", True, refused)


@pytest.mark.parametrize(
    "text",
    [
        "Could you email me the police report instead of texting it?",
        "I don't check texts much, call me",
        "I never check my email at work, send it tonight?",
    ],
)
def test_asking_for_another_channel_is_a_message(text):
    assert classify_inbound(text, "sms").kind == "message"


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("text me again please", {"sms"}),
        ("you can call me again", {"call"}),
        ("unstop emails", {"email"}),
        ("START. my bad about earlier", {"sms"}),
        ("I know I said don't text me but things got worse. Can someone call me?", {"sms", "call"}),
        ("Les dije que no me escribieran pero ahora sí necesito ayuda", {"sms"}),
        ("We asked you to stop calling and texting, but we're ready now. Resume both", PHONE),
        ("My husband told you to stop texting us but I want to go ahead. Text me", {"sms"}),
    ],
)
def test_it_reads_a_request_to_hear_again_as_a_start(text, channels):
    intent = classify_inbound(text, "sms")
    assert (intent.kind, intent.channels) == ("start", channels)


@pytest.mark.parametrize(
    "text",
    [
        "where'd you get my number from",
        "are you a bot?",
        "wym",
        "¿Esto de qué es?",
        "Could you clarify who you are?",
        "Before I unsubscribe, I'd like to know who you are",
        "Perdón, ¿de qué caso me hablan?",
    ],
)
def test_it_reads_more_questions_of_who_and_why_as_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize(
    "text",
    [
        "My husband told you to stop texting us. Stop it now.",
        "I asked you to stop calling and texting. Why are you still calling?",
    ],
)
def test_a_stop_told_before_and_not_undone_stays_a_stop(text):
    assert classify_inbound(text, "sms").kind == "stop"


# --- taught from batch R: each kind with wordings of its own ----------------------------------


@pytest.mark.parametrize(
    ("text", "channel", "kind", "channels"),
    [
        # a stop for the person the phone is for, in the possessive
        ("This is my son's cell, he's 14. Don't text him again.", "sms", "stop", None),
        ("please quit emailing my work address", "email", "stop", {"email"}),
        ("alright you can stop now, thanks", "sms", "stop", None),
        # the number, not the person
        ("My mother passed in June, please stop contacting this number", "sms", "stop", PHONE),
        ("Do not contact this household again.", "email", "stop", None),
    ],
)
def test_it_reads_stops_aimed_at_a_person_a_number_or_an_address(text, channel, kind, channels):
    got = classify_inbound(text, channel)
    assert got.kind == kind, got
    if channels is not None:
        assert set(got.channels) == channels, got


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to proceed with this anymore",
        "thought about it and I don't want to go forward with the claim",
        "nel, ya no",
        "No tengo dinero para abogado, déjelo así",
        "Ya no necesito asesoría legal, gracias",
    ],
)
def test_it_reads_a_decline_of_going_on_as_an_unsure_stop(text):
    got = classify_inbound(text, "sms")
    assert got.kind == "stop" and got.unsure, got


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to talk about the accident on the phone, can we email instead?",
        "Sí soy yo, no es un número equivocado. ¿Cuándo me llaman?",
        "The adjusters keep calling me at work, what do I tell them?",
        "I replied STOP to the wrong company lol, not you guys",
    ],
)
def test_wordings_near_a_stop_that_go_on_are_not_stops(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    "text",
    [
        "Oh look, another text. Can't wait for the next one",
        "you message me more than my own mother does",
        "Go ahead and keep texting me, I just love it",
    ],
)
def test_sarcasm_about_the_volume_is_an_unsure_stop(text):
    got = classify_inbound(text, "sms")
    assert got.kind == "stop" and got.unsure, got


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("I know I told you to leave me alone, but the insurer denied it. Please call me", None),
        ("I blocked you last month but I unblocked you, text me", PHONE),
        ("Disregard my last STOP, it was meant for my dentist", {"sms"}),
        ("unstop please, I still need help", {"sms"}),
        ("Antes les pedí que me borraran de la lista, ya cambié de opinión. Llámenme", None),
    ],
)
def test_it_reads_a_stop_told_before_and_taken_back_as_a_start(text, channels):
    got = classify_inbound(text, "sms")
    assert got.kind == "start", got
    if channels is not None:
        assert set(got.channels) == channels, got


@pytest.mark.parametrize(
    "text",
    [
        "Who are you and why are you emailing me?",
        "Not trying to unsubscribe, just tell me what company this is",
        "Don't recognize the number. Who's texting me?",
        "If I text STOP, will I still get your emails?",
        "Before I decide whether to opt out: what is this about?",
        "¿Para qué me están llamando? No sé de qué se trata",
        "No quiero darme de baja, solo quiero saber quién es",
    ],
)
def test_it_reads_who_and_why_with_words_around_it_as_help(text):
    assert classify_inbound(text, "sms").kind == "help"


# --- taught from batch S ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "dont need a lawyer, how did you even get my number",
        "Not that interested honestly",
        "We already have counsel. Thanks anyway",
        "Gracias, ya tengo quien me represente",
        "you people are blowing my phone up",
        "¿Cuántas veces me van a escribir?",
        "what should I text back to opt out?",
    ],
)
def test_it_reads_declines_and_complaints_in_new_words_as_stops(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("no texts and no calls please", PHONE),
        ("No me manden más correos", {"email"}),
        ("Nobody named Derek works here", PHONE),
        ("Aquí no hay ningún Roberto", PHONE),
    ],
)
def test_it_reads_the_channels_a_stop_names(text, channels):
    got = classify_inbound(text, "sms")
    assert got.kind == "stop" and set(got.channels) == channels, got


@pytest.mark.parametrize(
    "text",
    [
        "¿De parte de quién es este mensaje?",
        "Who is this? I had a missed call from this number yesterday",
        "Could you tell me what firm this is?",
        "I don't recall reaching out. What's this regarding?",
    ],
)
def test_more_questions_of_who_and_why_are_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("Sorry I was short with you yesterday, please call me, I need help", None),
        ("Before I told you not to email me, but I'd now prefer an email", None),
        ("Me pueden volver a poner en su lista de mensajes?", {"sms"}),
        ("Texts and calls are fine again", PHONE),
        ("Ya me pueden volver a marcar", {"call"}),
    ],
)
def test_more_stops_taken_back_are_starts(text, channels):
    got = classify_inbound(text, "sms")
    assert got.kind == "start", got
    if channels is not None:
        assert set(got.channels) == channels, got


@pytest.mark.parametrize(
    "text",
    [
        "Llámenme pero no con número oculto porque no contesto",
        "I was at work when you called, try me after 6",
        "Ya le mandé el reporte al ajustador",
        "How can I stop them from selling my car before the inspection?",
    ],
)
def test_more_look_alikes_are_not_stops(text):
    assert classify_inbound(text, "sms").kind != "stop"


# --- taught from batch T ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "naah im good fr",
        "Good morning Mr. Patel, thank you, but we've decided to handle the estate ourselves.",
        "My daughter already found us a lawyer. Thanks for reaching out",
        "We will not be going forward with the claim. Please close our file.",
        "No gracias joven, ya estoy muy viejo para eso",
        "This is Ana's son, she is 88 and does not need a lawyer. Please remove her.",
        "Soy el hijo de Don Luis. Favor de no llamarlo más.",
    ],
)
def test_it_reads_declines_in_slang_letters_and_for_a_parent_as_stops(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("This phone used to belong to my grandmother, update your records", PHONE),
        ("She doesn't have this number anymore", PHONE),
        ("Este celular ya no es de Mario", PHONE),
        ("You people have texted me like 9 times", {"sms"}),
        ("Ya llevan como 4 llamadas hoy", {"call"}),
        ("Casi nunca reviso el correo, mejor por mensaje", {"email"}),
    ],
)
def test_it_reads_a_number_not_theirs_and_counted_complaints(text, channels):
    got = classify_inbound(text, "sms")
    assert got.kind == "stop" and set(got.channels) == channels, got


@pytest.mark.parametrize(
    "text",
    [
        "Garcia and who?",
        "What does texting STOP do? Will it cancel my appointment?",
        "not sure which firm you are, I called a few",
        "Hola, ¿qué empresa es esta? No tengo su número guardado",
    ],
)
def test_it_reads_these_questions_as_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("I want to withdraw my request not to be texted. Text me anytime", {"sms"}),
        ("I tapped unsubscribe by accident, please keep me on the list", None),
        ("we unblocked your number, go ahead", PHONE),
    ],
)
def test_more_starts_in_new_words(text, channels):
    got = classify_inbound(text, "sms")
    assert got.kind == "start", got
    if channels is not None:
        assert set(got.channels) == channels, got


@pytest.mark.parametrize(
    "text",
    [
        "Sorry I missed you, I never answer numbers I don't know. Call me back please",
        "My boss told me to stop calling in late",
        "Can you unsubscribe my wife from the newsletter? Keep me on it",
        "I can't get off work till 7, could you stop by after?",
        "They fired me two weeks after I reported it. No write ups before that",
    ],
)
def test_these_look_alikes_are_not_stops(text):
    assert classify_inbound(text, "sms").kind != "stop"


# --- taught from batch U ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "know thanks",
        "Good morning sir, I am not needing attorney anymore, the problem is solved",
        "No gracias, mi hermana ya resolvió todo con el seguro",
        "meh not interested. my insurance is taking care of it",
        "This is his son. Dad is okay, please leave him alone",
        "idk who Marcus is",
        "La señora Patricia ya no trabaja aquí",
        "Please don't telephone me again",
        "I don't use texting, write me a letter",
        "you guys called me 4 times in one day",
    ],
)
def test_it_reads_these_new_wordings_as_stops(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "Who's Delgado Finch?",
        "What happens if I text STOP, do I lose my consultation?",
        "¿De qué despacho me escriben?",
        "wat is this bout",
    ],
)
def test_it_reads_these_new_questions_as_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("Sorry for saying stop yesterday, please text me, I need help", None),
        ("I know I said not to text but go ahead", {"sms"}),
        ("Me di de baja de los mensajes sin querer", {"sms"}),
        ("Please resubscribe me to the updates", None),
    ],
)
def test_it_reads_these_new_wordings_as_starts(text, channels):
    got = classify_inbound(text, "sms")
    assert got.kind == "start", got
    if channels is not None:
        assert set(got.channels) == channels, got


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Yes", "email"),
        ('"Reply STOP to opt out" lol ok, call me at 3', "sms"),
        ("Unsubscribed from everyone else, keep me on your list please", "sms"),
        ("No me llamen al teléfono de la oficina, mejor a este", "sms"),
        ("Me quieren quitar la casa, necesito ayuda", "sms"),
    ],
)
def test_these_new_look_alikes_are_not_stops(text, channel):
    assert classify_inbound(text, channel).kind not in ("stop", "start")


# --- taught from batch V ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "please stop collin me at work",
        "Please stop contacting my grandfather. He is 93 and gets confused by these calls.",
        "Mi mamá no necesita abogado, gracias",
        "We have retained counsel for this matter and will not need your services.",
        "Gracias pero no necesito los servicios",
        "ya me mandaron como cinco veces el mismo mensaje",
        "My client is represented. Direct all further contact to my office.",
    ],
)
def test_it_reads_these_v_wordings_as_stops(text):
    assert classify_inbound(text, "sms").kind == "stop"


@pytest.mark.parametrize(
    "text",
    [
        "Stop calling my husband please, he doesn't know about the accident yet",
        "STOP lol jk, call me tomorrow",
        "Leave a message, I never pick up unknown numbers",
        "Got a notice about a class action. Should I opt out?",
        "The text said I could reply STOP, but I want to stay on",
        "No me interesa vender mi carro, solo quiero que me paguen",
        "En el trabajo me quieren dar de baja por la lesión",
    ],
)
def test_these_v_look_alikes_are_not_stops(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    "text",
    [
        "What happens to my case if I click unsubscribe?",
        "I'm not certain which firm you are. Could you clarify?",
        "hey what do you need from me",
    ],
)
def test_these_v_questions_are_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize(
    "text",
    [
        "Sorry I told you to stop before, I was stressed. Please call me",
        "Perdón por lo de ayer, sí necesito el abogado. Llámenme",
        "Ya lo desbloqueé, pueden llamar",
        "Please disregard my earlier request to stop texting me",
    ],
)
def test_these_v_wordings_are_starts(text):
    assert classify_inbound(text, "sms").kind == "start"


# --- taught from batch W ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ya basta con los correos y las llamadas", "stop"),
        ("not really interested at this time, thanks", "stop"),
        ("Mi hermana ya me consiguió abogada en Dallas", "stop"),
        ("your texts are nonstop", "stop"),
        ("how do I get these to stop?", "stop"),
        ("Brennan who?", "help"),
        ("¿De dónde me llaman?", "help"),
        ("sorry for the stop earlier, you can text", "start"),
        ("I'm back, call me again", "start"),
        ("lol stop, you got me. ok let's talk at 3", "message"),
        ("a mi papá no lo dejan ni llamar desde la cárcel", "message"),
    ],
)
def test_these_w_wordings(text, kind):
    got = classify_inbound(text, "sms")
    assert got.kind == kind, got


def test_a_question_how_to_stop_is_for_a_person_to_decide():
    got = classify_inbound("what do I text back to stop these?", "sms")
    assert got.kind == "stop" and got.unsure, got


def test_a_pasted_subject_line_is_not_the_reply():
    got = classify_inbound("Subject: Unsubscribe?\n\nHi, is my case still open? Thanks", "email")
    assert got.kind == "message", got


@pytest.mark.parametrize(
    "text",
    [
        "maybe later, got too much going on",
        "please hold off for the time being",
        "eh we'll see",
        "I'm just not ready yet",
        "I'll get back to you if I decide to do anything",
        "not sure I want to go through with it anymore",
        "Por ahora no, gracias",
        "tal vez más adelante, luego les aviso",
    ],
)
def test_putting_it_off_with_no_day_named_is_for_a_person_to_decide(text):
    got = classify_inbound(text, "sms")
    assert (got.kind, got.unsure, set(got.channels)) == ("stop", True, {"call", "sms", "email"})


@pytest.mark.parametrize(
    "text",
    [
        "not right now, try me tomorrow morning",
        "hold off until Monday please, I'm out of town",
        "ahorita no puedo hablar, mándenme mensaje",
        "Should I keep paying the bill or hold off?",
        "I'll call you when I get out of work",
    ],
)
def test_putting_off_one_call_is_a_reply(text):
    assert classify_inbound(text, "sms").kind == "message"


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        (
            "I know I said I wasn't interested, but the adjuster denied me. I'm ready to talk now",
            {"call", "sms", "email"},
        ),
        (
            "Sorry for yelling at you guys last week. I actually need help now",
            {"call", "sms", "email"},
        ),
        ("I told you to stop a while ago but my lawyer dropped me, can you still help", {"sms"}),
        ("ignore my previous text telling you to stop", {"sms"}),
        ("sí quiero que me sigan llamando, perdón", {"call"}),
        ("I've changed my mind, we do want help", {"sms"}),
        ("mijo le mandó alto sin permiso, sí queremos que nos llamen", {"sms"}),
        ("still need help, I know I said stop earlier, my bad", {"sms"}),
    ],
)
def test_a_stop_or_a_no_told_before_and_taken_back_is_a_start(text, channels):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == ("start", channels), got


@pytest.mark.parametrize(
    "text",
    [
        "no me dejen de escribir, es la única manera que tengo",
        "ALTO? no no, yo sí quiero que me llamen",
        "no me vayan a dar de baja, sigo interesada",
        "ya hicieron el reporte en la policía, se lo mando",
        "¿Me pueden sacar del país por poner la demanda?",
        "Me quiero dar de baja de la empresa, ¿pierdo el caso?",
        "There's no need to stop texting, I just missed it. Thursday works",
        "Can I opt out of arbitration with my employer?",
        "Got a cease and desist letter from my ex's lawyer, what do I do",
        "Wrong number? no, it's me. I still need the lawyer",
        "not at work today so you can call anytime",
        "only after 4 works for the consultation, is that ok?",
    ],
)
def test_these_look_alikes_of_this_round_are_not_stops(text):
    got = classify_inbound(text, "sms")
    assert got.kind != "stop", got


@pytest.mark.parametrize(
    "text",
    [
        "Does opting out cancel my appointment?",
        "If I unsubscribe from these texts, does that close my case with you?",
        "hey which office is this, the downtown one?",
    ],
)
def test_these_questions_of_this_round_are_help(text):
    assert classify_inbound(text, "sms").kind == "help"


def test_a_couples_names_under_an_email_are_its_signature():
    got = classify_inbound(
        "We went with another firm. Thanks anyway.\n\nRon & Ellie Pratt", "email"
    )
    assert (got.kind, set(got.channels)) == ("stop", {"call", "sms", "email"}), got


def test_the_learned_backstop_reads_a_stop_for_someone_who_died():
    got = classify_inbound(
        "My father passed away last spring. Please stop sending him these", "sms"
    )
    assert got.kind == "stop", got


@pytest.mark.parametrize(
    ("text", "channel", "channels", "unsure"),
    [
        # Asked how, it is done: the person wants it, and the HELP answer would say the same.
        ("how can I unsubscribe from this?", "email", {"call", "sms", "email"}, False),
        ("how do we get off your list", "sms", {"call", "sms", "email"}, False),
        ("how do I stop the phone calls", "sms", {"call"}, False),
        # Asked what to send, a person decides ("what do I reply to stop my case?").
        ("what do i reply so this stops", "sms", {"sms"}, True),
    ],
)
def test_a_question_how_to_stop_is_a_stop_of_what_it_names(text, channel, channels, unsure):
    got = classify_inbound(text, channel)
    assert (got.kind, got.unsure, set(got.channels)) == ("stop", unsure, channels), got


@pytest.mark.parametrize(
    "text",
    [
        "got this number last month, he must have had it before me",
        "este número es de una tienda, se equivocaron",
        "I'm not whoever you're trying to reach",
    ],
)
def test_a_number_that_is_not_the_leads_ends_calls_and_texts(text):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels), got.reason) == ("stop", PHONE, "wrong_person"), got


@pytest.mark.parametrize(
    ("text", "channel", "channels"),
    [
        ("My wife died in May. Please stop sending her these texts.", "sms", {"sms"}),
        ("this is Marcus's mom, he is 16, take him off", "sms", {"call", "sms", "email"}),
        ("Soy el nieto. Mi abuelito ya no quiere nada, no lo llamen", "sms", {"call"}),
        (
            "This is my dad's email, I manage it. Please get him off your email list",
            "email",
            {"email"},
        ),
    ],
)
def test_a_stop_asked_for_a_relative_in_this_rounds_words(text, channel, channels):
    got = classify_inbound(text, channel)
    assert (got.kind, set(got.channels)) == ("stop", channels), got


def test_asking_to_reach_the_writer_instead_is_not_a_stop_for_a_relative():
    got = classify_inbound(
        "my son says stop texting his phone, use my number, this is my cell", "sms"
    )
    assert got.kind == "message", got


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("texting me 4 times a day is too much", {"sms"}),
        ("ya me han marcado como tres veces hoy", {"call"}),
        ("every day another email from you people", {"email"}),
        ("Ay cuántas llamadas", {"call"}),
    ],
)
def test_a_complaint_that_counts_the_contact_is_an_unsure_stop(text, channels):
    got = classify_inbound(text, "sms")
    assert (got.kind, got.unsure, set(got.channels)) == ("stop", True, channels), got


@pytest.mark.parametrize(
    "text",
    [
        "We went with a different lawyer. That's it.",
        "You can close out our file, the insurance settled it",
        "case was thrown out, we don't need anything now",
        "ya no queremos seguir con el reclamo, gracias por todo",
    ],
)
def test_these_declines_of_this_round_are_stops(text):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == ("stop", {"call", "sms", "email"}), got


@pytest.mark.parametrize(
    "text",
    [
        "My aunt got this text and handed me her phone. Who is this?",
        "Whose law office is this",
        "I received this email and I don't understand what it's about. Could you please explain?",
        "Hola, ¿esto es sobre qué?",
    ],
)
def test_who_and_why_with_the_words_said_on_the_way_is_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Muy amable, pero ya tengo quien me lleve el caso. Que Dios le bendiga", "stop"),
        ("No gracias pana, ya no voy a seguir con eso", "stop"),
        ("You've been so kind, but we're going to go with the lawyer my neighbor used", "stop"),
        ("not sure if I want to do this anymore honestly", "stop"),
        ("can we pause this for now, lots going on", "stop"),
        ("3 emails before noon? you must really miss me", "stop"),
        ("Dejad de llamarme, por favor", "stop"),
        ("My sister gave you the wrong number for me, this one is mine", "message"),
        ("She wants to take her name off the lease, can she?", "message"),
        (
            "I told the hospital's billing to stop calling and they keep calling. Can they?",
            "message",
        ),
        ("Am I texting with a real person or a bot", "help"),
        ("is this the workers comp people or the car accident people", "help"),
        ("¿Me podría decir con quién hablo? Me llegó un correo sin nombre", "help"),
        ("I know I said no a few weeks ago but the MRI came back bad. Please call me", "start"),
        ("Puse alto by mistake, me pueden seguir mandando los mensajes?", "start"),
    ],
)
def test_these_wordings_of_the_last_round(text, kind):
    got = classify_inbound(text, "sms")
    assert got.kind == kind, got


def test_this_is_not_their_number_anymore_is_a_wrong_number():
    got = classify_inbound("I think you want my aunt. This ain't her phone no more", "sms")
    assert (got.kind, set(got.channels), got.reason) == ("stop", PHONE, "wrong_person"), got


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Srop", "stop"),
        ("N", "stop"),
        ("ya no ocupo lawyer, la aseguranza ya me pagó", "stop"),
        ("Mi esposo mandó el stop, no fui yo. Sí quiero seguir", "start"),
        ("Case is over, we don't need anybody", "stop"),
        ("I changed my mind about the lawsuit", "stop"),
        ("Probably not, it wasn't that serious", "stop"),
        ("still thinking about it", "stop"),
        ("Forget what I said earlier about not texting me. Please call or text", "start"),
        ("Took back my opt out, interested again", "start"),
        ("vuelva a inscribirme a los correos por favor", "start"),
        (
            "I know I told you last month that I didn't need a lawyer. Is it ok to reach out now?",
            "start",
        ),
        (
            "¿Todavía me pueden ayudar? Les dije que ya no necesitaba abogado pero me negaron todo",
            "start",
        ),
        ("How would I opt out of the emails if I want to later? not now", "help"),
        ("What do I text if I want these to stop someday? Just curious", "help"),
        ("no me manden mensajes en inglés por favor, mejor en español", "message"),
        ("Teléfono equivocado le di al hospital, ya lo corregí", "message"),
        ("Not sure if I even need a lawyer, can someone explain my options?", "message"),
        ("no, not yet", "message"),
    ],
)
def test_these_wordings_of_batch_ab(text, kind):
    got = classify_inbound(text, "sms")
    assert got.kind == kind, got


def test_email_me_less_often_is_an_unsure_stop_of_the_email():
    got = classify_inbound("I'm fine for now, maybe email me less often?", "email")
    assert (got.kind, got.unsure, set(got.channels)) == ("stop", True, {"email"}), got


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("going with a different lawyer thanks", "stop"),
        ("so I talked to my husband and we're not gonna sue. have a good one", "stop"),
        ("nvm not gonna do the case anymore", "stop"),
        ("give me some time please, just got home from the hospital", "stop"),
        ("can u guys text less, my phone won't stop buzzing", "stop"),
        ("can we limit it to once a month", "stop"),
        ("sorry I said stop, that was my son on my phone. text me again pls", "start"),
        ("I told u to stop before but my back got worse. can someone call me", "start"),
        ("take back what I said yesterday, I still need a lawyer", "start"),
        ("ya me pueden llamar, ya salí del turno de noche", "start"),
        ("Stop! I mean wait, don't close my case", "message"),
        ("leave me alone for like 5 min lol driving, ill call u", "message"),
        ("quit calling at 6am lol jk I was up. yes I have the photos", "message"),
        ("no me interesa lo que ofrece el seguro, es muy poco", "message"),
        ("maybe later this week for the appointment? thurs works", "message"),
        ("How do I change my email preferences?", "help"),
    ],
)
def test_these_wordings_of_batch_ad(text, kind):
    got = classify_inbound(text, "sms")
    assert got.kind == kind, got


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "This is a business line at a dentist. Whoever you're trying to reach isn't here.",
            "stop",
        ),
        ("no gracias mijo, ya estoy viejito para pleitos", "stop"),
        (
            "Thanks for the info but we won't be needing your services. Have a great weekend.",
            "stop",
        ),
        ("i already spoke with another lawyer", "stop"),
        ("you don't need to keep texting me, I got it", "stop"),
        ("Ahorita no tengo tiempo para eso", "stop"),
        ("vamos a esperar a ver qué pasa con el seguro", "stop"),
        ("I was upset yesterday, sorry. I do need help, please reach back out", "start"),
        ("Ignore my last text about stopping, I still want the consult", "start"),
        ("Olviden mi mensaje anterior, sí me interesa. Pueden llamarme", "start"),
        ("I previously unsubscribed. I'd like to undo that, please get back in touch", "start"),
        ("Changed my mind. Reach out when you can", "start"),
        ("Unsubscribe? no, that wasn't me, my kid had my phone. Please keep me on", "start"),
        ("Are you an attorney or a bot?", "help"),
        ("¿Con quién tengo el gusto?", "help"),
        ("Where can I update my text preferences? I can't find a link anywhere", "help"),
        ("Is it easy to unsubscribe later if I sign up for the newsletter?", "help"),
    ],
)
def test_these_wordings_of_batch_ac(text, kind):
    got = classify_inbound(text, "sms")
    assert got.kind == kind, got


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("no gracias, ya tengo mi abogado de familia", "stop"),
        ("muchos mensajes compa", "stop"),
        ("I'm swamped right now, I'll get back to you later", "stop"),
        ("Quiero cancelar la suscripción a sus boletines", "stop"),
        ("Quisiera no recibir más los correos, gracias", "stop"),
        ("Os ruego que dejéis de llamarme", "stop"),
        ("money is tight. let's pause this for now", "stop"),
        ("me llegan mensajes para un tal Ramiro, este número es mío desde hace años", "stop"),
        ("¿Esto es de inmigración? Me da miedo contestar", "help"),
        ("Qué significa responda STOP?", "help"),
        ("Kien es", "help"),
        ("Can I opt out anytime if I sign up for the texts?", "help"),
        (
            "Anteriormente solicité que no me llamaran, pero mi situación cambió. Pueden llamarme",
            "start",
        ),
        ("Retiro lo que dije, sí me interesa", "start"),
        ("Vuélvanme a agregar a la lista de mensajes", "start"),
        ("Please resume contact by email", "start"),
        ("Si contesta mi esposo digan que es número equivocado, por favor", "message"),
        ("no me manden nada por correo postal, por email está bien", "message"),
        ("Can I opt out of mediation?", "message"),
        ("Quiero salirme del contrato de renta, ¿se puede?", "message"),
    ],
)
def test_these_wordings_of_batch_ae(text, kind):
    got = classify_inbound(text, "sms")
    assert got.kind == kind, got


@pytest.mark.parametrize(
    ("text", "channel", "kind", "channels"),
    [
        # Starts told as a stop undone
        (
            "Think I hit unsubscribe by accident, can you switch the emails back on?",
            "email",
            "start",
            {"email"},
        ),
        (
            "Mi sobrina agarró el teléfono y puso STOP, yo sí necesito el abogado, escríbanme",
            "sms",
            "start",
            {"sms"},
        ),
        (
            "I told you to go away last month but I had a rough week. Can someone call me?",
            "sms",
            "start",
            {"call", "sms", "email"},
        ),
        (
            "Back in May I wrote that I wasn't interested. It got worse, can we reopen my file?",
            "email",
            "start",
            {"call", "sms", "email"},
        ),
        ("Sign me back up for the newsletter, I miss it", "email", "start", {"email"}),
        ("Me gustaría recibir otra vez los correos del boletín", "email", "start", {"email"}),
        # The channels listed after the stop's own
        ("basta de correos y llamadas", "email", "stop", {"email", "call"}),
        ("quit calling me, and the texts too", "sms", "stop", {"call", "sms"}),
        # Stops for a parent
        ("Please get my grandmother off your mailing list, she is 93", "email", "stop", {"email"}),
        ("Dad doesn't need a lawyer. Leave him be please", "sms", "stop", {"call", "sms", "email"}),
        (
            "She doesn't want any more newsletters, I handle her email now",
            "email",
            "stop",
            {"email"},
        ),
        # Whether we are real is what the HELP answer says
        ("is this legit or spam??", "sms", "help", set()),
        ("Esto es una estafa o son abogados de verdad?", "sms", "help", set()),
        ("?", "sms", "help", set()),
        ("Is this a scam? Stop texting me", "sms", "stop", {"sms"}),
        # ... and a reply that calls it one, or asks about someone else's, is not a question to us
        ("Not a scam right? ok my accident was on the 4th, call me", "sms", "message", set()),
        # Look-alikes
        ("Quién es? no conozco a ningún abogado por aquí", "sms", "help", set()),
        ("If I sign up for the newsletter can I unsubscribe later?", "email", "help", set()),
        (
            "I'd like to stop getting them late, the checks I mean. Can you help?",
            "sms",
            "message",
            set(),
        ),
    ],
)
def test_these_wordings_of_batches_af_and_ag(text, channel, kind, channels):
    got = classify_inbound(text, channel)
    assert (got.kind, set(got.channels)) == (kind, channels), got


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        # a time asked for, with why no other will do
        ("call me after 4:30 please, I can't pick up at the plant", {"call"}),
        ("Después de las 7 por favor, en la obra no puedo contestar", {"call", "sms"}),
        # the channel named beside the times
        ("You may text. Just not before 9am", {"sms"}),
        # school hours are a working day
        ("not during school hours, I'm a bus driver", {"call", "sms"}),
    ],
)
def test_a_time_limit_in_these_words_is_an_unsure_stop_with_its_window(text, channels):
    got = classify_inbound(text, "sms")
    assert (got.kind, got.unsure, set(got.channels)) == ("stop", True, channels), got
    assert got.window is not None


@pytest.mark.parametrize(
    "text",
    [
        "can't talk right now, call me after 6",  # now, not always
        "No puedo contestar ahorita, llámenme a las 5",
        "I can't answer at work. I'll stop by the office after 4",
    ],
)
def test_a_time_for_now_is_a_reply(text):
    assert classify_inbound(text, "sms").kind == "message"


@pytest.mark.parametrize(
    "text",
    [
        "not a good time, my dad is in the hospital. maybe in a couple of weeks",
        "ahorita ando con muchos problemas, luego les escribo yo",
        "Déjenme pensarlo bien y yo les aviso",
        "We're waiting on the insurance. Until then please hold off.",
        "Por ahora no, hasta que termine la temporada de pizca en octubre. Luego les aviso",
    ],
)
def test_putting_it_off_with_a_while_to_wait_is_an_unsure_stop(text):
    got = classify_inbound(text, "sms")
    assert (got.kind, got.unsure) == ("stop", True), got


def test_the_second_reader_puts_a_likely_stop_in_front_of_a_person():
    # wording no rule knows: the reader weighs it a stop, and only ever an unsure one
    got = classify_inbound("Please refrain from further correspondence.", "email")
    assert (got.kind, got.unsure) == ("stop", True), got
    assert got.matched.startswith("second reader")
    # the writer stopping, a time asked about, and reaching the writer instead are not stops
    for text in (
        "I'll stop texting you now, talk soon",
        "para ya mañana?",
        "my wife says stop texting her phone, use my number, this is my cell",
    ):
        assert classify_inbound(text, "sms").kind == "message", text


@pytest.mark.parametrize(
    ("text", "channel", "kind", "channels"),
    [
        # Contact sent to a relative instead of the writer: a person decides
        (
            "Please send all correspondence through my son Mark. Not me.",
            "email",
            "stop",
            {"call", "sms", "email"},
        ),
        ("My granddaughter takes care of everything now", "sms", "stop", {"call", "sms", "email"}),
        # ... but with the relative's number to use, it is a reply a person answers
        ("My son handles all that now, call him at 555-0177", "sms", "message", set()),
        # Calls to the writer's job refused, with no other number
        ("never call my office again. text if you have to", "sms", "stop", {"call"}),
        ("don't call my work line, use my cell please", "sms", "message", set()),
        # A creditor's doing, which the firm would stop for the person
        (
            "They scheduled a sheriff sale for the 20th. Is there a way to stop it?",
            "sms",
            "message",
            set(),
        ),
        ("Can the bankruptcy stop the garnishment?", "sms", "message", set()),
        (
            "I owe on a car loan but you keep calling me. Can you stop the calls",
            "sms",
            "stop",
            {"call"},
        ),
        ("¿Pueden dar de baja la demanda del banco?", "sms", "message", set()),
        # Someone else's plan, not our messages
        ("Can my father opt out of the Medicare drug plan?", "sms", "message", set()),
        # Starts told as a stop undone
        (
            "I'm the one who told you guys to back off. My bad. Can we talk today?",
            "sms",
            "start",
            {"call", "sms", "email"},
        ),
        (
            "Perdón por decirles que no me escribieran, ahora sí necesito la ayuda",
            "sms",
            "start",
            {"call", "sms", "email"},
        ),
        ("Lo pensé mejor, márquenme mañana", "sms", "start", {"call"}),
        ("You can text this number again, my roommate moved out", "sms", "start", {"sms"}),
        # Haitian Creole
        ("Tanpri pa rele m ankò", "sms", "stop", {"call"}),
        ("Pa voye mesaj ankò souple", "sms", "stop", {"sms"}),
        # Which office we are is what the HELP answer says
        ("Is this the Social Security office or a lawyer?", "sms", "help", set()),
        ("are you with the collection agency or somebody else", "sms", "help", set()),
        # Courtesies alone, and worry stopped, are replies
        ("God bless you and thank you", "sms", "message", set()),
        ("I'll stop worrying then, talk Tuesday", "sms", "message", set()),
    ],
)
def test_these_wordings_of_batches_am_and_an(text, channel, kind, channels):
    got = classify_inbound(text, channel)
    assert (got.kind, set(got.channels)) == (kind, channels), got


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        # the earlier stop's channels, and those asked for now
        (
            "Les dije que no hace tiempo, pero ahora sí me urge. Llámenme hoy",
            {"call", "sms", "email"},
        ),
        (
            "Hace un mes les pedí que dejaran de escribirme. Ya cambió todo, pueden textearme",
            {"sms"},
        ),
        ("dije alto la otra vez pero ahora sí quiero que me llamen", {"call", "sms"}),
        (
            "Please ignore my last text asking you to take me off the list. I spoke too soon.",
            {"call", "sms", "email"},
        ),
        ("I turned off the texts last month but things got worse, please text me", {"sms"}),
        (
            "Sorry for yelling and telling you to go away. Call or text whenever",
            {"call", "sms", "email"},
        ),
        ("my sister told you to stop but I want to talk. call me please", {"call", "sms"}),
        ("I know I opted out back in May. Is it too late for a consult?", {"sms"}),
        ("Volví a pensarlo y sí. Escríbanme", {"sms"}),
    ],
)
def test_it_reads_a_stop_of_the_family_or_in_spanish_taken_back_with_its_channels(text, restored):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == ("start", restored)


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        ("you guys can go back to texting me, my phone is fixed", {"sms"}),
        ("It's fine to email me at work again, I changed jobs", {"email"}),
        ("send me emails again please, I'm back", {"email"}),
        ("Vuélvanme a mandar el boletín, lo extraño", {"email"}),
    ],
)
def test_it_reads_contact_asked_for_again_as_a_start(text, restored):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == ("start", restored)


@pytest.mark.parametrize(
    "text",
    [
        "Ignore my last text, I meant Tuesday not Thursday",
        "send me the forms again, the link expired",
        "I told you no before Friday, I'm out of town till then",
    ],
)
def test_taking_back_something_else_is_not_a_start(text):
    assert classify_inbound(text, "sms").kind != "start"


@pytest.mark.parametrize(
    ("text", "channel", "refused"),
    [
        (
            "Don't send anything else to this email address, it's my old work one.",
            "email",
            {"email"},
        ),
        ("please do not send anything more to my office email", "email", {"email"}),
        ("stop calling my house, my kids pick up", "sms", {"call"}),
        ("No me contacten de ninguna manera, gracias", "sms", {"call", "sms", "email"}),
        ("ni me llamen ni me escriban, ya tengo abogado", "sms", {"call", "sms"}),
        ("Remuévanme de la lista de una vez", "sms", {"call", "sms", "email"}),
        ("Mi papá ya falleció. Quítenlo de su lista por favor", "sms", {"call", "sms", "email"}),
        (
            "Please don't call me, I'm at work all day and can't pick up. Email is fine.",
            "sms",
            {"call"},
        ),
    ],
)
def test_it_reads_a_stop_with_where_or_how_firmly(text, channel, refused):
    got = classify_inbound(text, channel)
    assert (got.kind, set(got.channels), got.unsure) == ("stop", refused, False)


@pytest.mark.parametrize(
    ("text", "blocked_until"),
    [
        ("Mornings are no good for me, I work nights", 12),
        ("any time before 11 is bad, I sleep late after dialysis", 11),
        ("las mañanas son difíciles para mí, mejor en la tarde", 12),
    ],
)
def test_it_reads_times_said_to_be_bad_as_a_contact_window(text, blocked_until):
    got = classify_inbound(text, "sms")
    assert got.kind == "stop" and got.unsure and got.window is not None
    assert any(s.start.hour == 0 and s.end.hour == blocked_until for s in got.window.blocked)


@pytest.mark.parametrize(
    "text",
    [
        "Thursday morning is bad for me, can we do Friday?",
        "the afternoon was bad, the judge ran late",
        "that time is bad, how about 4",
        "Evenings are rough with the baby. Mornings?",  # arranging a time, asked back
    ],
)
def test_one_bad_time_for_a_meeting_is_not_a_contact_window(text):
    assert classify_inbound(text, "sms").kind == "message"


@pytest.mark.parametrize(
    "text",
    [
        "Are you guys with the county?",
        "Is this the man I spoke to at the clinic?",
        "wait is this the firm from the radio on 92.5?",
        "¿Son ustedes de la corte o del abogado?",
    ],
)
def test_it_reads_a_question_which_office_we_are_as_help(text):
    assert classify_inbound(text, "sms").kind == "help"


@pytest.mark.parametrize(
    "text",
    [
        "is this the right address to mail the forms?",
        "is that a yes?",
        "¿es la misma fecha de la audiencia?",
        "Are you the ones who called Friday? Please call again after 3",
    ],
)
def test_a_question_about_the_case_or_a_request_after_it_is_not_help(text):
    assert classify_inbound(text, "sms").kind == "message"


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Proszę nie pisać do mnie więcej", {"sms"}),
        ("Nie dzwońcie do mnie, dziękuję", {"call"}),
        ("Não quero mais receber mensagens de vocês", {"sms"}),
        ("Parem de me ligar por favor", {"call"}),
        ("Me tirem da lista de vocês", {"call", "sms", "email"}),
        ("please no call me, text only my english not good", {"call"}),
        ("no calls at my work please", {"call"}),
        ("going to the state bar if this doesn't stop", {"call", "sms", "email"}),
    ],
)
def test_it_reads_stops_in_polish_portuguese_few_words_and_bar_threats(text, refused):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == ("stop", refused)


@pytest.mark.parametrize(
    "text",
    [
        "nikt nie dzwonił do mnie z sądu",
        "my ex keeps texting me. I'm going to the bar association if this doesn't stop, help?",
        "I just want him to leave me alone, can you help with a protective order?",
        "How do I get a protective order so she'll leave me alone?",
        "Leave me alone is all I ever said to him. Now he wants the house",
    ],
)
def test_someone_elses_contact_or_past_tense_is_not_a_stop(text):
    assert classify_inbound(text, "sms").kind != "stop"


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        ("I had said not to text me but things changed, text me", {"sms"}),
        ("it's safe now for you guys to call me", {"call"}),
        ("how can I get back on your email list?", {"email"}),
        ("Antes puse que no, pueden seguir escribiéndome", {"call", "sms", "email"}),
        ("I know I told you to leave me alone. I'm asking for help now", {"call", "sms", "email"}),
        ("START again please, I need the info", {"sms"}),
        ("Podem voltar a mandar mensagens, desculpa", {"sms"}),
    ],
)
def test_it_reads_more_ways_of_asking_to_hear_from_us_again(text, restored):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == ("start", restored)


def test_it_reads_a_relative_named_for_everything_from_now_on_as_an_unsure_stop():
    got = classify_inbound("Talk to my daughter Ana from now on, she does my paperwork", "sms")
    assert got.kind == "stop" and got.unsure


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("only text me please, my boss watches my phone calls", {"call"}),
        ("Just text me. Can't pick up on the forklift", {"call"}),
        ("only email me, I share the phone with my kids", {"call", "sms"}),
        ("Đừng gọi cho tôi nữa", {"call"}),
        ("Xin đừng nhắn tin nữa", {"sms"}),
        ("Remove me from the Injury Insider newsletter, thanks", {"email"}),
        ("Text is fine but don't call me at the warehouse, my lead hears it", {"call"}),
    ],
)
def test_it_reads_one_channel_refused_in_short_or_other_words(text, refused):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == ("stop", refused)


@pytest.mark.parametrize(
    "text",
    [
        "just text me the address of the clinic",
        "Leave me alone is what I told my supervisor, was that wrong?",
        "no creo que lo necesite hoy, mañana le mando las fotos",
        "how do you know my lawyer? he said you were friends",
    ],
)
def test_these_look_alikes_of_this_round_are_not_stops_or_help(text):
    assert classify_inbound(text, "sms").kind == "message"


@pytest.mark.parametrize(
    "text",
    [
        "Mejor lo dejamos así, gracias por todo",
        "No creo que la necesitemos, ya nos pagaron",
        "I don't think we need a lawyer anymore",
    ],
)
def test_it_reads_these_declines_as_unsure_stops(text):
    got = classify_inbound(text, "sms")
    assert got.kind == "stop" and got.unsure


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("how do you know my name?", "help"),
        ("how did you find out I was in an accident", "help"),
        ("are you guys open on Saturday?", "message"),
        ("Are you affiliated with the state fund?", "help"),
        ("INICIO", "start"),
        ("Yes START, my son sent the stop", "start"),
        ("can I have the texts back? I blocked you by mistake", "start"),
        ("Pode me mandar mensagens de novo por favor", "start"),
        ("Les puse que ya no me escribieran pero ahora sí necesito ayuda, escríbanme", "start"),
        ("I said stop back then. I'm not okay now, please call me", "start"),
    ],
)
def test_it_reads_who_we_are_and_starts_in_more_words(text, kind):
    assert classify_inbound(text, "sms").kind == kind


@pytest.mark.parametrize(
    ("text", "kind", "channels"),
    [
        ("Пожалуйста, не звоните мне больше", "stop", {"call"}),
        ("Не пишите мне, спасибо", "stop", {"sms"}),  # noqa: RUF001
        ("Кто это?", "help", set()),
        ("请不要再打电话给我", "stop", {"call"}),
        ("你是谁？", "help", set()),  # noqa: RUF001
        ("전화하지 마세요", "stop", {"call"}),
        ("لا ترسلوا لي أي رسائل", "stop", {"sms"}),
        ("Merci de ne plus m'écrire", "stop", {"sms"}),
        ("Можете снова мне звонить", "start", {"sms"}),
    ],
)
def test_it_reads_the_commonest_words_in_other_scripts_and_french(text, kind, channels):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == (kind, channels)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("how can I turn these off?", "stop"),
        ("please don't leave me voicemails, my kids check the phone", "stop"),
        ("Don't contact me until after the holidays please", "stop"),
        ("don't contact me until you have the settlement papers", "message"),
        ("My wife handles all of this, talk to her", "stop"),
        ("I'd like to get the newsletter again, I changed jobs", "start"),
        ("It's safe to call me now, he moved out", "start"),
        ("Ai đây?", "help"),
        ("Please do not send anything to my old work email, only use this one.", "message"),
    ],
)
def test_it_reads_these_kinds_of_the_last_batches(text, kind):
    assert classify_inbound(text, "email" if "email" in text else "sms").kind == kind


@pytest.mark.parametrize(
    ("text", "kind", "channels"),
    [
        # Somali, Tagalog and Vietnamese in Latin letters; Korean, Chinese and Arabic as written
        ("Fadlan ha ii soo dirin fariimo kale", "stop", {"sms"}),
        ("Ha ii soo wicin", "stop", {"call"}),
        ("Waa ayo?", "help", set()),
        ("Pakitigil po ang pag-text, salamat", "stop", {"sms"}),
        ("Huwag na po kayong tumawag", "stop", {"call"}),
        ("Pakitigil na po ang pagtawag sa akin", "stop", {"call"}),
        ("Wag na kayong mag-text", "stop", {"sms"}),
        ("xin xóa số điện thoại của tôi khỏi danh sách", "stop", {"sms"}),
        ("이제 연락하지 마세요", "stop", {"call", "sms", "email"}),
        ("不要再给我发信息", "stop", {"sms"}),
        ("بلاش التواصل معي", "stop", {"call", "sms", "email"}),
        # A stop sent by mistake, taken back in the same script
        ("제가 실수로 STOP 보냈어요. 다시 연락 주세요", "start", {"sms"}),
        ("Nag-STOP ako by mistake, pwede na ulit mag-text", "start", {"sms"}),
    ],
)
def test_it_reads_more_languages_a_firm_hears(text, kind, channels):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == (kind, channels)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A stop or a limit told before, taken back
        ("My mother told you not to text me, but it's fine, I'm an adult. Text me", "start"),
        ("Mi esposa les pidió que no me llamaran, pero yo sí quiero. Llámenme mañana", "start"),
        ("We're the ones who said stop in June. Can someone contact us? The lease ended", "start"),
        ("Please withdraw my request to not be called. Daytime calls are ok now", "start"),
        ("I said no texts after 8 before, but anytime is fine now", "start"),
        ("I know I said only email but please call me today", "start"),
        ("You can text me at work again, new manager", "start"),
        ("Please sign me up for your monthly newsletter", "start"),
        ("Subject: Unsubscribe", "stop"),
        # Stops in other words
        ("Please don't text me anymore, I'm driving all day and my boss sees my phone", "stop"),
        ("Ni correos ni mensajes, gracias", "stop"),
        ("Mejor por teléfono, no puedo leer los mensajes", "stop"),
        ("We'd rather you not contact us, thank you", "stop"),
        ("My son found a lawyer cheaper than you", "stop"),
        # Hard negatives beside them
        ("Don't call, I'm in a meeting. Text is fine", "message"),
        ("I don't check email every day, call if it's urgent", "message"),
        ("¿Me pueden mandar otra vez el formulario?", "message"),
    ],
)
def test_it_reads_the_kinds_of_batches_aw_to_az(text, kind):
    channel = "email" if text.startswith("Subject") else "sms"
    assert classify_inbound(text, channel).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A role or a family matter the writer wants out of, not our messages
        ("How can I get out of this custody agreement?", "message"),
        ("They want to remove my name from the lease, can they?", "message"),
        ("Quiero darme de baja como albacea, es mucho trabajo", "message"),
        ("¿Puedo dar de baja la custodia compartida?", "message"),
        ("Mi ex quiere quitarme a los niños", "message"),
        # ... and our messages about that matter, still a stop
        ("Stop texting me about the divorce", "stop"),
        ("Please unsubscribe me from your custody emails", "stop"),
    ],
)
def test_a_family_matter_left_is_not_a_stop_of_our_messages(text, kind):
    assert classify_inbound(text, "sms").kind == kind


@pytest.mark.parametrize(
    ("text", "kind", "channels"),
    [
        # START shouted first, then why; a stop tapped by mistake, in other words
        ("START sorry my daughter was playing with my phone", "start", {"sms"}),
        ("START ya hable con mi esposa y si queremos seguir", "start", {"sms"}),
        ("start, perdón, sí quiero los mensajes", "start", {"sms"}),
        ("le aplaste stop x error, perdon", "start", {"sms"}),
        ("le di a cancelar sin querer", "start", {"sms"}),
        ("I meant to type start instead of stop lol", "start", {"sms"}),
        ("My husband sent a stop from my phone. Please text me, I need the help", "start", {"sms"}),
        ("Please text or call again, the stop was my roommate", "start", {"call", "sms"}),
        ("My mom hit STOP on my phone. Please call or text again", "start", {"call", "sms"}),
        # A stop or limit told before and taken back: no limit is kept
        (
            "Les dije que ya no me llamaran. Ahora sí quiero hablar con el abogado",
            "start",
            {"call"},
        ),
        # ... and still hard negatives
        ("START me up, I'm ready lol", "message", set()),
        ("START date for the job is Monday, does that matter for my claim?", "message", set()),
        # Other languages: stops, starts, who is this, wrong numbers
        ("لا تتواصلوا معي من فضلك", "stop", ALL),
        ("الرقم غلط", "stop", PHONE),
        ("أرسلت STOP بالغلط، استمروا في إرسال الرسائل", "start", {"sms"}),
        ("请不要再联系我们，谢谢", "stop", ALL),  # noqa: RUF001
        ("这是什么事？", "help", set()),  # noqa: RUF001
        ("번호 잘못 거셨어요", "stop", PHONE),
        ("Thov tsis txhob tiv tauj kuv ntxiv", "stop", ALL),
        ("Koj yog leej twg?", "help", set()),
        ("Thov xa ntawv tuaj rau kuv dua, kuv xa STOP yuam kev", "start", {"sms"}),
        ("Ha ila soo xiriirin, qareen ayaan haystaa", "stop", ALL),
        ("Maxay tahay fariintan?", "help", set()),
        ("Fadlan farriimaha ii soo dir, waan ka xumahay", "start", {"sms"}),
    ],
)
def test_it_reads_the_kinds_of_batches_ba_to_bc(text, kind, channels):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == (kind, channels)
    assert got.window is None


@pytest.mark.parametrize(
    ("text", "kind", "unsure"),
    [
        # Someone else's stop, aimed at the writer or beside the writer's own wish for help
        (
            "My sister told me to stop calling her about mom's house. What are my options?",
            "message",
            False,
        ),
        (
            "'Stop texting me' is what my landlord said when I asked for the deposit",
            "message",
            False,
        ),
        (
            "Mi tío dice que ya no le llamen, pero yo sí necesito ayuda con el testamento",
            "message",
            False,
        ),
        ("My dad says don't contact him, but I'm the one who needs a lawyer", "message", False),
        # ... and the writer's own, still a stop
        ("Stop texting me. My wife told me to tell you", "stop", False),
        ("My husband told me to tell you to stop calling", "stop", False),
        ("Stop texting me. My sister is sick, but I need help with her bills", "stop", False),
        ("Stop? Of course not, I still need you guys", "message", False),
        # A wrong number told of beside the number to use
        ("Wrong number on the form, my real number is this one. Text me here", "message", False),
        # A step in the matter declined, not the firm
        ("No me interesa negociar con la aseguranza, quiero ir a juicio", "message", False),
        ("I'm done with my landlord and want out. How do I end my lease early?", "message", False),
        # Declines and anger, for a person to decide
        (
            "Thank you for your note. We have decided not to pursue the matter at this time.",
            "stop",
            True,
        ),
        ("😠😠", "stop", True),
        ("필요 없습니다", "stop", True),
        # A put-off to a day named is a reply, not a limit
        ("not now, at work. tomorrow after 4 is better", "message", False),
        ("Who is this? I've gotten so many calls since the accident", "help", False),
    ],
)
def test_someone_elses_stop_and_the_writers_own(text, kind, unsure):
    got = classify_inbound(text, "email" if text.startswith("Thank you") else "sms")
    assert (got.kind, bool(got.unsure)) == (kind, unsure)


@pytest.mark.parametrize(
    ("text", "kind", "channels"),
    [
        # Starts in more words: a stop sent to the wrong thread, a slip, "ok START"
        ("Okay START, sorry about that", "start", {"sms"}),
        (
            "I texted STOP to the wrong message, that was for my bank. Keep them coming",
            "start",
            {"sms"},
        ),
        ("my bad and hit stop, please don't take me off the list", "start", {"sms"}),
        ("It's fine to text and call this number again, I moved out", "start", PHONE),
        ("I said don't call at night before but it's okay now, I work days", "start", {"call"}),
        ("Ahora sí me pueden escribir, ya tengo mi propio celular", "start", {"sms"}),
        ("Les pedí que me borraran pero fue un error, sigan mandándome mensajes", "start", ALL),
        ("my grandbabies put stop on my phone, I still want to hear from yall", "start", {"sms"}),
        ("Nou ka voye mesaj ankò, se pitit mwen ki te ekri STOP", "start", {"sms"}),
        ("Podem voltar a mandar mensagens, foi engano", "start", {"sms"}),
        ("Możesz znowu pisać, to był błąd", "start", {"sms"}),
        # Stops in more languages and words
        ("Пожалуйста, больше не связывайтесь со мной", "stop", ALL),  # noqa: RUF001
        ("Вы ошиблись номером, я не знаю этого человека", "stop", PHONE),
        ("দয়া করে আমার সাথে যোগাযোগ করবেন না", "stop", ALL),
        ("Por mensaje no, mejor llámenme en la tarde", "stop", {"sms"}),
        # ... and hard negatives beside them
        ("Мой бывший не перестает мне звонить. Что делать?", "message", set()),
        ("por mensaje no puedo mandar los papeles, ¿tienen correo?", "message", set()),
        ("Don't call the house phone, this cell is the right number", "message", set()),
        ("no llamen a mi casa, mi suegra contesta. Llámenme a mí a este número", "message", set()),
        (
            "Wrong number on the form but I do need help with my claim, can you call me?",
            "message",
            set(),
        ),
        (
            "No estoy interesado en el acuerdo que ofreció el seguro, quiero pelear",
            "message",
            set(),
        ),
        (
            "The judge said to stop all contact with him. Does that include texts about our son?",
            "message",
            set(),
        ),
    ],
)
def test_it_reads_the_kinds_of_batches_bd_to_bf(text, kind, channels):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels)) == (kind, channels)


@pytest.mark.parametrize(
    ("text", "kind", "channels", "unsure"),
    [
        # Declines in new words: a person decides
        ("My husband and I got back together so we won't need this", "stop", ALL, True),
        ("We hired the attorney my sister used for hers. Thanks anyway", "stop", ALL, True),
        ("My son decided to go with the union lawyer", "stop", ALL, True),
        ("I'm back at work full duty now, don't need nothing", "stop", ALL, True),
        ("gonna let workers comp handle it, thanks", "stop", ALL, True),
        ("Ya nos arreglamos con el casero, gracias", "stop", ALL, True),
        # Relatives who handle it
        ("My daughter handles all of this, you will have to talk to her", "stop", ALL, True),
        ("My sister is the executor so she deals with all of it, not me", "stop", ALL, True),
        ("mi esposo se encarga de todo eso, hablen con él", "stop", ALL, True),
        # Stops the rules did not know
        ("Please desist from texting me", "stop", {"sms"}, False),
        ("Take this number off or we will report you", "stop", ALL, False),
        ("Xin đừng gửi tin nhắn nữa", "stop", {"sms"}, False),
        ("Ne zovite me više", "stop", {"call"}, False),
        ("this hasnt been marcus's number since 2021", "stop", PHONE, False),
        ("no calls til after lunch, I sleep days", "stop", {"call"}, True),
        ("Mejor llámenme, no puedo leer los mensajes", "stop", {"sms"}, True),
        # Starts that tell of an earlier stop
        ("I do want to hear from you, the stop was a mistake", "start", {"sms"}, False),
        ("Perdón, le puse PARE sin querer, sí quiero que me ayuden", "start", {"sms"}, False),
        ("ok it's me. START. I have my own phone now", "start", {"sms"}, False),
        # ... and hard negatives beside them
        (
            "The landlord texted me 'do not contact me again'. Can he do that?",
            "message",
            set(),
            False,
        ),
        ("The school said stop calling the office. Who do I talk to?", "message", set(), False),
        ("My roof is leaking into the kitchen, how do I make it stop?", "message", set(), False),
        ("pls don't stop sending me the updates", "message", set(), False),
        (
            "Mandé STOP a otro número, no a ustedes. Sí quiero que me ayuden",
            "message",
            set(),
            False,
        ),
        ("llámeme, no puedo escribir mucho ahorita estoy manejando", "message", set(), False),
        ("Quiero quitar el nombre de mi ex del contrato de renta", "message", set(), False),
        ("1. Injured at work: yes\n2. Reported: yes\n3. Doctor: yes", "message", set(), False),
    ],
)
def test_it_reads_the_kinds_of_batches_bg_to_bi(text, kind, channels, unsure):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels), got.unsure) == (kind, channels, unsure)


@pytest.mark.parametrize(
    ("text", "kind", "channels", "unsure"),
    [
        ("quit calling me it's 5 in the morning", "stop", {"call"}, False),
        ("ok na po kami, salamat", "stop", ALL, True),
        ("My daughter is handling all of it, call her", "stop", ALL, True),
        ("speak to my son Tomas he takes care of my bills 602-555-0199", "stop", ALL, True),
        ("My grandma doesn't need a lawyer anymore", "stop", ALL, True),
        (
            "We have retained other counsel for the closing. Thank you for your time.",
            "stop",
            ALL,
            True,
        ),
        ("Ya conseguimos abogada, gracias", "stop", ALL, True),
        ("le aviso cuando esté lista", "stop", ALL, True),
        ("This phone has been mine since March, no Tiffany here", "stop", PHONE, False),
        ("I'm traveling until Monday, don't text till then", "stop", {"sms"}, True),
        ("I want to stop getting both the emails and the texts", "stop", {"sms", "email"}, False),
        ("I hardly read email, please dont send emails", "stop", {"email"}, False),
        ("🙄", "stop", ALL, True),
        ("how many more texts are you gonna send me", "stop", {"sms"}, True),
        ("Хватит мне звонить и писать", "stop", PHONE, False),
        ("I'm home now, go ahead and text again", "start", {"sms"}, False),
        ("ask the adjuster to stop calling my dad, he is 90", "message", set(), False),
        (
            "I opted out of my gym's texts today lol. Anyway when is my consult?",
            "message",
            set(),
            False,
        ),
        ("I do not want to unsubscribe, just update my email", "message", set(), False),
        ("Stop. Wait, I meant to send that to my cousin. Friday is fine", "message", set(), False),
    ],
)
def test_it_reads_the_kinds_of_batches_bj_to_bl(text, kind, channels, unsure):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels), got.unsure) == (kind, channels, unsure)


@pytest.mark.parametrize(
    ("text", "kind", "channels", "unsure"),
    [
        ("my dad handles all my legal stuff, talk to him", "stop", ALL, True),
        ("We went with legal aid. Thanks", "stop", ALL, True),
        ("I already hired an attorney last week so I think we're all set", "stop", ALL, True),
        (
            "My brother takes care of all this for me, please talk to him. 559-555-0101",
            "stop",
            ALL,
            True,
        ),
        ("ya arreglamos todo con el seguro gracias a dios", "stop", ALL, True),
        ("Mi hija es la que se encarga de todo, hablen con ella", "stop", ALL, True),
        ("Mejor llámenme, no leo bien los mensajes", "stop", {"sms"}, True),
        ("please don't call, I can't answer at work. texting is fine", "stop", {"call"}, False),
        ("Wag nyo na ako i-text o tawagan", "stop", PHONE, False),
        ("ella ya no quiere recibir mensajes, soy su hija", "stop", {"sms"}, False),
        ("start por favor, sí quiero seguir", "start", {"sms"}, False),
        ("sorry about that, please start the texts back up", "start", {"sms"}, False),
        ("Le bloqueé el número a mi vecino, ¿puedo pedir una orden?", "message", set(), False),
        (
            "I saw how to unsubscribe at the bottom, I don't want to do that. When is my call?",
            "message",
            set(),
            False,
        ),
    ],
)
def test_it_reads_the_kinds_of_batches_bm_to_bo(text, kind, channels, unsure):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels), got.unsure) == (kind, channels, unsure)


def test_a_dead_owners_address_asked_dropped_is_a_stop_of_it():
    got = classify_inbound("My father died in May. This was his email, please delete it.", "email")
    assert (got.kind, set(got.channels), got.unsure) == ("stop", {"email"}, False)


@pytest.mark.parametrize(
    ("text", "kind", "channels", "unsure"),
    [
        ("is there any way to turn these off", "stop", {"sms"}, False),
        ("please stop the texts, they go off at 5am every day", "stop", {"sms"}, False),
        ("quisiera dejar de recibir sus correos, ¿cómo hago?", "stop", {"email"}, False),
        ("Le escribo para pedirle que no me llamen más", "stop", {"call"}, False),
        ("Maria please dont send the texts", "stop", {"sms"}, False),
        ("Не пишіть мені, будь ласка", "stop", {"sms"}, False),  # noqa: RUF001 - Ukrainian
        ("my brother is the one who needs a lawyer, not me", "stop", ALL, True),
        ("My daughter is handling the probate, call her", "stop", ALL, True),
        ("a lawyer from the union took my case", "stop", ALL, True),
        (
            "This firm represents Mr. Cole. Please direct all further correspondence to me.",
            "stop",
            ALL,
            False,
        ),
        ("mandé STOP pero fue mi nieta, sigan mandando", "start", {"sms"}, False),
        ("quit asking me for the same photos, I sent them twice", "message", set(), False),
    ],
)
def test_it_reads_the_kinds_of_batches_bp_to_br(text, kind, channels, unsure):
    got = classify_inbound(text, "sms")
    assert (got.kind, set(got.channels), got.unsure) == (kind, channels, unsure)
