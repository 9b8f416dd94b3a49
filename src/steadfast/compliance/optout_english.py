"""The English grammar of a stop: a stop verb and the contact it stops, negation, whose doing.

Part of compliance.optout; each rule yields a `Hit` with the channels its words name. Works on
text from optout_text.normalise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CHANNELS = frozenset({"call", "sms", "email"})
_CALL = frozenset({"call"})
_SMS = frozenset({"sms"})
_EMAIL = frozenset({"email"})
_PHONE = _CALL | _SMS
_WRITTEN = _SMS | _EMAIL  # "messages": texts or emails
_ALL = CHANNELS
_CONTEXT = frozenset[str]()  # names no channel: refers to the channels named beside it, else all


# --- vocabulary ----------------------------------------------------------------------------------


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _words(table: dict[frozenset[str], str]) -> dict[str, frozenset[str]]:
    return {word: channels for channels, words in table.items() for word in words.split("|")}


# Contact that is going on ("stop calling", "no more texts"): gerunds and plurals, not "my call
# tomorrow", which is an appointment. Spam names no channel: it refers to what is around it.
_ONGOING = _words({
    _CALL: "calls|calling|phone calls|robocalls|robo calls|robocalling|voicemails|voice mails"
           "|phoning|ringing|dialing|llamadas|telephoning|telephone calls",
    _SMS: "text|texts|texting|text messages|txts|txting|sms|smses|textos|mensajes|msjs|msj",
    _EMAIL: "email|emails|emailing|e mail|e mails|e mailing|mail|mailing|mailings|newsletters"
            "|newsletter",
    _WRITTEN: "messages|messaging|msgs",
    _PHONE: "blowing up my phone|blowing my phone up|blowing up my cell|hitting me up"
            "|hitting up my phone|hitting my line|hitting up my line|blowing up my line"
            "|ringing my phone|calling my line",
    _ALL: "contacting|contact|reaching out|bothering|harassing|harrassing|pestering|hounding"
          "|bugging|stalking|annoying me|soliciting me|asking me|asking|pinging me|pinging"
          "|soliciting|solicitations|following up|communication|communications|correspondence"
          "|outreach|follow ups|followups|follow up messages|check ins|checkins|checking in"
          "|reaching out to me",
    _CONTEXT: "spamming|spam|notifications|alerts|reminders|promotions|promos|ads"
              "|advertisements|marketing|updates|blasts",
})  # fmt: skip
# The same contact as a plain verb, after "don't": "don't call me", "never text me again".
_BASE = _words({
    _CALL: "call|phone|ring|telephone", _SMS: "text|txt|sms", _EMAIL: "email|e mail",
    _PHONE: "hit me up|hit up",
    _WRITTEN: "message|msg", _CONTEXT: "spam",
    _ALL: "contact|bother|harass|pester|reach out to|reach out|solicit|follow up with|follow up"
          "|get in touch with|get in touch|reach",
})  # fmt: skip
_PARTICIPLES = _words({
    _CALL: "called|telephoned", _SMS: "texted", _EMAIL: "emailed|e mailed", _WRITTEN: "messaged",
    _ALL: "contacted|bothered|harassed|solicited", _CONTEXT: "spammed",
})  # fmt: skip
_VOCABULARY = {**_ONGOING, **_BASE, **_PARTICIPLES}
_CONTACT_WORD = re.compile(rf"\b(?:{_alt(_VOCABULARY)})\b")


def _run(words: dict[str, frozenset[str]]) -> str:
    """Several contact words joined up: "calling and texting me", "calls, texts or emails"."""
    one = rf"(?:{_alt(words)})"
    joint = r"(?:(?:me|us)\s+)?(?:,\s+)?(?:(?:and|or|nor)\s+)?(?:no\s+)?(?:me\s+)?"  # "and no"
    return rf"{one}(?:\s+{joint}{one})*\b"


def _channels_in(words: str) -> frozenset[str]:
    return frozenset().union(*(_VOCABULARY[m] for m in _CONTACT_WORD.findall(words)))


_ONGOING_RUN = _run(_ONGOING)
_BASE_RUN = _run(_BASE)
# Words that may stand between "stop" and what to stop: "stop sending me these stupid texts".
_FILLERS = (
    r"(?:(?:the|these|those|this|your|ur|all|any|of|with|sending|send|me|us|my|more|con|los"
    r"|las|sus|mis|esos|estos"
    r"|so many|damn|stupid|annoying|fucking|freaking|frickin|automated|constant|endless"
    r"|repeated|unwanted|unsolicited|junk|robo|monthly|weekly|daily|regular|frequent"
    r"|promotional|firm s|firms)\s+){0,4}"
)

# Whose action a clause is about, read backwards from the verb: the firm ("you"), the writer, or
# someone else ("how do I get the adjuster to stop calling me" is a question, not a revocation).
_YOU = {"you", "u", "ya", "yall", "your", "ur", "yours"}
_OTHERS = {
    "they", "them", "he", "she", "him", "her", "adjuster", "adjusters", "insurance", "insurer",
    "insurers", "company", "companies", "collector", "collectors", "creditor", "creditors",
    "bank", "ex", "husband", "wife", "boyfriend", "girlfriend", "landlord", "boss", "employer",
    "people", "someone", "somebody", "everyone", "everybody", "lawyer", "lawyers", "attorney",
    "attorneys", "doctor", "doctors", "hospital", "driver", "police", "cops", "agency", "debt",
    "bill", "bills", "neighbor", "mom", "dad", "mother", "father", "son", "daughter", "family",
}  # fmt: skip
_THINGS = {"it", "this", "that", "thing", "things", "pain", "headache", "headaches", "case",
           "lawsuit", "everything"}  # fmt: skip
_REPORTING = {"said", "say", "told", "tell", "asked", "ask", "already"}  # "I said stop"


# A causative aimed at someone named between it and the verb: "can you get State Farm to stop
# calling me", "tell the adjuster to stop", "I told the other law firm to stop contacting me".
# Anyone but the firm ("I told you to stop", "tell your people to stop") is someone else.
_CAUSATIVE = re.compile(
    r"\b(?:(?:get|got|tell|told|ask|asked|want|wanted)\s+(?P<who>(?:[a-z0-9]+\s+){1,5})to"
    r"|(?:make|made|have|had|let)\s+(?P<bare>(?:[a-z0-9]+\s+){0,4}[a-z0-9]+))\s*$"
)
_DETERMINERS = {"the", "a", "an", "my", "your", "this", "that", "these", "those", "some", "any"}
_CAUSED = {"me", "myself", "it", "this", "that", "them", "things", "everything"}


def _caused_other(prefix: str) -> bool:
    m = _CAUSATIVE.search(prefix)
    if m is None:
        return False
    who = (m["who"] or m["bare"]).split()
    return (
        not set(who) & _YOU
        and who[0] not in _CAUSED | {"to"}
        and who[-1] not in _DETERMINERS
        and not (m["bare"] and len(who) == 1 and who[0] not in _OTHERS)
    )


def _actor(prefix: str, others: set[str] = _OTHERS) -> str:
    """Who acts in the clause before a verb: "you" (the firm), "speaker", "other" or ""."""
    if _caused_other(prefix.rsplit(" , ", 1)[-1]):
        return "other"
    words = re.split(r" , | and | so | but ", f" {prefix} ")[-1].split()
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in _YOU:
            return "you"
        if word in others and (i == 0 or words[i - 1] not in _YOU):
            return "other"
        if word in ("i", "we"):
            following = words[i + 1] if i + 1 < len(words) else ""
            return "you" if following in _REPORTING else "speaker"
    return ""


# "do not stop", "I can not stop": the negator within two words before the verb. "Why won't you
# stop calling me" is a demand, not a negation.
_NEGATED = re.compile(
    r"\b(?:not|never|no longer|nor)\b(?:\s+[a-z0-9#]+){0,2}\s*$|\bno (?:need|reason) to\s*$"
)
_RHETORICAL = re.compile(
    r"\b(?:why|can|will|would)\s+(?:(?:will|can|do|does|would)\s+)?"
    r"not\s+(?:you|u|yall)\s*$"
)


# "not interested stop contacting me": the "not" belongs to a word of its own.
_NOT_WHAT = re.compile(
    r"\b(?:not|no longer)\s+(?:really\s+)?(?:interested|kidding|joking|sure|happy|ok|okay|good"
    r"|fine|a client|your client|the person|him|her|them|looking|buying)\b"
)


def _negated(prefix: str) -> bool:
    clause = prefix.rsplit(" , ", 1)[-1]
    m = _NEGATED.search(clause)
    if m is None or _RHETORICAL.search(clause):
        return False
    return not _NOT_WHAT.match(clause, m.start())


# A time, place or alternative attached to the request makes it a preference a person should
# read ("don't call me at work", "stop calling me so early"), not a revocation.
_PREFERENCE = re.compile(
    r"\b(?:at|before|after|until|till|til|during|between|tomorrow|today|tonight|morning|mornings"
    r"|afternoon|afternoons|evening|evenings|night|nights|weekend|weekends|work|mondays?"
    r"|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekdays?|week days"
    r"|instead|unless|while|yet|later|early|late"
    r"|(?:from|with) (?:a |an )?(?:private|blocked|unknown|hidden|restricted) (?:number|line|id)"
    r"|(?:mon|tues?|weds?|thu|thur|thurs|fri|sat|sun)\s*(?:-|to|thru|through)?\s+(?:mon|tues?"
    r"|weds?|thu|thur|thurs|fri|sat|sun)"
    r"|am|pm|oclock|[0-9]+)\b"
)
# "at all", "to this number", "to my work address" (where, not when), and how often ("10 times a
# day", "5 times"): a complaint, not a time.
_NOT_PREFERENCE = re.compile(
    r"\b(?:at all|(?:at|on|to) this (?:number|phone|line|email|address|email address|e mail"
    r"|account|inbox)|(?:at|on|to) this(?= #)"
    # "can you stop the automated texts they come at 3am and wake me up"
    r"|(?:they|it|these|those) (?:come|comes|came|arrive|arrives|go off|goes off|ring|rings)"
    r" (?:in )?(?:at|around) (?:\d{1,2}|[a-z]+)(?: ?(?:am|pm))?(?: (?:in the morning|at night))?"
    # "Stop texting and calling my phone its 6 in the morning": a complaint of the hour
    r"|(?:it s|its|it is) (?:\d{1,2}|[a-z]+) (?:in the morning|at night|am|pm|oclock)"
    # "i dont want calls or texts at this # its my work phone": why, not when
    r"|(?:it s|its|this is) (?:my|a|the) (?:work|job|company|office) (?:phone|cell|number|line)"
    r"|(?:(?:at|on|to) )?my (?:work|personal|home|job|office) (?:address|email|e mail|email address"
    r"|inbox)|(?:at |to )?my (?:house|home)"
    r"|[0-9]+ (?:times|x)(?: (?:a|an|per|each|every) (?:day|week|hour|morning|night|month))?)\b"
)
# "stop texting me before I block you": a threat, not a time.
_OR_ELSE = re.compile(
    r"\s*(?:(?:me|us)\s+)?(?:before|or|or else|unless) (?:i|we) (?:\w+ )?(?:block|report|sue"
    r"|file|call the (?:cops|police)|call my (?:lawyer|attorney)|lose it|get (?:a lawyer|my lawyer"
    r"|the police))\b"
)
_FROM_OTHERS = re.compile(
    rf"\b(?:from|by)\s+(?:(?:the|my|that|this|their|his|her|an?)\s+(?:{_alt(_OTHERS)})"
    rf"|(?!(?:lawyers|attorneys|law firms|firms|any lawyers|any attorneys)\b)(?:{_alt(_OTHERS)}))\b"
)
# "stop or I'll call my lawyer", "stop before I report you": a stop with a threat after it.
_OR_ELSE_TAIL = re.compile(
    r"(?:\s+(?:it|now|please|pls|already|immediately|right now))*\s+(?:(?:or|or else|before"
    r"|unless|else)\s+(?:i|we)\s+(?:will\s+|am going to\s+|are going to\s+|gonna\s+|m\s+)?"
    r"(?:call|get|contact|report|sue|block|file|take|go to|have|tell|involve)\b.*|or else\s*)"
)
_REST_ENDS = re.compile(r"\s(?:,|and|but|because|cause|cuz|i|if|or)\s")


def _attached(rest: str) -> str:
    """The words right after a request, up to the next clause or conjunction."""
    return _REST_ENDS.split(f" {rest} ", maxsplit=1)[0].strip()


# "don't contact my employer", "stop calling my mother": about someone else, for a person to read.
_SOMEONE_ELSE = re.compile(
    r"(?:me\s+)?(?:my|our|his|her|their)\s+(?!(?:cell|phone|number|email"
    r"|e mail|line|inbox|mobile|landline|address|home|work|house|job (?:email|e mail|address))\b)"
    r"[a-z]+"
    # "don't contact the other driver", "do not call the insurance company"
    rf"|(?:the|that|any)\s+(?:other\s+[a-z]+|(?:{'|'.join(sorted(_OTHERS))})\b)"
    # "do not contact this family again" is the writer's own
    rf"|this\s+(?:other\s+[a-z]+|(?!(?:family|household)\b)(?:{'|'.join(sorted(_OTHERS))})\b)"
)


def _qualified(rest: str, *, now_counts: bool = False) -> bool:
    if _OR_ELSE.match(rest):
        return False
    if _SOMEONE_ELSE.match(_attached(rest)):
        return True
    attached = _NOT_PREFERENCE.sub("", _attached(rest))
    if now_counts and re.search(r"\b(?:now|right now)\b", attached):
        return True  # "don't call me now" means later, but "stop calling me now" means stop
    return bool(_PREFERENCE.search(attached) or _FROM_OTHERS.search(rest))


# Polite or reporting words that may come before an imperative: "please stop", "can you please
# stop", "I said stop", "I'm asking you to stop".
_POLITE = (
    r"please|pls|plz|kindly|just|ok|okay|so|now|yes|no|hey|hi|hello|guys|sir|maam|again"
    r"|also|and|then|seriously|honestly|omg|ffs|dude|man|look|listen|sorry|thanks"
    r"|thank you|oh my god|for gods sake|for the love of god|like i said|as i said|lol|lmao"
    r"|bro|bruh|yo|ugh|wtf|fuck|fuckin|fucking|damn|god|jesus|for real|ok so|nope|nah|no"
    r"|fam|yeah|yea|fr|christ|jesus christ|ayo|ay|bye|again|i mean|come on|cmon|seriously"
    r"|alright|alrighty|aight|all right|fine"
)
_ASK = (
    r"(?:can|could|would|will) (?:you|u|yall)(?: people| guys| all)?|(?:i|we) (?:have |already "
    r"|have already )?(?:said|say|told you already|told you|asked you"
    r"|am asking you|are asking you|want you|need you|would like you|wish you would"
    r"|would appreciate it if you|would appreciate if you|am begging you|are begging you"
    r"|beg you|am telling you|am asking|urge you)(?: to)?|(?:you|u|yall|you guys|you people"
    r"|your (?:firm|office|people)) (?:need|have"
    r"|must|should|gotta|got)(?: to)?|(?:you|u|yall|you guys) (?:can|may)(?: just)?"
)
_IMPERATIVE_PREFIX = re.compile(rf"(?:(?:{_POLITE}|{_ASK})(?:\s+|$))*")
_ALLOWED_TAIL = re.compile(
    r"(?:\s+(?:it|this|that|now|please|pls|plz|already|immediately|asap|right now|right away"
    r"|thanks|thank you|thx|ty|ok|okay|period|for real|seriously|all|everything|all of it"
    r"|all of this|this nonsense|for good|forever|permanently|again|sir|maam|stop|sending"
    r"|sending me|me|stuff|things|i am not interested|por favor|gracias|bro|dude|lol|man"
    r"|already|asap|i mean it|i am serious|i am not kidding|not interested|no thanks"
    r"|no thank you|i am not|for the last time|last warning|jerks?|idiots?|morons?|losers"
    r"|scammers?|spammers?|creeps?|people|guys|and thank you|and thanks|fr|fam|with (?:all )?"
    r"(?:of )?(?:this|it|that|the \w+)|thank you very much|thanks again))*\s*"
)


# --- the rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One rule that matched: its name, the words it matched and the channels they name.
    `sure` is False for wording a person should decide on; `reason` is "wrong_person" when
    the number is not the lead's."""

    rule: str
    words: str
    channels: frozenset[str]
    sure: bool = True
    reason: str = ""
    intent: str = "stop"


def stop_hits(text: str) -> Iterator[Hit]:
    """Every English stop rule that matches normalised `text`."""
    for sentence in (s.strip() for s in re.split(r"\s\.\s|\bbut\b", f" {text} ")):
        if not sentence or sentence == ".":
            continue
        yield from _sentence_rules(sentence)
        clauses = [c.strip() for c in sentence.split(" , ")]
        for i, clause in enumerate(clauses):
            if clause:
                yield from _clause_rules(clause, " ".join(clauses[i + 1 :]))


# "stop calling and texting me", "quit sending me these texts", "enough with the emails":
# a stop verb with the contact as its object. Negated ("don't stop calling me") it is not a
# stop, unless it is a complaint about the firm ("you won't stop calling me").
_STOP_CONTACT = re.compile(
    rf"\b(?P<verb>stop|quit|cease|discontinue|halt|end|cancel|enough with|enough of|terminate"
    rf"|suspend|pause|kill|cut out|cut|turn off|shut off|switch off|disable|knock off|drop)\s+"
    rf"(?P<receive>(?:receiving|getting)\s+)?{_FILLERS}(?P<run>{_ONGOING_RUN})(?P<rest>.*)$"
)
# "the calls need to stop", "I want these texts to stop".
_CONTACT_MUST_STOP = re.compile(
    rf"\b(?:the|these|those|your|all the|all these|all your|all of your|all of these)\s+"
    rf"(?:constant\s+|endless\s+)?(?P<run>{_ONGOING_RUN})\s+(?:need to|needs to|have to|has to"
    rf"|must|should|got to|gotta|to)\s+(?:stop|end|cease)\b"
    rf"|^(?:(?:ok|okay|seriously|look|honestly)\s+)*(?:this|all this|all of this|this stuff|this"
    rf" nonsense|it|these|you|yall|you guys|you people)\s+(?:need to|needs to|have to|has to"
    rf"|must|gotta|got to)\s+(?:stop|end)(?P<end>(?:\s+(?:now|please|already|today|immediately))*)$"
)
# "don't call me again", "never text this number", "I told you not to contact me".
_DONT_CONTACT = re.compile(
    rf"\b(?:do not|never|not to|never to)\s+(?:(?:ever|even|you|u|dare|please|again|pls)\s+)*"
    rf"(?P<run>{_BASE_RUN})(?P<rest>.*)$"
)
_DONT_SEND = re.compile(
    rf"\b(?:do not|never|not to)\s+(?:ever\s+)?send\s+(?:me\s+|us\s+)?(?:any\s+)?"
    rf"(?:(?:more|further|additional|future|other)\s+)?"
    rf"{_FILLERS}(?P<run>{_ONGOING_RUN})(?P<rest>.*)$"
)
# "no more emails", "no more calls or texts".
_RUN_ON_DONT = re.compile(
    rf"\s*(?:(?:me|us|again|anymore|any more|please|pls|and|or|,)\s+)*(?:do not|never)\s+"
    rf"(?:(?:ever|even|you|u|please|pls)\s+)*(?P<run>{_BASE_RUN})(?P<rest>.*)$"
)
# "don't call while I'm driving", "never text when I'm at church": a condition on when.
_WHILE_LIMIT = re.compile(r"\s*(?:(?:me|us)\s+)?(?:while|whenever|when|during)\s+(?!you\b|u\b)\w+")
_NO_MORE = re.compile(
    rf"\bno (?:more|further|additional|future)\s+{_FILLERS}(?P<run>{_ONGOING_RUN})(?P<rest>.*)$"
)
# "I don't want any more calls", "I no longer wish to receive texts".
_DONT_WANT = re.compile(
    rf"\b(?:do not|no longer|never)\s+(?:want|wish|need|like)\s+(?:to\s+(?:get|receive"
    rf"|be getting|keep getting|have|be receiving)\s+)?(?:any\s*more\s+|any\s+)?"
    rf"(?:more\s+|further\s+|future\s+|additional\s+|other\s+)?"
    rf"(?:of\s+)?"
    rf"{_FILLERS}(?P<run>{_ONGOING_RUN})(?P<rest>.*)$"
)
_DONT_WANT_TO_BE = re.compile(
    rf"\b(?:do not|does not|no longer|never)\s+(?:want|wish)\s+to\s+be\s+"
    rf"(?P<run>{_alt(_PARTICIPLES)})\b"
    rf"(?P<rest>.*)$"
)
_DONT_WANT_TO_HEAR = re.compile(
    r"\b(?:do not|no longer|never)\s+(?:want|wish)\s+to\s+hear\s+"
    r"from\s+(?:you|u|yall|your|this|anyone|any)\b"
)
# "unsubscribe me", "how do I opt out", "opt me out of texts".
_UNSUBSCRIBE = re.compile(
    r"\b(?<!if i click )(?<!if i hit )(?:unsubscribe|unsubscribed|unsubscribing|unsub|unsubcribe"
    r"|unsubscibe|unsuscribe"
    r"|usubscribe|unsubscrib|optout|opt(?:ing|ed)?\s+(?:me\s+|us\s+)?out)\b(?P<rest>.*)$"
)
# "opt out of the class action", "unsubscribed from their emails": someone else's list.
_OTHER_LIST = re.compile(
    # "opt out of Medicare Part B", "unsubscribe mom from the Medicare Advantage plan": a plan,
    # a policy or a contract, not our messages
    r"\s*(?:(?:my )?(?:mom|dad|mother|father|him|her|them|grandma|grandpa)\s+)?(?:of|from)\s+"
    r"(?:(?:the |that |my |his |her |their |a )?(?:[a-z]+ ){0,3}(?:plan|policy|insurance"
    r"|contract|clause|agreement|coverage|benefits|trust|lawsuit|part [a-d])\b"
    r"|medicare|medicaid)"
    # "unsubscribing from everything, but not yours" (not "from Amazon": a name may be ours)
    r"|\s*(?:of|from)\s+everything\s*,?\s*but not (?:yours|you|this one|these|your)\b"
    # "I unsubscribed from the emails from the OTHER law firm"
    r"|\s*(?:of|from)\s+(?:the |those |these )?(?:emails?|texts?|messages?|calls?|newsletters?)"
    r"\s+(?:from|of)\s+(?:the other|another|that other|a different|some other|other)\b"
    r"|\s*(?:of|from)\s+(?:(?:everybody|everyone|everything|all the others) else\b"
    r"|(?:their|his|her|them|another|other|that other|the other|what|which|(?:like )?every other"
    r"|the settlement|the class|arbitration|the arbitration|jury duty|mediation|the mediation)\b"
    r"|(?:the|an?|my)\s+(?!list|texts?|messages?|emails?|calls?|sms|mailing)[a-z]+"
    r"|paper\b|(?!your|ur|you|this|these|the|all|my|any|every|our)[a-z]+s?\s+(?:emails?|texts?"
    r"|messages?|list|newsletters?|mailing list|app|alerts))"
)
# "Before I decide whether to unsubscribe: what firm is this?": weighed, not done.
_WEIGHED = re.compile(
    r"\b(?:before|whether|if|should)\s+(?:i\s+|we\s+)?(?:\w+\s+){0,3}(?:to\s+)?$"
    r"|\b(?:said|says|told me) (?:i|you|we) (?:could|can|may)\s+$"  # "The email said I could"
)
# "the opt out form", "an unsubscribe link": the words as a noun, not a request.
_NOUN_USE = re.compile(r"\b(?:the|an?|their|his|her|that|this|your)\s*$")
_OPT_OUT_THING = re.compile(
    r"\s*(?:form|forms|option|options|link|button|period|deadline|notice|letter|process|date"
    r"|mean|means|meaning|is|was)\b"
)
# "put me on your do not call list": the list covers calls and, since FCC 23-107, texts.
_DNC_LIST = re.compile(
    r"\b(?:(?:do not call|do not contact|no call|dnc|do not text|no contact|no text|do not"
    r" email|do not disturb)\s+(?:me\s+)?"
    r"(?:list|registry|register)|dnc)\b"
)
# "wrong number": the number is not the lead's; stop calls and texts to it (the email may still
# be the real lead's).
_WRONG_NUMBER = re.compile(
    r"\b(?:wrong\s+(?:number|phone number|phone|cell|person|guy|girl|lady|man|contact|email"
    r"|email address|e mail|e mail address|address"
    r"|individual|#)|no(?: one|body)\s+(?:here\s+)?(?:by|named|with)\s+that\s+name"
    r"|no(?: one|body)\s+(?:here\s+)?(?:named|called|by the name of)\s+[a-z]+\s+(?:here|at this"
    r"|on this|lives here|works here|is here|at this (?:number|business|office))"
    r"|not the one who (?:had|was in|got in) the (?:accident|crash|wreck)"
    r"|not\s+(?:the person|who|whoever)\s+(?:you are|your|you)\s+(?:looking\s+for|trying\s+to"
    r"\s+(?:reach|contact|get))"
    r"|(?<!no es )(?<!no es el )(?<!no es un )(?<!digan que es )(?<!diga que es )numero equivocado)"
)
# "Wrong person was driving": the words as the subject of a sentence about something else.
_AS_SUBJECT = re.compile(
    r"\s+(?:was|is|were|did|had|hit|drove|got|gets|has)\b"
    # "wrong person at the insurance company keeps calling me", "wrong address for me, I moved"
    r"|\s+(?:at|from) (?:the|my|their|his|her) (?!number|phone|cell)\w+"
    r"|\s+for me\b.*\b(?:i moved|new (?:address|one) is|my new address)\b"
    # "Número equivocado le di la primera vez", "the wrong address for me on file"
    r"|\s+(?:fue|es) el que\b|\s+(?:le|les|te) di\b|\s+for me on file\b"
)
# "I dialed the wrong number", "I gave the hospital the wrong number": the writer's own slip.
_OWN_MISTAKE = re.compile(
    r"\b(?:i|we|my \w+|he|she|they)\s+(?:\w+\s+)?(?:dialed|dialled|called|gave|give|put|wrote"
    r"|typed|texted|had"
    r"|used|entered|listed|got)\s+(?:\w+\s+){0,3}?(?:the|a)\s*$"
)
# "wrong number on the claim form", "wrong number for the other driver": about a document.
_ON_A_DOCUMENT = re.compile(
    r"\s+(?:on|in|for|from)\s+(?:the|my|his|her|their|a|that|this)\s+(?!file\b|record"
    r"|system|list|number|phone)|\s+(?:en|de)\s+(?:el|la|mi|su)\s+(?!numero|telefono|lista|celular)"
)
# Dismissals: a reasonable person means "no more contact of any kind".
_DISMISSAL = re.compile(
    r"\b(?:leave\s+(?:me|us|my family)\s+(?:the fuck\s+|the f\s+|the hell\s+|the heck\s+"
    r"|tf\s+)?alone(?! for (?:like |a )?(?:\d+|few|bit|sec|second|minute)\b)|go away"
    r"|get lost(?!\s+(?:wages|income|pay|time|in|on|at|and|work|days))"
    r"|fuck\s+(?:off|you|u|yourself|yourselves)|f\s+(?:off|you|u)|eff off|piss off"
    r"|bugger off|buzz off|sod off|shove off|back off|screw\s+(?:off|you|u)|go to hell|stfu"
    r"|^(?:ya\s+)?(?:dejenme|dejeme|dejame|dejanos|dejennos)(?:\s+(?:ya|por favor|porfa))*$"
    r"|get off my (?:back|phone|case)|cease and desist(?! (?:letter|order|notice))|dejame en paz"
    r"|dejenme en paz|leave me be"
    r"|stay away from (?:me|my phone|my number|my family)|leave my (?:phone|number|cell) alone"
    r"|(?:stop|quit) wasting my time|what part of stop|what about stop"
    r"|leave (?:me|us) out of (?:this|it|that|your \w+)"
    r"|dejeme en paz)\b"
)
# "I revoke my consent", "I withdraw my permission for you to contact me".
_REVOKE_CONSENT = re.compile(
    r"\b(?:revoke|revoking|revoked|withdraw|withdrawing|withdrew|rescind|rescinding|cancel"
    r"|take back|pull)\s+(?:(?:my|all|any|your|the|this)\s+)*(?:consent|permission"
    r"|authorization|authorisation|opt in)\b(?P<rest>.*)$"
    r"|^(?:(?:my|all|any)\s+)?(?:consent|permission|authorization)\s+(?:is\s+)?(?:revoked"
    r"|withdrawn|rescinded|denied|cancelled|canceled)\b(?P<rest2>.*)$"
)
# "I never signed up for this", "I never gave you my number", "I no longer consent".
_NEVER_CONSENTED = re.compile(
    r"\b(?:i|we)\s+(?:do not|no longer|never|did not|have not|have never|am not)\s+"
    r"(?:consent(?:ed|ing)?|authori[sz]ed?"
    r"|give\s+(?:you\s+|yall\s+|you guys\s+)?(?:my\s+)?(?:consent|permission|number"
    r"|phone number|email|cell|information|info)|gave\s+(?:(?:you|u|yall|you guys"
    r"|you people|your (?:firm|office|company)|anyone|anybody)\s+)?(?:my\s+)?"
    r"(?:consent|permission|number|phone number|email|cell|information|info)|sign(?:ed)?\s+up"
    r"|opt(?:ed)?\s+in|ask(?:ed)?\s+(?:for|you to|to be contacted|to be texted|to be called"
    r"|to be emailed|to hear from you|to be contact)|request(?:ed)?|agree(?:d)?\s+to)\b"
    r"(?P<rest>.*)$"
)
_ABOUT_CONTACT_REST = re.compile(
    r"(?:(?:to|for|of)\s+)?(?:(?:this|these|that|it|anything|any of this|any of these|all this"
    r"|all of this|any of it|this stuff|this number|please|thanks|thank you|any|all|to be|them"
    r"|those)\s*)*"
)


# "stop contacting me by phone": the means named after a verb of any contact.
_BY_MEANS = re.compile(
    r"\s*(?:(?:me|us)\s+)?(?:by|via|through|over|on)\s+(?:the\s+|my\s+)?(?P<means>phone|cell"
    r"|text|texts|sms|email|e mail|mail|phone calls|calls)\b"
)


# The words before "stop texting" that make it the writer's own doing ("I will stop texting
# you", "I had to stop calling"); after others ("I'm busy stop texting") it is a run-on request.
_OWN_DOING = {
    "i", "we", "will", "would", "can", "could", "should", "must", "to", "never", "always", "did",
    "do", "not", "gonna", "wanna", "might", "may", "just", "also", "finally", "already", "then",
}  # fmt: skip


# "stop calling me at 7am", "quit texting me so early": the hour complained of.
_AT_AN_HOUR = re.compile(
    r"\s*(?:(?:me|us)\s+)?(?:at\s+(?:\d{1,2}(?:\s*(?:am|pm|oclock))?|\d{1,2}\s+\d{2}"
    r"(?:\s*(?:am|pm))?|night|midnight|dawn)|so\s+(?:early|late)(?:\s+in\s+the\s+(?:morning"
    r"|day))?|in\s+the\s+middle\s+of\s+the\s+night)\b"
)


# "stop sending mail to my old address": post to a place, not contact to the person (but
# "stop sending emails to my work address" is email to them).
_POSTAL = re.compile(
    r"\s*(?:to|at)\s+(?:my|the|our|this|that|his|her)\s+(?:old\s+|former\s+|previous\s+|home"
    r"\s+|work\s+)?(?:address|house|home|apartment|apt|po box|p o box|box|office|building)\b"
)


def _sentence_rules(sentence: str) -> Iterator[Hit]:
    # Rules whose object may run across commas ("stop calling, texting and emailing me").
    for m in _STOP_CONTACT.finditer(sentence):
        prefix, actor = sentence[: m.start()], _actor(sentence[: m.start()])
        if (
            actor != "other"
            and not _negated(prefix)
            and (hour := _AT_AN_HOUR.match(m["rest"]))
            and not _SOMEONE_ELSE.match(_attached(m["rest"]))
        ):
            # "Quit calling me at 7am!!": a limit on when, for a person to read.
            yield Hit("limit on when", _without(m[0], m["rest"]) + hour[0], _channels_in(m["run"]),
                      sure=False)  # fmt: skip
            continue
        if actor == "other" or _qualified(m["rest"]):
            continue
        if m["run"] == "calling" and re.match(r"\s+in(?:\s+sick)?\b", m["rest"]):
            continue  # "stop calling in sick": not calls to the person
        if m["run"].startswith("asking") and re.match(
            r"\s+(?:me\s+)?(?:for|about|the same|to (?:send|give|resend|repeat))\b", m["rest"]
        ):
            continue  # "Quit asking me for the claim number, I sent it 3 times": a question
        if _POSTAL.match(m["rest"]) and m["run"] in ("mail", "mailing", "mailings"):
            continue  # post to a place; "emails to my work address" are still emails
        if _negated(prefix) and actor != "you":
            continue
        if actor == "speaker" and not m["receive"] and (prefix.split() or [""])[-1] in _OWN_DOING:
            continue  # "I'll stop texting you": the writer's own doing
        named = _channels_in(m["run"])
        if named == _ALL and "," not in m["run"] and (by := _BY_MEANS.match(m["rest"])):
            named = _channels_in(by["means"]) or named  # "stop reaching out by phone"
        yield Hit("stop + contact", _without(m[0], m["rest"]), named)
    for m in _CONTACT_MUST_STOP.finditer(sentence):
        if _actor(sentence[: m.start()]) != "other":
            yield Hit("contact must stop", m[0], _channels_in(m["run"] or ""))
    for pattern, rule in (
        (_NO_MORE, "no more + contact"),
        (_DONT_WANT, "does not want contact"),
        (_DONT_WANT_TO_BE, "does not want contact"),
    ):
        for m in pattern.finditer(sentence):
            if not _qualified(m["rest"]) and not _negated(sentence[: m.start()]):
                yield Hit(rule, _without(m[0], m["rest"]), _channels_in(m["run"]))
    if heard := _DONT_WANT_TO_HEAR.search(sentence):
        yield Hit("does not want contact", heard[0], _ALL)
    if (here := _NOTHING_HERE.search(sentence)) and not (
        "this" not in here[0] and _USE_THIS_ONE.search(sentence)
    ):  # "do not send anything to my work email, only use this one": this address is kept
        where = {"number", "phone", "cell"} & set(here["where"].split())
        yield Hit("nothing to this address", here[0], frozenset({"sms"} if where else {"email"}))


# "Don't send anything else to this address", "do not send anything to my job email": that
# address or number, for good.
_NOTHING_HERE = re.compile(
    r"\b(?:do not|never|stop|quit)\s+(?:ever\s+)?send(?:ing)?\s+(?:me\s+|us\s+)?(?:(?:anything|any"
    r" more|stuff|things)(?:\s+(?:else|more|further))?\s+)?(?:to|at)\s+(?:this|my|that)\s+"
    r"(?:(?:work|job|personal|office|old|home|company)\s+)?(?P<where>address|email address|email"
    r"|e mail|inbox|account|number|phone number|phone|cell)\b"
)
_USE_THIS_ONE = re.compile(r"\buse this(?: one| email| address| number)?\b|\bthis one instead\b")
# "Don't call, I'm at work": not now, rather than not ever.
_NOT_NOW = re.compile(
    r"\b(?:at work|busy|driving|in a meeting|in class|right now|now|later|after|before|until"
    r"|tomorrow|today|tonight|this (?:morning|afternoon|evening|week))\b"
)
# "Please do not call me, I can't take calls at work": a standing limit, not "not now".
_CANNOT_TAKE = re.compile(
    r"\b(?:can not|cannot|can t|cant) (?:take|answer|get|pick up|do|talk on) (?:phone )?(?:calls"
    r"|the phone|texts)\b"
    # "I'm at work all day and can't pick up. Texting is fine": the other channel, for good
    r"|\b(?:all day|every day|all week)\b.*\b(?:can not|cannot|can t|cant) (?:pick up|answer)\b"
    # "don't call me, I can't pick up at work. text is fine"
    r"|\b(?:can not|cannot|can t|cant) (?:pick up|answer)(?: (?:the phone|calls))? (?:at|during)"
    r" work\b"
    r"|\b(?:texting|texts?|email|emailing|emails) (?:is|are|s) (?:fine|ok|okay|better|best)\b"
)
_FOR_GOOD = re.compile(r"\s*(?:(?:me|us|this number)\s+)?(?:anymore|any more|ever again|again)\b")
# "SPAM", "this is spam", "reported as spam".
_SPAM = re.compile(r"(?:this is |that is |it is |its |reported (?:as |for )?|reporting )?"
                   r"(?:spam|junk)(?: please| stop| reported)*")  # fmt: skip


def _clause_rules(clause: str, later: str) -> Iterator[Hit]:
    """Rules within one clause; `later` is the rest of the sentence."""
    # "stop", "please stop", "stop it now", "I said stop": an imperative stop with no object.
    m = re.fullmatch(
        r"(?P<pre>.*?)\b(?:stop|stopp|stahp|cease|quit|cancel all|end all|discontinue|terminate"
        r"|halt)"
        r"(?P<tail>.*)",
        clause,
    )
    if (
        m
        and _IMPERATIVE_PREFIX.fullmatch(m["pre"].strip())
        and (_ALLOWED_TAIL.fullmatch(m["tail"]) or _OR_ELSE_TAIL.fullmatch(m["tail"]))
    ):
        yield Hit("imperative stop", clause, _CONTEXT)
    elif m := _RUN_ON_STOP.search(clause):
        yield Hit("imperative stop", m[0].strip(), _CONTEXT)  # "i dont know u pls stop"
    for pattern in (_DONT_CONTACT, _DONT_SEND):
        m = pattern.search(clause)
        if (
            m
            and _imperative_before(clause[: m.start()])
            and not _qualified(m["rest"], now_counts=True)
            and (
                not _NOT_NOW.search(later)
                or _CANNOT_TAKE.search(later)
                or _FOR_GOOD.match(m["rest"])  # "Please don't call me anymore, I'm at work"
            )
            and not (m["run"] == "call" and _NAMING.match(m["rest"]))
            and not _CONTENT.match(m["rest"])
        ):
            named = _channels_in(m["run"])
            if named == _ALL and "," not in m["run"] and (by := _BY_MEANS.match(m["rest"])):
                named = _channels_in(by["means"]) or named  # "don't contact me by email"
            rest = m["rest"]
            # "don't text me don't call me don't email me": requests run on without a stop.
            while more := _RUN_ON_DONT.match(rest):
                named |= _channels_in(more["run"])
                rest = more["rest"]
            yield Hit("do not contact", _without(m[0], m["rest"]), named)
        elif (
            m
            and _imperative_before(clause[: m.start()])
            and (w := _WHILE_LIMIT.match(m["rest"]))
            and not _SOMEONE_ELSE.match(_attached(m["rest"]))
        ):
            # "don't call while my kids are in school": a limit on when, for a person to read.
            yield Hit(
                "limit on when",
                _without(m[0], m["rest"]) + w[0],
                _channels_in(m["run"]),
                sure=False,
            )
    # "no more", "no calls please" as the whole clause.
    if re.fullmatch(
        r"(?:(?:please|pls|ok|okay|just|seriously)\s+)*no\s+more(?:\s+(?:please|pls"
        r"|thanks|thank you|ok|okay|of this|of these|of that|of it))*",
        clause,
    ):
        yield Hit("no more", clause, _CONTEXT)
    if m := re.fullmatch(
        rf"(?:(?:please|pls)\s+)*no\s+(?!more\b){_FILLERS}(?P<run>{_ONGOING_RUN})"
        r"(?:\s+(?:please|pls|thanks|thank you|again|anymore|ever|at all|ok"
        r"|okay|me))*",
        clause,
    ):
        yield Hit("no + contact", clause, _channels_in(m["run"]))
    yield from _removal(clause)
    if _SPAM.fullmatch(clause):
        yield Hit("calls it spam", clause, _CONTEXT)
    if re.fullmatch(
        r"(?:please\s+)?(?:remove|delete)(?:\s+(?:please|pls|thanks|thank you))*", clause
    ):
        yield Hit("remove from list", clause, _ALL)  # "REMOVE", the old email convention
    if (
        (m := _UNSUBSCRIBE.search(clause))
        and _addressed(clause, m)
        and not _OTHER_LIST.match(m["rest"])
        and not _NOUN_USE.search(clause[: m.start()])
        and not _WEIGHED.search(clause[: m.start()])
        and not _SOMEONE_ELSE.match(m["rest"].strip())
        and not _OPT_OUT_THING.match(m["rest"])
        and not (m[0].startswith(("unsubscribed", "opted")) and set(clause.split()) & _OTHERS)
    ):
        # A bare "unsubscribe" beside wording that names channels refers to those, as a bare
        # "stop" does: "Enough with the emails. Unsubscribe."
        bare = not m["rest"].strip(" .!") and m[0].strip() in ("unsubscribe", "unsub")
        yield Hit(
            "unsubscribe",
            _without(m[0], m["rest"]),
            _channels_in(_attached(m["rest"])) or (_CONTEXT if bare else _ALL),
        )
    if (m := _DNC_LIST.search(clause)) and not _negated(clause[: m.start()]):
        yield Hit("do-not-call list", m[0], _PHONE)
    if (
        (m := _WRONG_NUMBER.search(clause))
        and _addressed(clause, m)
        and not _OWN_MISTAKE.search(clause[: m.start()])
        and not _ON_A_DOCUMENT.match(clause[m.end() :])
        and not _AS_SUBJECT.match(clause[m.end() :])
    ):
        yield Hit("wrong number", m[0], _PHONE, reason="wrong_person")
    if (
        (m := _DISMISSAL.search(clause))
        and _addressed(clause, m, _OTHERS | _THINGS)
        and not re.search(
            r"\b(?:a|an|send|sent|file|filed|letter|saying to|says to|said to|told to)\s*$"
            # "so he'll leave me alone", "make her leave us alone": someone else who should
            r"|\b(?:he|she|they|him|her|them|he ll|she ll|they ll|he will|she will|they will"
            r"|he would|she would|(?:so|that|til|until|then) (?:hell|shell|theyll))\s*$",
            clause[: m.start()],
        )
        # "Leave me alone is all I ever asked him": words said to someone else
        and not re.match(
            r"\s*(?:is|was) (?:all|what) (?:i|we) (?:ever )?(?:asked|wanted|said|told)",
            clause[m.end() :],
        )
    ):
        yield Hit("dismissal", m[0], _ALL)
    for pattern in (_REVOKE_CONSENT, _NEVER_CONSENTED):
        m = pattern.search(clause)
        rest = (m["rest"] if m["rest"] is not None else m["rest2"] or "") if m else ""
        if m and _about_contact(rest):
            yield Hit("revokes consent", _without(m[0], rest), _channels_in(rest) or _ALL)
    # "not interested", "I'm no longer interested, thanks": the whole clause says no to the firm.
    if re.fullmatch(
        r"(?:(?:no|nah|nope|sorry|thanks|thank you|ok|okay|but)\s+)*"
        r"(?:i am\s+|we are\s+|am\s+)?(?:not|no longer|not really)\s+interested"
        r"(?:\s+(?:anymore|any more|thanks|thank you|thx|at all|sorry|please|anyway|though|in this"
        r"|in that|in your services|in your firm|in any of this|right now|now|bye|at this time"
        r"|in (?:your|this|the) (?:offer|services?|firm|help|representation|consultation"
        r"|case review|free review|review|company|office|law firm|message|text)"
        r"|at the moment|for now|at all thanks))*",
        clause,
    ):
        yield Hit("not interested", clause, _ALL, sure=False)


# "Don't text me the details, my husband reads my phone": what is sent, not whether.
_CONTENT = re.compile(
    r"\s*(?:(?:me|us)\s+)?(?:the|those|these|that|your|my)\s+(?:\w+\s+)?(?:details|specifics"
    r"|info|information|address|paperwork|papers|documents?|forms?|files?|results|records|photos"
    r"|pictures|amount|numbers|offer|settlement|link|password)\b"
)
# "Don't call me Mr. Jones": what to be called, not whether.
_NAMING = re.compile(
    r"\s*(?:me\s+)?(?:mr|mrs|ms|miss|sir|maam|madam|dr|doctor|by\s+my|that|honey|sweetie|buddy"
    r"|bro|dude|babe|names|a liar|stupid|crazy)\b"
)


# A request ending a run-on reply: "i dont know u pls stop", "who is this so stop".
_RUN_ON_STOP = re.compile(
    r"\s(?:please|pls|plz|so|just|now|yeah|fr|bro|fam|man|dude|lol|omg|ok|okay|so please"
    r"|seriously|kindly)\s+(?:stop|stop it|quit it|cease)(?:\s+(?:it|now|please|pls|plz|already"
    r"|fr|for real|bro|dude|man|asap|thanks|thank you))*$"
)


def _imperative_before(prefix: str) -> bool:
    """Only polite words before the verb, or a request joined by "and": "direct all calls to
    my lawyer and do not contact me again", "lose my number and don't text me"."""
    prefix = prefix.strip()
    if _IMPERATIVE_PREFIX.fullmatch(prefix):
        return True
    head, _, last = prefix.rpartition(" and")
    if not last.strip() and bool(head.strip()):
        return True
    # A run-on reply with no punctuation: "not interested dont text again", "who is this do
    # not call me". The verb still has no subject of its own and nobody else acts.
    words = prefix.split()
    if (
        len(words) >= 2
        and words[-1] in ("please", "pls", "plz", "kindly")
        and not re.search(r"\d", prefix)  # "I clean rooms 8 to 4 pls dont contact me then"
    ):
        # "I do not check email much please dont send email": the writer's own words, then a
        # request of its own
        return _actor(" ".join(words[:-1])) in ("", "speaker")
    return bool(words) and words[-1] not in _SUBJECTS and _actor(prefix) == ""


# Words that, right before "do not", make it a statement rather than a request.
_SUBJECTS = _YOU | _OTHERS | _THINGS | {
    "i", "we", "who", "that", "which", "people", "they", "if", "to", "would", "will", "can",
    "could", "should", "might", "may", "must", "why", "when", "what", "how", "where", "did",
    "does", "do", "also", "still", "please", "and", "or", "because", "cause", "so", "just",
    "you", "one", "ones", "some", "many", "most", "others", "he", "she", "it", "its",
}  # fmt: skip


def _addressed(clause: str, m: re.Match[str], others: set[str] = _OTHERS) -> bool:
    """Not negated ("I don't want to opt out") and not about someone else's doing."""
    prefix = clause[: m.start()]
    return not _negated(prefix) and _actor(prefix, others) != "other"


def _without(matched: str, rest: str) -> str:
    return matched[: len(matched) - len(rest)].strip()


def _about_contact(rest: str) -> bool:
    """After "I never signed up", is it about being contacted ("for this") or something else
    ("for the surgery")?"""
    attached = _attached(rest)
    return bool(_ABOUT_CONTACT_REST.fullmatch(attached) or _CONTACT_WORD.search(attached))


# "remove me from your list", "take me off", "delete my number", "lose my number".
_REMOVE_OBJECT = (
    r"me|us|both of us|us both|all of us|my (?:wife|husband|family) and (?:me|i)"
    r"|it|this (?:phone number|cell number|cell phone number|cell|number|phone|email address"
    r"|email|address)|(?:all (?:of )?)?my (?:(?:email|e mail|mail) id|(?:work|personal|job|school)"
    r" (?:email address|email|e mail|number|phone|cell)|cell phone number"
    r"|phone number|cell number|cell phone|number|phone|cell|contact info(?:rmation)?"
    r"|contact details|info(?:rmation)?|details|name|email address|email|e mail|address|data"
    r"|contact)"
)
_REMOVE = re.compile(
    rf"\b(?P<verb>remove|take|delete|erase|drop|strike|scratch|lose|forget|scrub|purge|wipe"
    rf"|cancel)\s+"
    rf"(?P<obj>{_REMOVE_OBJECT})\b(?P<rest>.*)$"
)
_LIST_KINDS = _words({
    _PHONE: "do not call|dnc", _ALL: "do not contact", _SMS: "text|texting|sms",
    _CALL: "call|calling|phone|callback|call back", _EMAIL: "email|e mail|mailing",
})  # fmt: skip
_LIST = re.compile(
    rf"(?:off|from|out of|de)\s+(?:of\s+)?(?:(?:your|ur|the|this|that|all|any|every|my|of"
    rf"|whatever|whichever|la|su|sus|esta)\s+)*"
    rf"(?:(?:(?P<kind>{_alt(_LIST_KINDS)})|marketing|contact|distribution|lead|leads"
    rf"|subscriber|subscription|spam|solicitation)\s+)?(?:list|lists|database|system|systems"
    rf"|records|contacts|file|files|roster|directory|lista|listas|newsletter|newsletters"
    rf"|mailing list|mailings)\b|(?:off|from|out of)\s+(?:(?:your|ur"
    rf"|the|these|those|all|any|my)\s+)*(?P<run>{_ONGOING_RUN})|(?:off|from|out of)\s+"
    rf"(?:of\s+)?(?:everything|all|it|this|that|there|here|anything)\b"
    # "Take this number off or we will report you"
    r"|off\b(?=\s*$|\s+(?:or|or else|otherwise)\s+(?:i|we)\s)"
)
_REMOVE_TAIL = re.compile(
    r"(?:\s*(?:please|pls|thanks|thank you|thx|now|asap|immediately"
    r"|right away|too|also|already|permanently|for good|completely|manually|by hand"
    r"|yourself|yourselves|personally|on your end|on your side"
    r"|entirely|ok|okay|jerks?|idiots?|morons?|losers?|scammers?|spammers?|creeps?|people"
    r"|guys))*(?:\s*(?:and|&)\s+.*"
    # "Remove this number or I will make a report": a threat after the request
    r"|\s*(?:or|or else|otherwise)\s+(?:else\s+)?(?:i|we)\s+(?:will|ll|am|m|are|re|shall)\b.*)?"
)


def _removal(clause: str) -> Iterator[Hit]:
    m = _REMOVE.search(clause)
    if not m or _negated(clause[: m.start()]) or _actor(clause[: m.start()]) == "other":
        return
    verb, obj, rest = m["verb"], m["obj"], m["rest"].strip()
    if verb in ("lose", "forget", "scrub", "purge", "wipe") and not obj.startswith(("my", "this")):
        return  # "forget me" is not about a list
    listed = _LIST.match(rest)
    if verb == "take" and not listed:
        return  # "take me to court"
    if obj == "it" and not (
        listed and re.match(r"(?:off|from) (?:of )?(?:your|ur|the|this)", rest)
    ):
        return  # "remove it" alone: what "it" is, a person reads; "take it off your list" is ours
    if not listed and not _REMOVE_TAIL.fullmatch(rest):
        return  # "remove me from the lawsuit"
    named = frozenset[str]()
    if listed and listed["kind"]:
        named = _LIST_KINDS[listed["kind"]]
    elif listed and listed["run"]:
        named = _channels_in(listed["run"])
    if more := re.match(r"(?:and|&)\s+(?:my\s+)?(?P<what>[a-z ]+?)\s+(?:from|off)\b", rest):
        obj = f"{obj} {more['what']}"  # "remove my number and email from your system"
    if not named and re.search(r"\bemail|\be mail", obj) and re.search(r"number|phone|cell", obj):
        named = _EMAIL | _PHONE
    if not named and (re.search(r"\bemail|\be mail", obj) or obj in ("this address", "my address")):
        named = _EMAIL  # "Please remove this address from your distribution list"
    elif not named and re.search(r"number|phone|cell", obj):
        named = _PHONE
    words = f"{verb} {obj} {listed[0] if listed else ''}".strip()
    if obj == "it" and not named:
        named = _CONTEXT  # "please take it off your list": the address or number it came to
    yield Hit("remove from list", words, named or _ALL)


# What the phrase table (optout_phrases) shares with these rules.
channels_in = _channels_in
caused_other = _caused_other
negated = _negated
actor = _actor
ONGOING_RUN = _ONGOING_RUN
BASE_RUN = _BASE_RUN
PARTICIPLES = _alt(_PARTICIPLES)
PHONE, ALL, CONTEXT = _PHONE, _ALL, _CONTEXT
