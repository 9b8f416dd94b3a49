import pytest

from steadfast.compliance.optout import classify_inbound

CALL, SMS, EMAIL = {"call"}, {"sms"}, {"email"}
PHONE = CALL | SMS
ALL = CALL | SMS | EMAIL
NONE: set[str] = set()

# (what the person wrote, channel it came on, kind, channels)
KEYWORDS = [
    ("STOP", "sms", "stop", SMS),
    ("stop", "sms", "stop", SMS),
    ("Stop.", "sms", "stop", SMS),
    ("  STOP!!! ", "sms", "stop", SMS),
    ("stop stop stop", "sms", "stop", SMS),
    ("STOP", "email", "stop", EMAIL),
    ("STOPALL", "sms", "stop", ALL),
    ("UNSUBSCRIBE", "sms", "stop", SMS),
    ("Cancel", "sms", "stop", SMS),
    ("END", "sms", "stop", SMS),
    ("quit", "sms", "stop", SMS),
    ("Revoke", "sms", "stop", SMS),
    ("OPTOUT", "sms", "stop", SMS),
    ("OPT OUT", "sms", "stop", SMS),
    ("opt-out", "sms", "stop", SMS),
    ("Stpo", "sms", "stop", SMS),
    ("unsub", "email", "stop", EMAIL),
    ("START", "sms", "start", SMS),
    ("unstop", "sms", "start", SMS),
    ("Yes!", "sms", "start", SMS),
    ("HELP", "sms", "help", NONE),
    ("info", "sms", "help", NONE),
    ("Help?", "sms", "help", NONE),
]

STOPS = [
    ("please stop texting me", "sms", "stop", SMS),
    ("Stop texting this number", "sms", "stop", SMS),
    ("STOP CALLING ME!!!", "sms", "stop", CALL),
    ("stop calling and texting me", "sms", "stop", PHONE),
    ("stop calling, texting and emailing me", "sms", "stop", ALL),
    ("Stop sending me these texts", "sms", "stop", SMS),
    ("quit texting me", "sms", "stop", SMS),
    ("Stop emailing me", "email", "stop", EMAIL),
    ("stop messaging me", "sms", "stop", SMS | EMAIL),
    ("please stop contacting me", "sms", "stop", ALL),
    ("stop harassing me or I will report you", "sms", "stop", ALL),
    ("Why won't you stop calling me?", "sms", "stop", CALL),
    ("you guys won't stop calling me", "sms", "stop", CALL),
    ("Can you please stop calling me", "sms", "stop", CALL),
    ("Y'all need to stop texting me", "sms", "stop", SMS),
    ("tell your lawyer to stop calling me", "sms", "stop", CALL),
    ("I want to stop receiving these texts", "sms", "stop", SMS),
    ("I prefer email, please stop calling", "email", "stop", CALL),
    ("Stop texting and call me instead", "sms", "stop", SMS),
    ("the calls need to stop", "sms", "stop", CALL),
    ("enough with the calls", "sms", "stop", CALL),
    ("no more emails", "email", "stop", EMAIL),
    ("No more calls please", "sms", "stop", CALL),
    ("no texts please", "sms", "stop", SMS),
    ("No more!", "sms", "stop", ALL),
    ("don't call me again", "sms", "stop", CALL),
    ("Don't ever contact me again", "email", "stop", ALL),
    ("do not contact me", "email", "stop", ALL),
    ("Do not call this number again", "sms", "stop", CALL),
    ("please don't text me anymore", "sms", "stop", SMS),
    ("never call me again", "sms", "stop", CALL),
    ("Please text, don't call", "sms", "stop", CALL),
    ("Don't call me, text me instead", "sms", "stop", CALL),
    ("This is spam", "sms", "stop", ALL),
    ("I don't want any more calls", "sms", "stop", CALL),
    ("I do not want to be contacted", "email", "stop", ALL),
    ("please stop", "sms", "stop", ALL),
    ("stop please", "sms", "stop", ALL),
    ("just stop", "sms", "stop", ALL),
    ("STOP NOW", "sms", "stop", ALL),
    ("I said stop", "sms", "stop", ALL),
    ("Stop!! I already hired another attorney", "sms", "stop", ALL),
    ("Cancel all", "sms", "stop", ALL),
    ("take me off your list", "sms", "stop", ALL),
    ("Please remove me from your list", "email", "stop", ALL),
    ("I'm not interested, remove me", "sms", "stop", ALL),
    ("remove me please", "sms", "stop", ALL),
    ("REMOVE", "email", "stop", ALL),
    ("take me off your mailing list", "email", "stop", EMAIL),
    ("Please take my number off your call list", "sms", "stop", CALL),
    ("Delete my email address from your system", "email", "stop", EMAIL),
    ("lose my number", "sms", "stop", PHONE),
    ("remove my number", "sms", "stop", PHONE),
    ("put me on your do not call list", "sms", "stop", PHONE),
    ("unsubscribe me", "email", "stop", ALL),
    ("How do I unsubscribe from these emails", "email", "stop", EMAIL),
    ("opt me out", "sms", "stop", ALL),
    ("I revoke consent to receive text messages", "sms", "stop", SMS),
    ("I withdraw my consent", "email", "stop", ALL),
    ("I never signed up for this", "sms", "stop", ALL),
    ("I never gave you my number", "sms", "stop", ALL),
    ("wrong number", "sms", "stop", PHONE),
    ("wrong number, stop", "sms", "stop", PHONE),
    ("Sorry, I think you have the wrong number", "sms", "stop", PHONE),
    ("Wrong person. Please remove this number", "sms", "stop", PHONE),
    ("I'm not the person you're looking for", "sms", "stop", PHONE),
    ("leave me alone", "sms", "stop", ALL),
    ("Please leave my family alone", "sms", "stop", ALL),
    ("go away!!!!", "sms", "stop", ALL),
    ("f*** off", "sms", "stop", ALL),
    ("leave me the f alone", "sms", "stop", ALL),
    ("No me llames más", "sms", "stop", CALL),
    ("No más mensajes por favor", "sms", "stop", SMS),
    ("déjame en paz", "sms", "stop", ALL),
]

NOT_STOPS = [
    ("don't stop, call me at 5", "sms", "message", NONE),
    ("I'll stop by tomorrow", "sms", "message", NONE),
    ("can you stop by my house", "sms", "message", NONE),
    ("the pain won't stop", "sms", "message", NONE),
    ("I want to stop the lawsuit against me?", "sms", "message", NONE),
    ("where do I stop to park", "sms", "message", NONE),
    ("yes I'm interested", "sms", "message", NONE),
    ("end of the day works", "sms", "message", NONE),
    ("cancel my appointment and reschedule", "sms", "message", NONE),
    ("quit my job after the accident", "sms", "message", NONE),
    ("help me with my case", "sms", "message", NONE),
    ("please don't stop texting me", "sms", "message", NONE),
    ("I can't stop thinking about the accident", "sms", "message", NONE),
    ("He ran a stop sign and hit me", "sms", "message", NONE),
    ("My car was hit at a stop light", "sms", "message", NONE),
    ("We need to stop the foreclosure", "sms", "message", NONE),
    ("I need to stop payment on the check", "email", "message", NONE),
    ("the calls from the insurance company won't stop", "sms", "message", NONE),
    ("my ex won't stop calling me", "sms", "message", NONE),
    ("I told the adjuster to stop calling me", "sms", "message", NONE),
    ("The adjuster keeps calling, how do I make them stop calling me", "sms", "message", NONE),
    ("I want the calls from the adjuster to stop", "sms", "message", NONE),
    ("the pain in my back won't go away", "sms", "message", NONE),
    ("Don't call, I'm at work. Text is fine", "sms", "message", NONE),
    ("Please don't contact my employer", "email", "message", NONE),
    ("I do not text, please call me", "sms", "message", NONE),
    ("I'll stop texting you now", "sms", "message", NONE),
    ("Remove me from the lawsuit", "email", "message", NONE),
    ("Take me off the case", "email", "message", NONE),
    ("I never gave consent for the surgery", "email", "message", NONE),
    ("I want to revoke my will", "email", "message", NONE),
    ("I don't want to opt out", "sms", "message", NONE),
    ("The hospital has the wrong number for me", "sms", "message", NONE),
    ("Can you call me after 5?", "sms", "message", NONE),
    ("Can you send the retainer agreement by email instead of text?", "email", "message", NONE),
    ("I think I blocked you by accident, can you call again", "sms", "message", NONE),
    ("Quiero cancelar mi cita del jueves", "sms", "message", NONE),
    ("Unsubscribe? No, I want to talk", "sms", "message", NONE),
    ("Is this about my accident claim?", "sms", "message", NONE),
    ("I'd like to cancel the consultation", "email", "message", NONE),
    ("START me up", "sms", "message", NONE),
    ("info about my case please", "sms", "message", NONE),
]


# Might be a stop: automated contact pauses (so the kind is "stop") and a person decides.
UNSURE = [
    # Said alone, a person decides (the second reader, taught on batches where "I never asked
    # for this" comes with a stop, weighs it one; texts pause meanwhile): the safe direction.
    ("I never asked for a lawyer", "sms", "stop", ALL),
    ("Not interested", "sms", "stop", ALL),
    ("no longer interested thanks", "email", "stop", ALL),
    ("no thanks", "sms", "stop", ALL),
    ("too many texts", "sms", "stop", SMS),
    ("No me interesa", "sms", "stop", ALL),
    ("don't call me at work", "sms", "stop", CALL),
    ("don't call me before 5pm", "sms", "stop", CALL),
    ("stop calling me so early", "sms", "stop", CALL),
    ("no calls after 8pm please", "sms", "stop", CALL),
    # A reply that only declines: a person decides whether it ends contact.
    ("I already have a lawyer", "sms", "stop", ALL),
    ("I'm good, thanks", "sms", "stop", ALL),
    ("ya tengo abogado", "sms", "stop", ALL),
    ("no me llamen en el trabajo", "sms", "stop", CALL),
    ("why am I getting so many texts from you?", "sms", "stop", SMS),
]


@pytest.mark.parametrize(("text", "channel", "kind", "channels"), KEYWORDS + STOPS + NOT_STOPS)
def test_it_reads_what_the_person_meant(text, channel, kind, channels):
    intent = classify_inbound(text, channel=channel)
    assert (intent.kind, set(intent.channels)) == (kind, channels), intent.matched
    assert not intent.unsure, intent.matched


@pytest.mark.parametrize(("text", "channel", "kind", "channels"), UNSURE)
def test_it_leaves_a_maybe_to_a_person_and_pauses_meanwhile(text, channel, kind, channels):
    intent = classify_inbound(text, channel=channel)
    assert (intent.kind, set(intent.channels), intent.unsure) == (kind, channels, True)


@pytest.mark.parametrize(
    ("text", "channel", "stopped", "kept"),
    [
        ("Please call instead of texting", "sms", SMS, CALL),
        ("don't call, text is fine", "sms", CALL, SMS),
        ("Stop emailing me, text is fine", "email", EMAIL, SMS),
        ("No calls. Text only.", "sms", CALL, SMS),
        ("No me llame, mándeme mensaje", "sms", CALL, SMS),
    ],
)
def test_it_suppresses_only_the_channel_a_switch_revokes(text, channel, stopped, kept):
    intent = classify_inbound(text, channel=channel)
    assert (intent.kind, set(intent.channels), set(intent.prefers)) == ("stop", stopped, kept)


@pytest.mark.parametrize(
    "text", ["wrong number", "You have the wrong person", "I'm not Jane", "Número equivocado"]
)
def test_it_tells_a_wrong_person_from_an_opt_out(text):
    intent = classify_inbound(text, channel="sms")
    assert (intent.kind, set(intent.channels), intent.reason) == ("stop", PHONE, "wrong_person")
    assert classify_inbound("stop texting me", channel="sms").reason == ""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("STOP", "en"),
        ("please stop texting me", "en"),
        ("No me escriba más", "es"),
        ("Stop por favor", "es"),
        ("Sáquenme de su lista", "es"),
        ("ALTO", "es"),
    ],
)
def test_it_knows_which_language_to_answer_in(text, language):
    assert classify_inbound(text, channel="sms").language == language


@pytest.mark.parametrize("text", ["ayuda", "AYUDA", "información", "Info", "¿ayuda?"])
def test_it_understands_help_in_spanish(text):
    assert classify_inbound(text, channel="sms").kind == "help"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("S T O P", "stop"),
        ("STOPPPPP", "stop"),
        ("🛑", "stop"),
        ("Stop\n\nSent from my iPhone", "stop"),
        ("stop textng me", "stop"),
        ("START 👍", "start"),
        ("I sent stop by accident", "start"),
        ("you can text me again", "start"),
    ],
)
def test_it_reads_through_noise(text, kind):
    intent = classify_inbound(text, channel="sms")
    assert (intent.kind, set(intent.channels)) == (kind, SMS), intent.matched


def test_it_has_a_table_large_enough_to_trust():
    assert len(KEYWORDS + STOPS + NOT_STOPS) >= 60
    assert len(STOPS) >= 40 and len(NOT_STOPS) >= 40


def test_it_records_which_keyword_or_rule_decided():
    assert classify_inbound("STOP", channel="sms").matched == "keyword STOP"
    assert classify_inbound("OPT OUT").matched == "keyword OPT OUT"
    free_text = classify_inbound("stop calling and texting me", channel="sms")
    assert free_text.matched == "stop + contact: 'stop calling and texting'"
    both = classify_inbound("wrong number, stop")
    assert "wrong number" in both.matched and "imperative stop" in both.matched
    assert classify_inbound("see you tomorrow").matched == ""


def test_it_ignores_the_quoted_original_under_an_email_reply():
    quoted = (
        "\n\nOn Mon, Mar 2, 2026 at 10:00 AM Lakeshore Injury Law <intake@lakeshore.example>"
        " wrote:\n> Hi Jane, thank you for contacting us.\n> Reply STOP to opt out"
    )
    reply = classify_inbound("Thanks, I'll call you tomorrow." + quoted, channel="email")
    assert reply.kind == "message"
    stop = classify_inbound("Please unsubscribe me." + quoted, channel="email")
    assert (stop.kind, set(stop.channels)) == ("stop", ALL)
    inline = classify_inbound("> Reply STOP to opt out\nsure, call me at 3", channel="email")
    assert inline.kind == "message"


def test_it_rejects_an_unknown_channel():
    with pytest.raises(ValueError, match="unknown channel 'fax'"):
        classify_inbound("STOP", channel="fax")


def test_it_treats_an_empty_message_as_a_message():
    assert classify_inbound("", channel="sms").kind == "message"
    assert classify_inbound("   🙂  ", channel="sms").kind == "message"


@pytest.mark.parametrize(
    ("text", "blocked", "allowed"),
    [
        ("I work nights, don't call in the morning", "09:30", "13:00"),
        ("not during the day please, I work", "12:00", "18:30"),
        ("no texts in the evening", "19:00", "11:00"),
    ],
)
def test_it_turns_a_part_of_the_day_into_a_contact_window(text, blocked, allowed):
    from datetime import datetime

    intent = classify_inbound(text, "sms")
    assert (intent.kind, intent.unsure) == ("stop", True)
    assert intent.window is not None
    monday = "2026-12-07 "
    assert intent.window.blocked[0].holds(datetime.fromisoformat(monday + blocked))
    assert not intent.window.blocked[0].holds(datetime.fromisoformat(monday + allowed))


@pytest.mark.parametrize(
    ("text", "channels", "blocked", "allowed"),
    [
        # Days of the week, alone or with hours, in English and Spanish (Mon 7 Dec 2026).
        ("not on Saturdays please, I observe Shabbat", {"call", "sms"}, ["12 11:00"], ["11 11:00"]),
        ("no calls on Sundays", {"call"}, ["13 18:00"], ["12 18:00", "07 18:00"]),
        (
            "I can't take calls Monday through Friday between 7 and 3",
            {"call"},
            ["07 07:30", "11 14:59"],
            ["07 15:00", "07 06:59", "12 10:00"],
        ),
        ("only weekdays after 5 please", {"call", "sms"}, ["12 18:00", "08 16:00"], ["08 17:30"]),
        (
            "solo los fines de semana por favor, entre semana no puedo contestar",
            {"call", "sms"},
            ["09 12:00"],
            ["12 12:00", "13 09:00"],
        ),
        ("de lunes a viernes no me llamen, trabajo", {"call"}, ["10 12:00"], ["12 12:00"]),
        ("don't text me mon-thu", {"sms"}, ["10 12:00"], ["11 12:00"]),
        ("los martes no puedo", {"call", "sms"}, ["08 12:00"], ["09 12:00"]),
        (
            "Please don't call before 10 on weekends",
            {"call"},
            ["12 09:00"],
            ["12 10:30", "07 08:00"],
        ),
        ("please don't call between 9 and 5", {"call"}, ["08 10:00"], ["08 17:30", "08 08:00"]),
    ],
)
def test_a_limit_on_days_of_the_week_is_an_unsure_stop_with_a_window(
    text, channels, blocked, allowed
):
    from datetime import datetime

    intent = classify_inbound(text, "sms")
    assert (intent.kind, intent.unsure, set(intent.channels)) == ("stop", True, channels)
    window = intent.window
    assert window is not None and set(window.channels) == channels
    for when in blocked:
        assert window.span_at(datetime.fromisoformat(f"2026-12-{when}")), (text, when)
    for when in allowed:
        assert not window.span_at(datetime.fromisoformat(f"2026-12-{when}")), (text, when)


@pytest.mark.parametrize(
    "text",
    [
        "I don't work weekends, call me saturday",  # a wish for one day, not a limit
        "I only work weekends",
        "no me llamaron el viernes",  # what happened
        "you didn't call me on Monday like you said",
        "I'm going away for the weekend, call me Monday",
        "No sorry I'm at work, can we talk at lunch?",  # where they are now
        "I'm not available Monday, how about Wednesday at 2?",  # one occasion
        "no puedo el martes, mejor el jueves",
        "No trabajo los fines de semana",  # one's own work
        "My appointment is not on Saturday, it's Sunday",
    ],
)
def test_days_and_hours_that_are_not_a_limit_stay_a_reply(text):
    intent = classify_inbound(text, "sms")
    assert intent.kind == "message", (text, intent)
    assert intent.window is None or not intent.window.blocked[0].days < frozenset(
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    )


@pytest.mark.parametrize(
    ("text", "channel", "kind", "unsure", "channels"),
    [
        # Soft declines and "it's handled": a person decides.
        ("All good over here now, thank you", "sms", "stop", True, ALL),
        ("We already settled with their insurer a few weeks ago", "sms", "stop", True, ALL),
        ("No gracias, la aseguradora ya me pagó", "sms", "stop", True, ALL),
        ("We're all squared away now, thanks though", "sms", "stop", True, ALL),
        ("Everything's been taken care of by my insurance, thank you", "email", "stop", True, ALL),
        ("Ya todo quedó arreglado con el seguro, gracias", "sms", "stop", True, ALL),
        ("Not needed anymore, thanks", "sms", "stop", True, ALL),
        ("There's no reason to keep emailing me", "email", "stop", False, {"email"}),
        ("los domingos no, por favor", "sms", "stop", True, {"call", "sms"}),
        ("It's all handled, when do I sign?", "sms", "message", False, None),
        ("Is everything taken care of?", "sms", "message", False, None),
        # A channel switch the other way round, and the means named after a verb of contact.
        ("Just text me instead of emailing please", "email", "stop", False, {"email"}),
        ("please stop contacting me by email", "sms", "stop", False, {"email"}),
        ("Don't reach out to me by phone", "sms", "stop", False, {"call"}),
        ("no me llamen ni me manden mensajes", "sms", "stop", False, {"call", "sms"}),
        # A complaint that they still write is not a wish for that channel.
        ("I unsubscribed and you still email me", "email", "stop", False, ALL),
        # A stop told of, then undone.
        ("I opted out last month but please add me back", "sms", "start", False, {"sms"}),
        ("I told you to stop texting but you can text me again now", "sms", "start", False, None),
        ("We unblocked your number, go ahead", "sms", "start", False, {"call", "sms"}),
        ("I'd like the emails again", "email", "start", False, {"email"}),
        # Someone else, and statements that are not about contact.
        ("Don't call the other driver's insurance, I'll do it", "sms", "message", False, None),
        ("no firmé nada con nadie", "sms", "message", False, None),
        ("I blacked out after the crash", "sms", "message", False, None),
        # Asking who is writing and why.
        ("Could you tell me who this is?", "sms", "help", False, None),
        ("what are these emails about", "email", "help", False, None),
        ("Which accident??", "sms", "help", False, None),
        ("INFO - who is texting me", "sms", "help", False, None),
        ("no entiendo el mensaje", "sms", "help", False, None),
        ("who's this?? how'd u get my #", "sms", "help", False, None),
        ("Sorry, what firm are you with?", "sms", "help", False, None),
        ("What's this about? Never heard of you", "sms", "help", False, None),
    ],
)
def test_it_reads_declines_switches_told_stops_and_questions(text, channel, kind, unsure, channels):
    intent = classify_inbound(text, channel)
    assert (intent.kind, intent.unsure) == (kind, unsure), (text, intent)
    if channels is not None:
        assert set(intent.channels) == set(channels), (text, intent)


@pytest.mark.parametrize(
    ("text", "channel", "kind"),
    [
        # causative: someone else's stop
        ("Could you get Geico to stop texting me? It's nonstop", "sms", "message"),
        ("I asked my landlord to stop calling me about rent, is that allowed?", "sms", "message"),
        ("pls tell the hospital billing to quit calling me", "sms", "message"),
        ("I told the insurance adjuster to stop contacting me, was that right?", "sms", "message"),
        ("I told you to stop texting me", "sms", "stop"),
        ("I asked y'all to stop calling me last week. Stop.", "sms", "stop"),
        # enough about someone else
        (
            "Enough is enough with this insurance company, they won't pay. Can we sue?",
            "sms",
            "message",
        ),
        ("My boss keeps cutting my hours. Enough", "sms", "message"),
        ("Enough already with the texts", "sms", "stop"),
        # length of time is not an hour
        ("my doctor quit after 3 weeks, do I need a new one?", "sms", "message"),
        ("the pain stopped after 2 days but came back", "sms", "message"),
        # Spanish block of someone else
        ("bloqueé el teléfono del otro chofer, ¿está bien?", "sms", "message"),
        ("ya bloqueé este número", "sms", "stop"),
        # declines in more words
        (
            "Thanks for the info, but I've decided not to proceed with a claim at this time."
            " Regards, Dana",
            "email",
            "stop",
        ),
        ("Think I'll pass on this one, thanks anyway", "sms", "stop"),
        ("Thanks for your time. We went with a firm near home.", "email", "stop"),
        ("gracias, ya contraté un bufete", "sms", "stop"),
        (
            "Appreciate the follow up. This is no longer needed, the insurer has paid in full.",
            "email",
            "stop",
        ),
        ("Thanks for your time, when can we meet?", "sms", "message"),
        # stop receiving with adjectives
        ("I'd like to stop receiving the weekly emails please", "email", "stop"),
        ("please remove me manually, the link is broken", "email", "stop"),
        # while-limit
        ("Please don't call while I'm at church on Sunday mornings", "sms", "stop"),
        ("don't text me when I'm driving please", "sms", "stop"),
        # a channel that doesn't reach the person
        ("My dad doesn't read texts. Please call him instead", "sms", "stop"),
        ("Can I get texts instead of emails? I never check this inbox", "email", "stop"),
        ("I didn't read your text yet, what was it about?", "sms", "message"),
        # help
        ("I'm confused, who are you?", "sms", "help"),
        (
            "Hi, I don't recall contacting anyone. Can you tell me what this is regarding and"
            " how you got my email?",
            "email",
            "help",
        ),
        ("what kind of texts are these? do they cost me anything?", "sms", "help"),
        ("no sé qué es esto", "sms", "help"),
        ("who is this? I filled out some forms online last week", "sms", "help"),
        ("Who's this? my husband said somebody from a law firm called", "sms", "help"),
        ("help me understand what this is about", "sms", "help"),
        # starts
        ("ok, resubscribe me", "sms", "start"),
        (
            "I unsubscribed last year but I need help now, please add me back to your mailing"
            " list.",
            "email",
            "start",
        ),
        ("Keep texting me updates, I told the other firm STOP not you", "sms", "message"),
        # annoyed at not hearing back
        ("This is so annoying, nobody called me back. Call me today please", "sms", "message"),
        ("this is ridiculous, stop texting me", "sms", "stop"),
        # postal mail
        ("Stop sending letters to my old house, I moved to 22 Oak St", "email", "message"),
        ("stop sending me mail", "email", "stop"),
        # run-on
        ("dont call me dont text me", "sms", "stop"),
        ("unsubscribe. I'm sick of these emails", "email", "stop"),
    ],
)
def test_it_reads_new_wordings_of_each_kind_it_was_widened_for(text, channel, kind):
    """Replies written for each kind of wording widened after a blind set's first sight (not
    taken from it): someone else asked to stop, fed up with someone else, a length of time,
    declines in more words, what reaches the person, help in more words, starts, post."""
    assert classify_inbound(text, channel).kind == kind, text


@pytest.mark.parametrize(
    ("text", "channel", "kind", "channels"),
    [
        # Requests that run on without a stop add up their channels.
        ("dont email me dont text me", "email", "stop", {"email", "sms"}),
        # A bare "unsubscribe" beside wording that names channels refers to those.
        ("No more emails from you. Unsubscribe.", "email", "stop", {"email"}),
        # "if you call or text me again": no preference for texts, whatever follows.
        ("if you text or call me again I'll report you", "sms", "stop", ALL),
        # The list or the things named say which channels.
        ("remove my email and phone number from your files", "email", "stop", ALL),
        ("quiero darme de baja de los mensajes", "sms", "stop", {"sms"}),
        ("sáquenme de su lista de correos", "email", "stop", {"email"}),
        ("Please add me back to your contact list", "email", "start", ALL),
        # A channel that does not reach the person; the one asked for instead is kept.
        ("He never reads his emails, text him instead", "email", "stop", {"email"}),
    ],
)
def test_it_scopes_what_the_wording_names(text, channel, kind, channels):
    intent = classify_inbound(text, channel)
    assert (intent.kind, intent.channels) == (kind, frozenset(channels)), text


@pytest.mark.parametrize(
    ("text", "channel", "kind", "unsure", "channels"),
    [
        # How often is a complaint, not a time: the request stands.
        ("stop texting me 4 times a day", "sms", "stop", False, {"sms"}),
        ("quit calling me like 6 times", "sms", "stop", False, {"call"}),
        # A stop word and an aside in brackets.
        ("Cancel (this is his wife, he passed away)", "sms", "stop", False, {"sms"}),
        ("stop (wrong person)", "sms", "stop", False, {"call", "sms"}),
        ("cancel (oops by mistake)", "sms", "message", False, set()),
        # A stop with a threat after it.
        ("stop it or I will get my attorney involved", "sms", "stop", False, ALL),
        ("Stop or else", "sms", "stop", False, ALL),
        ("stop or i'll sign with you", "sms", "message", False, set()),
        (
            "I asked you to stop before but you can text me again now",
            "sms",
            "start",
            False,
            {"sms"},
        ),
        # "ya" makes "para" an order.
        ("para ya porfa", "sms", "stop", False, ALL),
        ("ya párenle", "sms", "stop", False, ALL),
        ("para ya mañana?", "sms", "message", False, set()),
        # A stop told before and a complaint that contact goes on.
        ("We told you to stop weeks ago and you keep calling", "sms", "stop", False, {"call"}),
        ("I asked you to remove me. why do I keep getting these", "email", "stop", False, ALL),
        ("I asked you to stop and you did, thanks", "sms", "message", False, set()),
        # The firm's help declined in general: unsure, for a person.
        ("Not interested in an attorney, thanks", "sms", "stop", True, ALL),
        ("Everything's already been handled", "sms", "stop", True, ALL),
        ("all taken care of now thanks", "sms", "stop", True, ALL),
        ("I'm going to deal with it myself. Good luck", "email", "stop", True, ALL),
        ("my cousin is an attorney, she is handling it", "sms", "stop", True, ALL),
        ("my wife is handling the claim for us", "sms", "stop", True, ALL),
        ("we'll get in touch if we decide to", "email", "stop", True, ALL),
        ("otro abogado ya me está ayudando", "sms", "stop", True, ALL),
        ("decidí no seguir con el caso, gracias", "sms", "stop", True, ALL),
        # ... but not when the same words ask or go on.
        ("my brother is an attorney, can he call you?", "sms", "message", False, set()),
        ("I'll call you if I need anything about the case?", "sms", "message", False, set()),
        # A way to reach the person in a hurry is not a channel refused.
        ("text me rather than calling if anything is urgent", "sms", "message", False, set()),
        ("text me rather than calling", "sms", "stop", False, {"call"}),
        # Asking who is writing.
        ("who u", "sms", "help", False, set()),
        ("¿con quién hablo?", "sms", "help", False, set()),
        ("y ustedes quiénes son", "sms", "help", False, set()),
    ],
)
def test_it_reads_the_wordings_of_the_third_blind_set(text, channel, kind, unsure, channels):
    intent = classify_inbound(text, channel)
    assert (intent.kind, intent.unsure, intent.channels) == (
        kind,
        unsure,
        frozenset(channels),
    ), (text, intent)


@pytest.mark.parametrize(
    ("text", "channel", "kind", "unsure", "channels"),
    [
        # Questions about who is writing and what the texts are: help.
        ("what request?", "sms", "help", False, set()),
        ("huh", "sms", "help", False, set()),
        ("about what?", "sms", "help", False, set()),
        ("who is Redwood Legal", "sms", "help", False, set()),
        ("no idea who this is", "sms", "help", False, set()),
        ("how many times a week will you text me?", "sms", "help", False, set()),
        ("what are the text rates?", "sms", "help", False, set()),
        ("Sorry, before I text stop, who is this?", "sms", "help", False, set()),
        ("¿me pueden decir quiénes son?", "sms", "help", False, set()),
        ("how can I unsubscribe in the future if I want to?", "sms", "help", False, set()),
        # How often, less often, sarcasm and letting the claim go: unsure, for a person.
        ("3 calls a day is overkill", "sms", "stop", True, {"call"}),
        ("please tone down the emails", "email", "stop", True, {"email"}),
        ("Wonderful, yet another call. Just what I needed", "sms", "stop", True, {"call"}),
        ("I guess we'll just let go of the claim", "sms", "stop", True, ALL),
        ("stop texting me at 6am", "sms", "stop", True, {"sms"}),
        # A bare stop beside the contact complained of covers that contact.
        ("your calls wake up my baby. stop", "sms", "stop", False, {"call"}),
        # The wrong email address is the email's, not the phone's.
        ("wrong email address, I'm not Carla", "email", "stop", False, {"email"}),
        # Re-subscribing in free text.
        ("START por favor, changed my mind", "sms", "start", False, {"sms"}),
        ("reanudar los mensajes", "sms", "start", False, {"sms"}),
        ("start the emails again", "email", "start", False, {"email"}),
        ("undo my opt out request", "sms", "start", False, {"sms"}),
        (
            "I texted STOP yesterday but actually please call me",
            "sms",
            "start",
            False,
            {"sms", "call"},
        ),
        (
            "les pedí que no me llamaran, pero ahora sí, llámenme",
            "sms",
            "start",
            False,
            {"call"},
        ),
        ("texts are okay now", "sms", "start", False, {"sms"}),
        # Look-alikes stay replies.
        ("don't email me the forms, I'll pick them up", "sms", "message", False, set()),
        ("ya basta, la aseguradora no me contesta", "sms", "message", False, set()),
        ("my landlord told me to stop calling the city about it", "sms", "message", False, set()),
        ("no me dejen sola, necesito ayuda con el caso", "sms", "message", False, set()),
        (
            "Stop what? I never asked for a brochure. Yes I want the consult though",
            "sms",
            "message",
            False,
            set(),
        ),
        ("text me 2 more times and you'll have my business lol", "sms", "message", False, set()),
    ],
)
def test_it_reads_the_wordings_of_the_fourth_blind_set(text, channel, kind, unsure, channels):
    intent = classify_inbound(text, channel)
    assert (intent.kind, intent.unsure, intent.channels) == (
        kind,
        unsure,
        frozenset(channels),
    ), (text, intent)
