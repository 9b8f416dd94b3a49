"""Is an inbound reply a request to stop, to start again, for help, or just a message? (F7)

The FCC's revocation rule, 47 CFR 64.1200(a)(10) (FCC 24-24, in effect April 11, 2025), lets a
person revoke consent "using any reasonable method to clearly express a desire not to receive
further calls or text messages". A reply of "stop", "quit", "end", "revoke", "opt out", "cancel"
or "unsubscribe" is reasonable per se, and any other wording counts when a reasonable person
would read it as revocation — in whatever language the person writes. Carriers and Twilio act
on single keywords only, so Steadfast reads every inbound message itself.

How a reply is read, in order:
1. optout_text normalises it (quoted original, signature, emoji, accents, "S T O P", "STOPPP",
   leetspeak, misspellings and typo-tolerant respelling) and guesses its language.
2. Keywords as the whole message (or with polite words around it): STOP and its kin,
   START/UNSTOP/YES, HELP/INFO.
3. Wording: the English grammar rules (optout_english: a stop verb and what it stops, negation,
   whose doing it is), the intent frames (optout_frames: the shape of a request in English and
   Spanish, whatever its exact words) and the phrase table (optout_phrases: wordings as data).
4. Time limits (contact_window): "only after 5 pm", "not at work", "not on Saturdays" become
   the lead's contact window; as a limit they are a partial revocation a person confirms.
5. Where nothing placed it, the learned backstop (optout_learned) may make it an unsure stop,
   or, when it asks who is writing and why in words no rule knows, a help request.

The result: a sure stop wins; then a re-subscription; then wording that might be a stop but is
not clear ("not interested", "too many texts", "don't call before 5") — `unsure`, which pauses
automated contact until a person decides (its `.kind` is "stop" because texting is paused);
then HELP; anything else is a "message", which also ends the automated cadence and puts the
lead in front of a person (PRODUCT.md §1), so a human reads whatever the rules cannot place.

Which channels a stop covers (`.channels`):
- a bare keyword ("STOP", "Cancel.") covers the channel it came on (the carrier convention);
  STOPALL covers every channel, because it says "all";
- wording that names channels covers those ("stop texting me": sms; "no more emails": email;
  "wrong number", "lose my number": call and sms); a channel the person asks for instead is
  kept ("call instead of texting": sms only; "don't call, text is fine": call only);
- wording that names every kind of contact ("stop contacting me", "leave me alone") or none in
  particular ("please stop", "take me off your list") covers all three. A bare "stop" beside
  wording that names channels ("wrong number, stop") refers to those channels.

HELP / INFO count only as the whole message: reading "help me with my case" as a keyword
would answer wrongly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from steadfast.compliance.contact_window import ContactWindow, window_from_text
from steadfast.compliance.optout_english import (
    ALL,
    CONTEXT,
    PHONE,
    Hit,
    channels_in,
    negated,
    stop_hits,
)
from steadfast.compliance.optout_frames import frame_hits
from steadfast.compliance.optout_help import HOW_TO_STOP_LATER, WHAT_STOP_DOES, asks_who
from steadfast.compliance.optout_learned import (
    HELP_THRESHOLD,
    THRESHOLD,
    help_probability,
    second_reading,
    stop_probability,
)
from steadfast.compliance.optout_phrases import es_channels as _es_channels
from steadfast.compliance.optout_phrases import phrase_hits
from steadfast.compliance.optout_situations import (
    GO_AWAY_ES,
    another_number,
    blocking,
    calls_at_work,
    channel_unread,
    complaint,
    deferred,
    hedged,
    insult_only,
    matter_over,
    number_not_theirs,
    on_behalf,
    others_stop_undone,
    owner_gone,
    redirected,
    represented,
    threat_stop,
    told_again,
    told_to_writer,
)
from steadfast.compliance.optout_text import (
    KIDDING,
    drop_quoted_and_signature,
    language_of,
    normalise,
    strip_accents,
)

Kind = Literal["stop", "start", "help", "message"]
CHANNELS = ALL
EMAIL = frozenset({"email"})


@dataclass(frozen=True)
class InboundIntent:
    kind: Kind
    channels: frozenset[str]  # for "stop" the channels to suppress, for "start" to restore
    matched: str  # the keyword or rule(s) that decided, for the audit trail
    unsure: bool = False  # a stop a person must confirm; automated contact pauses meanwhile
    confidence: float = 1.0
    language: str = "en"  # "en" or "es": the language to answer in
    reason: str = ""  # "wrong_person" when the number is not the lead's
    window: ContactWindow | None = None  # contact hours the person asked for
    prefers: frozenset[str] = field(default_factory=frozenset)  # channels asked for instead


def _spellings(table: dict[str, str]) -> dict[str, str]:
    return {spelling: keyword for keyword, words in table.items() for spelling in words.split("|")}


# Keywords, as the whole message. Stop words: 47 CFR 64.1200(a)(10) per-se reasonable words plus
# the carriers' and Twilio's defaults (STOPALL, OPTOUT); then "text stop" from following "Text
# STOP to opt out" a little too literally. Misspellings are fixed by optout_text first.
_STOP_KEYWORDS = _spellings({
    "STOP": "stop|text stop|txt stop|sms stop|reply stop|text stop",
    "STOPALL": "stopall|stop all",
    "UNSUBSCRIBE": "unsubscribe|unsub|desuscribir|desuscribirme|desinscribir|desinscribirme",
    "CANCEL": "cancel", "END": "end", "QUIT": "quit", "REVOKE": "revoke",
    "OPTOUT": "optout", "OPT OUT": "opt out",
})  # fmt: skip
_START_KEYWORDS = _spellings(
    {"START": "start", "UNSTOP": "unstop", "YES": "yes", "INICIO": "inicio", "COMENZAR": "comenzar"}
)  # carriers'
_HELP_KEYWORDS = _spellings(
    {"HELP": "help", "INFO": "info", "AYUDA": "ayuda"}
)  # CTIA: say who we are, how to stop

# "I'm not Jane", "There's no Jane here": the person is not the lead. Read on the original
# letters, because only the capital tells a name ("I'm not Jane") from a word ("I'm not sure").
_NOT_THE_LEAD = re.compile(
    r"\b(?:I'?m not|I am not|[Tt]his is not|[Tt]his isn'?t|[Tt]hat'?s not|[Tt]here'?s no"
    r"|[Mm]y name is not|[Mm]y name isn'?t|[Mm]y name's not|[Mm]i nombre no es"
    r"|[Tt]here is no|[Nn]o|[Nn]o hay(?: ningun[oa]?| nadie que se llame)?|[Nn]o soy|[Ee]ste no es"
    r"|idk who|[Ii] (?:don'?t|do not) know who|[Nn]o s[eé] qui[eé]n es"
    r"|don'?t know (?:any|a|anyone named)"
    r"|[Ee](?:ste|se) no es el (?:n[uú]mero|tel[eé]fono|celular|cel) de"
    r"|[Tt]his (?:is not|isn'?t) the (?:number|phone|cell) (?:of|for)"
    r"|no conozco a)\s+(?P<name>[A-Z][a-z]+)\b(?P<after>[^.!?\n]*)"
)
_COMMON_CAPITALISED = (
    "I I'm Im God Jesus Lord Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    " Thanks Sorry Yes No Not Ok Okay The This That Please Stop Hi Hello Hey Dear Sir Maam"
    " Me My One Way Problem Worries Need Thank Lawyer Attorney Way Idea Clue Comment"
    " Gracias Señor"
)
_NOT_NAMES = frozenset(_COMMON_CAPITALISED.split())


_WRONG_NAME = re.compile(
    r"\b(?:the )?wrong (?P<name>[A-Z][a-z]+)\b"
    r"|\b[Ww]ho(?:'s|\u2019s| is) (?P<asked>[A-Z][a-z]+)\s*\?+\s*(?:[Nn]ot me|[Nn]ever heard of)\b"
)


def _not_the_lead(text: str) -> Hit | None:
    for m in _WRONG_NAME.finditer(strip_accents(text)):
        if (m["name"] or m["asked"]) not in _NOT_NAMES:  # "the wrong Maria", "Who's Ana? Not me"
            return Hit("not the lead", m[0], PHONE, reason="wrong_person")
    for m in _NOT_THE_LEAD.finditer(strip_accents(text)):
        name, after = m["name"], m["after"].strip().lower()
        if name in _NOT_NAMES:
            continue
        starts_no = m[0].split()[0].lower() in ("no", "no hay")
        here_before = re.search(r"\b(?:aqui|here)\s*$", strip_accents(text)[: m.start()].lower())
        if (
            starts_no
            and not re.match(r"(?:here|aqui|at this number|lives here|en este)", after)
            and not here_before
            and not re.search(r"\b(?:equivoc\w*|wrong)\b", after)
        ):
            continue  # "No Jane here" but not "No Monday works"
        return Hit("not the lead", m[0], PHONE, reason="wrong_person")
    return None


_POLITE_AROUND = re.compile(
    r"^(?:(?:please|pls|ok|okay|yes|just|so)\s+)+|(?:\s+(?:please|pls|thanks|thank you|thx|ty|now"
    r"|asap|ok|okay|already|por favor|porfa|gracias|again|de nuevo|otra vez|nuevamente))+$"
)
_PLAIN_KEYWORDS = frozenset({"stopall", "cancel", "end", "revoke", "optout"})  # "stop please"
# is an imperative (optout_english), which covers every channel
# "START porfa, cambié de opinión": a start keyword, and why.
_CHANGED_MIND_AFTER = re.compile(
    r"(?<=\w)\s+(?:(?:i|yo)\s+)?(?:(?:have\s+)?changed my mind|cambie de (?:opinion|idea|parecer)"
    r"|me arrepenti|(?:sorry|my bad)(?: about (?:earlier|that|before|the stop))?)$"
)
# A whole reply asking to hear from us again on a channel: "text me again plz", "unstop texts",
# "start emails".
_ASKED_BACK = re.compile(
    r"(?:you can |u can |go ahead and )?(?P<what>text|call|email|message) me again"
    r"(?: (?:plz|please|pls|thanks|now))?"
    r"|(?:start|unstop|resume) (?P<what2>texts|text messages|messages|emails|calls)(?: again)?"
)
# Contact asked for again, in the words of someone who had turned it down: "You can go back to
# calling me", "Its ok to call me at work again", "y'all can hit me up again", "Send me texts
# again", "vuélvanme a suscribir al boletín".
_AGAIN_OK = re.compile(
    r"\b(?:you|u|yall|y all|you guys) can (?:go back to|start) (?P<back>calling|texting|emailing)"
    r" (?:me|us)\b"
    r"|\b(?:you|u|yall|y all|you guys) can (?:now )?(?P<again>call|text|email|hit me up|hit us up)"
    r"(?: (?:me|us))? again\b"
    r"|\b(?:its|it is|it s) (?:ok|okay|fine|alright) (?:now )?to (?P<ok>call|text|email) (?:me|us)"
    r"(?: \w+){0,3} again\b"
    r"|\bsend (?:me|us) (?P<send>texts|text messages|messages|emails|the newsletter) again\b"
    # "please send the updates again", "Please start the texts back"
    r"|\b(?:please |pls )?send (?:me |us )?the (?:updates|texts|emails|messages|newsletter) again\b"
    r"|\b(?:please |pls )?start (?:the |my )?(?:texts|emails|calls|messages|updates)"
    r" (?:back(?: up)?|again)\b"
    # "I'm back from deployment, go ahead and call or text again"
    r"|\bgo ahead and (?:call|text|email)(?: (?:or|and|&) (?:call|text|email))?(?: me| us)? again\b"
    r"|\b(?:its|it is|it s) (?:ok|okay|fine|safe|alright) (?:now )?for (?:you|yall|y all|you guys"
    r"|you all) to (?:call|text|email|contact)(?: (?:and|or|&) (?:call|text|email))?\b"
    r"|\bget back on (?:the |your )?(?:(?:newsletter|mailing|email|text)(?: ?list)?|list)\b"
    r"|\b(?:re ?add|readd) (?:my (?:email|number)|me)\b"
    r"|\bundo (?:my |the )?(?:stop|opt ?out|unsubscribe)\b"
    r"|\bpodem voltar a (?:mandar|enviar|ligar)\b"
    r"|\b(?:its|it is|it s) (?:ok|okay|fine|safe|alright) (?:now )?to (?:text|call|email)(?: (?:and"
    r"|or|&) (?:text|call|email))? (?:me|us|this number)(?: again)? now\b"
    r"|\b(?:like|want) to (?:receive|get) (?:the |your )?(?:monthly |weekly )?(?:newsletter|emails"
    r"|texts|updates) again\b"
    r"|\bgui (?:tin nhan )?lai\b|\bnhan tin lai\b"
    r"|\b(?:pode|podem) (?:me )?(?:mandar|enviar) (?:mensagem|mensagens) de novo\b"
    r"|\bcan (?:i|we) (?:get|have) (?:the|your) (?:texts|emails|messages|newsletter) (?:again"
    r"|back)\b"
    r"|\b(?:vuelvanme|vuelvannos) a (?:suscribir|mandar|enviar)\b"
    r"|\bvolver a (?:mandarme|enviarme|suscribirme)\b.*?\b(?:boletin|correos|mensajes|textos)\b"
    # "You can call me at work now", "You can call me during the day again"
    r"|\b(?:you|u|yall|y all|you guys) can (?:now )?(?:call|text|email)(?: (?:or|and|&)"
    r" (?:call|text|email))?(?: (?:me|us))?(?: (?:at work|during the day|in the daytime|at home"
    r"|on weekends|anytime|any time))+ (?:again|now)\b"
    r"|\bplease (?:text|email) (?:me|us) (?:the )?(?:updates|messages|texts|emails|newsletter)"
    r" again\b"
    r"|\bput (?:my (?:number|email|name)|me|us) back (?:in|on)\b"
    r"|\b(?:i|we) want (?:calls|texts|emails)(?: (?:and|&) (?:calls|texts|emails))? again\b"
    r"|\b(?:ya )?(?:me )?(?:pueden|puede) (?:volver a )?(?:llamar|textear|escribir)(?:me|nos)?"
    r"(?: (?:mensajes|textos|correos))? (?:otra vez|de nuevo)\b"
    # "Add me to the monthly newsletter please", "subscribe to Tenant & Estate Notes"
    r"|\b(?:add (?:me|us|my \w+) to|subscribe (?:me |us )?to|sign (?:me|us) up for|put (?:me|us"
    r"|my \w+) back on) (?:the |your )?(?:monthly |weekly )?(?:newsletter|mailing list|email list"
    r"|(?:\w+ (?:and |& )?)?\w+ (?:notes|update|updates|bulletin|report)\b)"
)
# A keyword shouted at the end of a run-on reply: "i dont want ur services STOP".
_SHOUTED_LAST = re.compile(r"(?:^|\s)(?:STOP|STOPALL|UNSUBSCRIBE|OPTOUT|STOP IT)\W*$")

# A keyword asked back and answered no: "Unsubscribe? No, I want to talk." The person is
# quoting our instructions, not using them.
_ECHOED = re.compile(
    # "Unsubscribe from what?": asked back whatever follows
    r"^\W*(?P<keyword>(?:stop|unsubscribe|opt out|cancel|remove me)(?: from)? what)\s*\?+"
    r"|^\W*(?P<keyword2>stop|quit|unsubscribe|cancel|end|opt ?out|stopall|alto|baja|cancelar"
    r"|wrong (?:number|person|#)|(?:[^?.!\n\s]+\s+){0,4}"
    r"(?:stop|quit|unsubscribe|cancel|opt ?out|remove|lose|delete|block|leave)[^?.!\n]{0,30})"
    r"\s*\?+\s*(?=(?:(?:lol|lmao|haha|ha|oh|um|uh)\s+)?(?:no|nah|nope|why|not|never|not yet"
    r"|wait|hell no|heck no|absolutely not|of course not|god no|no way|definitely not)\b)",
    re.IGNORECASE,
)

_NOT_WANTING_OUT = re.compile(
    r"\b(?:i|we) (?:do not|really do not|did not) (?:want|mean|wish) to (?:unsubscribe|opt out"
    r"|be unsubscribed)\b"
    # "unsubscribing from everything, but not yours"
    r"|\bfrom everything\b[^.]{0,12}\bbut not (?:yours|you|your)\b"
    # "… about how to unsubscribe, I don't want to do that"
    r"|\bunsubscribe\b[^.]{0,40}\b(?:i|we) (?:do not|really do not) want to do (?:that|it)\b"
)
_NOT_OPTING_OUT = re.compile(
    r"\b(?:i am|im|i m) not (?:trying|going|wanting|asking) to (?:opt out|unsubscribe|stop"
    r"|cancel|block)"
    # A time for one meeting, or for today only: "only after 5 works for the meeting, is that
    # ok?", "not at work today, you can call anytime", "do not stop working on my case"
    r"|\b(?:works|work) for (?:me|us|the (?:meeting|call|appointment|consultation))\b"
    r"|\bis that (?:ok|okay|alright|good)\b|\b(?:you|u) can (?:call|text) (?:me )?(?:anytime"
    r"|any time|whenever)\b|\bdo not stop working\b"
    # "not now Im at work, tomorrow after 5": put off to a day named, as "call me tomorrow"
    r"|^\W*(?:not now|not rn|cant talk now|can not talk now|busy now|busy rn)\b.*"
    r"\b(?:tomorrow|tmrw|tmr|tonight|later today|manana)\b"
)
_QUOTED_INSTRUCTION = re.compile(
    r"\b(?:said|says|say|read|reads|told me to|tells me to|was told to|were told to) (?:to )?"
    r"(?:reply|text|send|txt)"
    r" (?:stop|alto|baja) (?:to (?:opt out|unsubscribe|end|cancel|stop)\w*)?"
    # "When's a good time to talk? Txt STOP to opt out" - whenever: our own words pasted back
    r"|\b(?:reply|text|send|txt|responda|envie) (?:stop|alto|baja) (?:to|para) (?:opt out"
    r"|unsubscribe|end|cancel|stop|darse de baja|cancelar)\w*"
)

# Words that keep the conversation going, which make a bare "stop" beside them unclear.
_ENGAGES = re.compile(
    r"\b(?:(?:i will|ill|i am going to|let me) (?:call|text|email) (?:you|u)|yes i (?:need|want|am)"
    r"|i (?:need|want) (?:help|to talk|a lawyer|an attorney)|wrong (?:chat|convo|conversation"
    r"|thread)|wait|never ?mind|disregard (?:that|my last)|ignore (?:that|my last)"
    r"|si soy yo|(?:yes|yeah|yep) (?:this is|it is|its|it s) (?:me|her|him))\b"
)

# What a person calls the texts ("spam", "una estafa"): asked as a question it is not a stop.
_CALLS_IT = re.compile(
    r"\b(?:spam|junk|scams?|scammers?|estafa\w*|fraude\w*|acoso|robots?|bots?)\b"
)

# A creditor's doing, which the firm is asked to stop (above), and what would make it ours.
_CREDITORS = re.compile(
    r"\b(?:foreclos\w*|garnish\w*|repo|repossess\w*|collectors?|collections?|creditors?|lender"
    r"|sheriff(?: s)? sale|eviction|evict\w*|debt|bankruptcy|chapter (?:7|13)|embarg\w*|cobrador\w*"
    r"|deuda\w*|the bank|mortgage|hipoteca)\b"
)
_FROM_US = re.compile(
    r"\b(?:you|your|yall|u|you guys|your (?:firm|office)|ustedes|su oficina)\s+(?:\w+\s+)?"
    r"(?:keep|keeps|are|have been|calling|texting|emailing|messaging|sending)\b"
)
_STOPS_A_THING = re.compile(
    r"(?:(?:(?:any|a|some) way to |need (?:it|them) to |can (?:the |a )?(?!you |u |yall )\w+ )stop"
    r" (?:it|this|that|them|the (?:calls|sale|foreclosure|garnishment|repo|repossession|lawsuit"
    r"|eviction|collections?|harassment))"
    r"|stop the (?:sale|foreclosure|garnishment|repo|repossession|lawsuit|eviction|collections?))$"
)


def _stops_a_thing(normal: str, hit: Hit) -> bool:
    at = normal.find(hit.words)
    return at >= 0 and bool(_STOPS_A_THING.search(normal[: at + len(hit.words)]))


# "I want out" of a lease, a marriage or a job the reply names, not out of our messages
_WANTS_OUT = re.compile(r"(?:i |we )?(?:want|wanna|need) out")
_OUT_OF_A_MATTER = re.compile(
    r"\b(?:done with|leave|leaving|out of|break|breaking|end|ending) (?:my|the|this|our|his|her)"
    r" (?:landlord|lease|apartment|rental|marriage|husband|wife|job|contract|partnership)\b"
)
_DROPS_A_THING = re.compile(
    r"\bdar(?:me|le|les)? de baja (?:a )?(?:la|el|mi|su|los|las|esa|ese) (?:demanda|caso|seguro"
    r"|plan|poliza|cuenta|tarjeta|servicio|contrato|linea|deuda|prestamo|pension|beneficio"
    r"|manutencion|custodia|tutela)\w*"
    # A role or a family matter the person wants out of, not our messages: "Quiero darme de
    # baja como tutora de mi sobrino", "quiere quitarme a la niña", "remove his name from my
    # daughter's birth certificate", "how do I get out of this marriage", "unsubscribed from
    # being his emergency contact"
    r"|\b(?:(?:quiero|quisiera|necesito) )?darme de baja como (?:tutora?|guardian|albacea"
    r"|representante|fiadora?|aval)\b"
    r"|\bquitarme a (?:la|el|mi|mis|los|las) (?:nina|nino|hija|hijo|hijos|ninos|bebe)\b"
    r"|\b(?:how (?:do|can) (?:i|we) )?(?:stop|get out of|opt out of|get unsubscribed from"
    r"|unsubscribed? from|remove (?:me|my name|his name|her name|him|her) (?:from|as))"
    r"(?! (?:\w+ ){0,3}(?:texting|calling|emailing|messaging|contacting|sending|texts|calls"
    r"|emails|messages|mail|newsletters?|me|us)\b)"
    r" (?:being )?(?:this |the |my |his |her |our |a |an )?(?:\w+ ){0,2}?(?:adoption|marriage"
    r"|divorce|custody|birth certificate|emergency contact|guardian|guardianship|lease|trust"
    r"|will|estate|executor|deposition|hearing|restraining order|protective order|child support"
    r"|visitation|parenting plan)\b"
)

# A keyword followed by an aside in brackets, and asides that take the keyword back.
_ASIDE = re.compile(r"\s*(?P<main>[^()]+?)\s*\((?P<aside>[^()]*)\)[\s.!]*")
_TAKEN_BACK = re.compile(
    r"\b(?:kidding|jk|joke|joking|not really|mistake|accident|accidentally|did not mean|sin querer"
    r"|por error|broma|start|unstop|wait|but)\b"
)

# A stop the person says they sent by mistake.
_MISTAKEN_STOP = re.compile(
    r"\b(?:stop|unsubscribe|opt out|alto|baja|cancel)\b.*\b(?:by (?:mistake|accident)|accidentally"
    r"|on accident|did not mean|sin querer|por error|por equivocacion"
    r"|to the wrong (?:text|message|thread|number))\b"
    r"|\b(?:by (?:mistake|accident)|accidentally|mistakenly|me equivoque|sin querer|por error)\b.*"
    r"\b(?:stop|unsubscribe|unsubscribed|opt out|opted out|alto|baja|cancel)\b"
)

# A stop the person tells of having made before ("I unsubscribed", "I previously asked you to
# stop contacting me"): beside a request to hear from us again, the request is what counts.
_REPORTED_STOP = re.compile(
    r"\b(?:i|we|(?:the one|one) who|my (?:wife|husband|partner|mom|mother|dad|father|son"
    r"|daughter))\s+"
    r"(?:(?:already|previously|earlier|once|had|have|just|did)\s+)*"
    r"(?:(?:asked|told|begged|requested|wanted)\s+(?:you|yall|u|your firm|your office|you guys)"
    r"\s+(?:to\s+)?"
    r"|(?:said|replied|texted|sent|wrote|typed|clicked|pressed|hit|tapped)\s+)?$"
)


# A stop told of as past ("Sorry I replied STOP earlier", "Hace días les dije que ya no me
# contactaran", "I previously asked to be removed") and, after it, a request to hear from us
# ("please text me back", "pueden llamarme o escribirme"): the request undoes the stop. The
# restored channels are those the earlier stop covered and those the request names.
_TOLD_STOP = re.compile(
    r"\b(?:i|we)\s+(?:(?:already|previously|earlier|once|had|have|did|just)\s+)*(?:replied|said|say"
    r"|sent|texted|typed|wrote|put|hit|responded|clicked|pressed|tapped)\s+(?:with\s+)?(?P<keyword>stop|unsubscribe"
    r"|opt out|alto|baja|cancel)\b"
    r"|\b(?:i|we|my (?:wife|husband|partner|mom|mother|dad|father|son|daughter|grandson"
    r"|granddaughter|brother|sister|niece|nephew|kids?|family))\s+(?:(?:already"
    r"|previously|earlier|once|had|have|did|just)\s+)*(?:asked|told|requested|begged)\s+"
    r"(?:that\s+)?(?:(?:you|yall|u|you guys|your firm|your office)\s+)?(?:to\s+)?"
    r"(?P<what>be removed|be taken off|be unsubscribed|leave (?:me|us) alone"
    r"|remove (?:me|us|my (?:number|email|name))|take (?:me|us) off"
    r"|(?:stop|quit|cease) (?:\w+ing)(?: (?:and|or|&) \w+ing)?|stop\b"
    r"|not (?:to )?\w+)"
    # "I know I said don't contact me", "I said no more texts"
    r"|\b(?:i|we)\s+(?:(?:know|already|previously|did|had)\s+)*(?:i\s+|we\s+)?(?:had\s+)?said\s+"
    r"(?:to\s+)?"
    r"(?:do not|not to|stop|no more)\s+(?P<said>\w+)"
    r"|\b(?:(?:les?|te)\s+)?(?:dije|pedi|escribi|avise|solicite|habia dicho|habia pedido"
    r"|habiamos dicho|puse|dijo|pidio|puso|escribio|dijimos|pedimos)\s+que\s+(?:ya\s+)?no\s+"
    r"(?:me\s+|lo\s+|la\s+|nos\s+|le\s+)?(?!pero\b|porque\b)(?P<es>\w+)"
    r"|\b(?:(?:les?|te)\s+)?(?:dije|pedi|escribi|avise|solicite)\s+que\s+(?:ya\s+)?(?:dejaran|pararan"
    r"|dejen|paren)\s+de\s+(?P<es_stopped>\w+)"
    r"|\b(?:les?\s+)?(?:dije|dijimos|dijo|puse|escribi|conteste)\s+que\s+(?:ya\s+)?(?P<es_no>no)\b(?!\s+(?:me|nos|se|lo|la|les?)\b)"
    r"|\blo del (?P<es_lo_del>alto|stop)\b"
    r"|\b(?:puse|mande|envie|dije|escribi|respondi|conteste|mandar|poner|enviar|escribir)\s+"
    r"(?P<es_keyword>alto|stop|baja"
    r"|cancelar|pare|parar)\b"
    # "me di de baja del boletín por error"
    r"|\bme (?P<es_unsub>di de baja|desuscribi|desinscribi)\b"
    r"|\b(?:pedi|solicite) que me (?P<es_unsub2>quitaran|borraran|sacaran|dieran de baja)\b"
    # "I unsubscribed by accident", "Perdón por el alto": the keyword's doing, on its channel
    r"|\b(?:i|we)\s+(?:(?:accidentally|mistakenly|already|just|previously)\s+)?(?P<did>unsubscribed"
    r"|opted out)\b"
    r"|\b(?:perdon|disculpen?|disculpa|lo siento) por (?:el|mi|lo del|mandar|poner|decir|decirles"
    r"|escribir) (?P<sorry>alto"
    r"|stop|baja)\b"
    # "I was done with this but ...", "antes pedí que me quitaran de la lista"
    r"|\b(?:i|we)\s+(?:(?:know|already|previously)\s+)*(?:i\s+|we\s+)?(?P<blocked>blocked)\s+"
    r"(?:you|yall|your number|this number|the number)\b"
    r"|\b(?:my bad|sorry|apologies|perdon) (?:for|about|por) (?:\w+ing (?:and|&) )?(?:saying"
    r"|telling you(?: to)?"
    r"|decir|decirles|decirle|haberles dicho|haberle dicho)"
    r" (?P<sorry_said>leave me alone|stop|no|not to \w+|que no|que (?:pararan|parara|dejaran"
    r"|me dejaran))"
    # "Last time I said not interested", "I told yall I didn't need no lawyer": a decline before
    r"|\b(?:i|we)\s+(?:(?:know|already|previously|did)\s+)*(?:said|replied|wrote|texted|answered"
    r"|told (?:you|yall|u|you guys))"
    r"(?: [a-z]+){0,3}? (?:that )?(?:i was |i am |we were |we are )?(?P<declined>not interested"
    r"|no thanks|(?:i|we) (?:did not|do not) (?:need|want) (?:no |a |an |any )?(?:lawyer|attorney"
    r"|help))\b"
    r"|\b(?:i|we) (?:did not|didnt) mean (?:(?:the|that|my|to (?:say|send|text|put)) )?(?P<meant>"
    r"leave me alone|stop|no|go away"
    r"|not interested)\b"
    r"|\b(?:i|we|my (?:mom|mother|dad|father|husband|wife|son|daughter)) (?:already )?(?:said"
    r"|told (?:you|yall|u|you guys|your office|your firm)) (?P<said_no2>no)"
    r" (?:a (?:couple|few) (?:of )?(?:days|weeks) ago|before|earlier|last (?:week|time|month)"
    r"|yesterday|in (?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|the spring|the summer|the fall|the winter))\b"
    r"|\b(?:i|we) (?:already |previously )?told (?:your|the) (?:\w+ )?(?:person|lady|guy|staff"
    r"|office|firm|people|intake"
    r"|team|assistant|paralegal|receptionist|girl|woman|man|gentleman|secretary) (?:not to"
    r"|to stop|that i did not want to be"
    r"|i was not|i did not need)"
    r" (?P<told_staff>\w+)"
    r"|\b(?:forget|ignore|disregard) what (?:i|we) said (?:before |earlier )?about (?P<forgot>not"
    r" contacting (?:me|us)|stopping|the texts|not calling|not texting)"
    r"|\b(?:i )?(?P<changed>changed my mind|ya lo pense mejor|lo pense mejor|lo pensamos mejor"
    r"|cambie de opinion|cambiamos de opinion|volvi a pensar(?:lo)?|ya me anime)\b"
    # "I said leave me alone but I was having a bad day"
    r"|\b(?:i|we|who)\s+(?:(?:know|already|previously|did)\s+)*(?:i\s+|we\s+)?(?:said|told"
    r" (?:you|yall|u|you guys)) (?:to )?(?P<alone>leave (?:me|us) alone|go away|get lost"
    r"|lose my number|fuck off|back off)\b"
    # "After my last email saying no thank you", "my text telling you to stop"
    r"|\bmy (?:last|earlier|previous) (?:email|text|message|reply) (?:saying|telling you)(?: to)?"
    r" (?P<last_no>no|not interested|stop|unsubscribe|leave me alone)\b"
    r"|\b(?:sorry|my bad|apologies) (?:for|about) (?P<cussed>cussing|yelling|snapping|going off"
    r"|being rude|being mean|hanging up)\b"
    r"|\b(?:sorry|perdon|my bad|disculpen?) (?:for|about|por) (?:the|el|my|mi)"
    r" (?P<sorry_kw>stop|alto|baja|unsubscribe)\b"
    r"|\b(?:i|we) (?:am|m|are|re) the (?:one|ones) who (?:said|sent|texted|replied) (?P<said_no>no"
    r"|stop)\b"
    # "Disculpen lo de antes", "sorry about earlier"
    r"|\b(?:disculpen?|disculpa|perdon(?:en|a)?|sorry|my bad) (?:por |for |about )?"
    r"(?P<vague>lo de antes|lo de ayer|earlier|before|what i said)\b"
    r"|\b(?:i|we) (?:was|were) (?:so |really |a bit |a little )?(?P<rude>rude|mean|short|harsh"
    r"|nasty|snappy|rude to you|mad|angry|upset|pissed)\b"
    r"|\b(?:i|we) (?:was|were) (?P<done>done) with (?:this|it|you|yall|all this|all of this)\b"
    r"|\b(?:i|we) (?:stopped|turned off|shut off) (?:the |your |all the )?(?P<stopped>texts|calls"
    r"|emails|messages)\b"
    r"|\b(?:please )?(?:disregard|ignore|take back|withdraw) my (?:(?:earlier|last|previous|other"
    r"|first) )?(?:email|text|message|reply|request)(?: from (?:last|this) \w+)?(?P<disregard>"
    r"(?: (?:asking|saying|about|telling you|that said|not to|to not|to stop)(?: \w+){0,5})?)"
    r"|\b(?:pedi|les pedi|dije|les dije) que me (?P<es_removed>quitaran|borraran|sacaran"
    r"|eliminaran|dieran de baja)\b"
    # "No me hagan caso de lo que dije el otro día de que ya no quería"
    r"|\bno (?:me )?hagan caso (?:a|de) lo que (?:les )?dije\b(?P<es_disregard>(?: \w+){0,6}"
    r" (?:no|dejen|paren|baja)\b)"
    # "I contacted your office in March and then asked you not to contact me"
    r"|\b(?:and )?then (?:asked|told) (?:you|yall|your office) (?:not to|to stop) (?P<then>\w+)"
    # "Re: You have been unsubscribed ... That was a mistake"
    r"|\b(?:you have been|i have been|i ve been|i was|i got) (?P<been>unsubscribed|opted out"
    r"|removed)\b"
    # "Earlier I said not before 5", "I know I said only text": a limit told, lifted now
    r"|\b(?:i|we)\s+(?:(?:know|already|previously|earlier)\s+)*(?:i\s+|we\s+)?said\s+"
    r"(?:(?:no|do not|not|dont) (?:\w+ )?(?P<limit>before|after|on|during|at|between|until)\b"
    r"|only (?P<only>text|texts|email|emails)\b)"
)
_UNDONE_SINCE = re.compile(
    r"\b(?:earlier|before|last (?:week|month|time|night)|yesterday|previously|ago|a while back"
    r"|now|actually|changed my mind|hace \w+|antes|ahora|el otro dia|por error|sin querer"
    r"|by mistake|by accident|things (?:got|have gotten|are) worse|no fue mi intencion"
    r"|things (?:have )?changed|denied|unblocked|perdon|disculpen?|sorry|ya necesito"
    r"|cambie de (?:opinion|idea|parecer)|me arrepenti|but go ahead|i know i (?:told|said|asked)"
    r"|(?:but )?i (?:really |actually )?do need"
    r"|was not my intention|(?:i am|we are) ready now|want to go ahead|ready to talk"
    r"|(?:i|we) (?:still|do|really|actually)(?: (?:still|do|really|actually))* (?:need|want)"
    r"|(?:a|another) different (?:firm|company|lawyer|office)|dropped me|withdr[ae]wn?"
    r"|la semana pasada|el mes pasado|is the offer\b.*\bstill open|negaron|no me (?:quiere|quieren)"
    r" pagar|(?:is|got|has gotten|have gotten|are) worse|after all|taking (?:that|it) back"
    r"|situation (?:has )?changed|other day|(?:mi )?situacion cambio|anteriormente"
    r"|lowballing|accidentally|mistakenly|por equivocacion|ahora si|ya no contesta"
    r"|lo pense mejor|lo pensamos mejor|my bad"
    r"|stopped answering|lost my (?:other )?(?:lawyer|attorney)"
    r"|(?:having|had) a (?:bad|rough|long) (?:day|week)|spoke too soon|ya me anime|me anime"
    r"|volvi a pensar(?:lo)?|(?:i|we) need (?:help|you|a lawyer)|(?:contacted|called|texted) again"
    r"|is it too late|but (?:now|my|i|we|he|she|then|after|this|the (?:landlord|court|judge|bank"
    r"|collector|insurance|adjuster|situation))|pero (?:ahora|ya|mi|me|la|el|yo|si)"
    r"|si (?:quiero|queremos)|pero (?:quiero|queremos|necesito) (?:volver|seguir|que)"
    r"|pero fue (?:mi|el|la|un|una) \w+"
    r"|offer (?:still )?stands|me equivoque|fue (?:un )?error|last (?:winter|spring|summer|fall"
    r"|year)|(?:i am|im|i m) asking (?:for help )?now|(?:i|we) (?:did not|didnt) mean|back then"
    r"|(?:i am|im|i m) not (?:fine|ok|okay|good)|(?:its|it is|it s) (?:ok|okay|fine|alright)"
    r"|(?:that|it) was (?:a|an) (?:mistake|accident)|back in \w+|things are different"
    r"|in (?:january|february|march|april|june|july|august|september|october|november|december)"
    r"|does not speak for me|no habla por mi|ya lo hablamos|i filled (?:out )?the form myself"
    r"|schedule changed|retired|light duty|moved to|(?:any ?time|anytime) is fine)\b"
)
_ASKS_AGAIN = re.compile(
    r"\b(?:please |pls |you can |u can |go ahead and )?(?P<verb>text|call|email|contact)\s+"
    r"(?:me|us|this number|this phone)(?:\s+(?:back|again|now))?\b"
    r"(?!\s+(?:again\s+)?(?:and|&|or)\b)"
    r"|\b(?:please |pls |you can )?reach (?:back )?out\b|\bgo ahead\b(?! and (?:stop|block|remove))"
    r"|\b(?:reverse|undo) (?:that|it)\b|\b(?:please )?get (?:back )?in touch\b"
    r"|\b(?:i|we) (?:(?:would|d) like|(?:still |really |do )*want) to (?:talk|speak) to (?:someone"
    r"|somebody|you|a lawyer)\b"
    r"|\breopen (?:the|our|my) (?:conversation|file|case|discussion)\b"
    r"|\bcan (?:we|i) (?:talk|speak)(?: to (?:you|someone|somebody))?(?: now| today| again)?\b"
    r"|\b(?:turn|switch) (?:them|it|(?:the |my )?(?:texts|messages|emails)) back on\b"
    r"|\b(?:re)?activar (?:otra vez |de nuevo )?(?:los |mis )?(?:mensajes|textos|correos)\b"
    r"|\b(?:now |would now |d now )?welcome (?:your )?(?P<welcome>(?:calls|texts|emails|contact)"
    r"(?: and (?:calls|texts|emails))?)"
    r"|\b(?:add|put) (?:me|us|my (?P<back>email|number|phone number|name)(?: address)?) back\b"
    r"|\b(?P<verbs>(?:call|text|email)(?: (?:or|and|&|,) (?:call|text|email))+) (?:me|us)\b"
    r"|\b(?:you|u) can (?P<verbs2>(?:call|text|email)(?: (?:or|and|&) (?:call|text|email))*)"
    r"(?: (?:me|us))?\s*\.?\s*$"
    r"|\b(?:would|d) (?:now |rather |really )*prefer (?:a |an )?(?P<pref>phone call|call|text"
    r"|email)s?\b"
    # "now you can call anytime"
    r"|\b(?:you|u|yall) can (?:now )?(?P<verb3>call|text|email|contact)(?: (?:me|us))?"
    r"(?: directly)?"
    r"(?: (?:anytime|any time|whenever|now|again|back))+\b"
    r"|\b(?:me|nos) (?:pueden|puede|puedes) (?:volver a )?(?P<es4>llamar|marcar|escribir"
    r"|contactar|textear)\b"
    r"|\b(?:like|want) to be (?:added back|contacted(?: again)?)\b"
    r"|\b(?:comuniquense|comuniquese) conmigo\b"
    r"|\b(?:pueden|puede|puedes)\s+(?:volver\s+a\s+)?(?P<es>(?:llamar|escribir|contactar|textear"
    r"|mandar|enviar)(?:me|nos)(?:\s+(?:o|y)\s+(?:llamar|escribir|contactar|textear)(?:me|nos))?)"
    r"|\b(?P<es_call>llamenme|marquenme|hablenme|llameme|marqueme)\b"
    r"|\b(?:escribanme|contactenme|textenme)\b"
    r"|\b(?:ahora|ya) si (?:los|las|lo|la) (?:necesito|necesitamos)\b"
    r"|\bahora si (?:quiero|necesito|queremos|necesitamos) (?:la |el |su |un )?(?:ayuda|abogad[oa]"
    r"|help)\b"
    # "can someone call me?", "ahora sí necesito ayuda", "sigan escribiendo"
    r"|\bcan (?:someone|somebody|anyone|you|u) (?P<verb2>call|text|email|contact) (?:me|us)\b"
    r"|\b(?:ahora )?si (?:necesito|ocupo|quiero) (?:ayuda|un abogado|el abogado|la ayuda|su ayuda)"
    r"|\bresume (?P<resume>both|them|it|everything|contact|contacting"
    r"|(?:the )?(?:texts|emails|calls|messages))\b"
    r"|\bsigan (?P<es3>escribiendo|mandando mensajes|llamando|mandandome mensajes|mandando(?:me)?\b"
    r"|mandando (?:la|los|las|me) \w+|(?:mandandome|enviandome) (?:correos|mensajes|textos))\b"
    r"|\b(?:it is|its|thats|that is) (?:ok|okay|fine|alright) now\b"
    # "I'm ready to talk now", "I actually need to talk to someone", "Can yall still help",
    # "please call", "Call or text whenever": asked for, in so many words
    r"|\b(?:i am|we are) ready(?: (?:now|to talk|to move forward|to go ahead|to proceed))+"
    r"|(?:\b(?:i|we) (?:(?:actually|still|really|do|now) )*|\b(?:still|really|actually) )need"
    r" (?:help|to talk(?: to (?:someone"
    r"|somebody|you|yall))?|a lawyer|an attorney|your help)\b"
    r"|\bcan (?:you|yall|u|you guys) still help\b|\bplease call(?= \.|$)"
    r"|\bplease (?P<verbs5>(?:call|text|email)(?: (?:or|and|&) (?:call|text|email))+)"
    r"(?: again)?(?= \.|$| ,)"
    r"|\bis it (?:ok|okay|alright|all right) (?:to|if i) (?:reach out|call|text|write|contact)"
    r"|\b(?:todavia|aun) (?:me |nos )?(?:pueden|puede) ayudar\b"
    r"|\b(?P<verbs4>(?:call|text|email)(?: (?:or|and|&) (?:call|text|email))*)"
    r" (?:whenever|anytime|any time)\b"
    # "Changed my mind. Let's talk", "I'd like to talk now", "I'd like that consultation"
    r"|\blet(?: u)?s talk\b|\bhablemos\b"
    r"|\b(?:i|we) (?:would|d) like to (?:talk|speak)(?= now| today| again| \.|$)"
    r"|\b(?:i|we) (?:would|d) (?:still )?like (?:that|the|a) (?:consultation|consult|call"
    r"|appointment|meeting)\b"
    r"|\bis it too late (?:to|for)\b"
    r"|\bquiero que me (?P<es5>llamen|escriban|contacten|hablen|marquen)\b"
    r"|\b(?:ahora|ya) si (?:los |les |lo )?(?:necesito|necesitamos)\b"
    r"|\bnecesito que me (?:ayuden|llamen|contacten)\b"
    r"|\b(?:si )?(?:quiero|necesito|queremos) hablar con (?:el|la|un|una|su|ustedes)"
    r"(?: (?:abogad[oa]|licenciad[oa]))?\b"
    r"|\bpueden volver a (?P<es6>llamar|escribir|contactar|textear)\b"
    r"|\b(?:you|u) can (?P<verbs6>(?:call|text|email)(?: (?:or|and|&) (?:call|text|email))*)"
    r" (?:me )?(?:on )?this (?:one|number|phone|new number)\b"
    r"|\bkeep (?P<keep>contacting|texting|calling|emailing) (?:me|us)\b"
    r"|\b(?:do not|dont) stop (?P<dont_stop>texting|calling|emailing|contacting) (?:me|us)\b"
    r"|\b(?:i am|im|i m) asking (?:for (?:your )?help|now that you)\b"
    r"|\bcan i (?:get|be) (?:back on|re ?added|added back)\b"
    r"|\b(?:pueden|puede) seguir (?P<es7>escribiendo|llamando|mandando)\w*"
    # "I'd like to get the monthly newsletter again", "daytime calls are fine now"
    r"|\b(?:like|want) to (?:receive|get) (?:the |your )?(?:monthly |weekly )?(?P<get>newsletter"
    r"|emails|texts|updates|calls)\b"
    r"|\b(?:daytime |day time |the )?(?P<calls_ok>calls)(?: (?:any ?time|whenever|at any"
    r" time))? (?:are|is) (?:fine|ok|okay)\b"
    r"|\b(?:saturdays?|sundays?|weekends?|mornings?|evenings?|daytime|nights?|days?) (?:is|are)"
    r" (?:actually |totally )?(?:fine|ok|okay)(?P<time_ok> now)\b"
    r"|\b(?:pueden|puede) (?P<es_le>(?:llamar|escribir|textear)(?:le|la|lo)(?: (?:o|y)"
    r" (?:llamar|escribir|textear)(?:le|la|lo))?)\b"
    r"|\b(?P<es_us>llamenos)\b|\b(?:necesito|necesitamos) (?:ayuda|su ayuda|un abogado)\b"
    r"|\b(?:can (?:we|you)|please|lets) start (?:again|back up|over)\b"
    r"|\bsi (?:los|las|lo) (?:quiero|queremos) recibir\b"
    r"|\b(?:any ?time|anytime) is (?:fine|ok|okay)\b"
    # "I do want to hear from you guys", "Sí quiero que me ayuden", "quiero seguir recibiéndolo"
    r"|\b(?:i|we) (?:(?:still|do|really|actually) )*want to hear from (?:you|yall|u|you guys"
    r"|your (?:firm|office))\b"
    r"|\b(?:si )?(?:quiero|queremos) que (?:me|nos) ayuden\b"
    r"|\b(?:quiero|queremos) seguir recibiendo\w*"
    r"|\b(?:quiero|queremos) volver a recibirl[oa]s\b"
)


# The groups of _ASKS_AGAIN that hold the words naming what is asked for.
_ASKED_NAMES = (
    "es",
    "es5",
    "es6",
    "verbs6",
    "keep",
    "dont_stop",
    "verb",
    "verb2",
    "resume",
    "verb3",
    "es4",
    "verbs",
    "pref",
    "welcome",
    "verbs2",
    "verbs4",
    "verbs5",
    "get",
    "calls_ok",
    "es_le",
    "es_us",
)


class _Undone(NamedTuple):
    channels: frozenset[str]  # what the request restores
    start: int  # where the stop told of stands in the reply
    end: int


def _undone_stop(normal: str, channel: str) -> _Undone | None:
    """The channels a stop told of before and undone by a later request restore, with where
    the telling stands, else None."""
    told = _TOLD_STOP.search(normal)
    if told is None:
        return None
    if re.match(
        r" (?:a otro|al otro|to (?:another|a different|the wrong|the other)) "
        # "I unsubscribed from my gym and got your text right after": another list
        r"| (?:from|of) (?:my|the|a|an|another|that|their|his|her) (?!list|texts?|messages?"
        r"|emails?|calls?|newsletter|firm|office|lawyer|attorney|you|y all|yall)\w+",
        normal[told.end() :],
    ):
        return None  # "Mandé STOP a otro número, no a ustedes": a stop that was not ours

    # The request may come first: "Yes I still need help. I know I said stop before, sorry"
    asks = [a for a in _ASKS_AGAIN.finditer(normal) if not told.start() <= a.start() < told.end()]
    # "Please disregard my earlier email asking to be removed": taken back in so many words
    took_back = bool(
        told["disregard"]
        and re.search(r"\b(?:remove|removed|stop|unsubscribe|off|no|not|opt)\b", told["disregard"])
    ) or bool(told["es_disregard"])
    if not took_back and (not asks or not _UNDONE_SINCE.search(normal)):
        return None
    if told["disregard"] is not None:
        said = told["disregard"]  # "ignore my last text telling you to stop": what came here
        before = channels_in(said) or (
            frozenset({channel}) if re.search(r"\bstop\b", said) else ALL
        )
    elif told["stopped"]:
        before = channels_in(told["stopped"]) or frozenset({channel})  # "I stopped the texts"
    elif told["es_stopped"]:
        before = _es_channels(told["es_stopped"]) or ALL  # "les pedí que dejaran de llamarme"
    elif told["es_no"]:
        before = ALL  # "Les dije que no, pero ahora ..."
    elif (
        told["keyword"]
        or told["es_keyword"]
        or told["did"]
        or told["sorry"]
        or told["sorry_kw"]
        or told["es_lo_del"]
        or told["es_unsub"]
        or told["es_unsub2"]
    ):
        before = frozenset({channel})  # the keyword stopped the channel it was sent on
    elif told["blocked"]:
        before = PHONE  # a blocked number gets neither calls nor texts through
    elif told["been"]:
        before = frozenset({channel})  # "You have been unsubscribed": from what came here
    elif told["limit"]:
        before = channels_in(told[0]) or frozenset({"call"})  # "I said not before 5": of calls
    elif told["only"]:
        before = frozenset({"call"})  # "I know I said only text": calls were what it stopped
    elif told["meant"] == "stop":
        before = frozenset({channel})  # "I didn't mean stop!!": the keyword, on this channel
    elif told["changed"]:
        before = frozenset()  # "Changed my mind. Reach out whenever": what is asked for
    elif (
        told["declined"]
        or told["cussed"]
        or told["meant"]
        or told["said_no2"]
        or told["forgot"]
        or told["alone"]
        or told["last_no"]
    ):
        before = ALL  # a decline, or words in anger, stopped everything
    else:
        said = told["what"] or told["said"] or told["es"] or ""
        before = channels_in(said) or _es_channels(said) or ALL
        if said == "stop" or (before == ALL and re.search(r"\bsaid (?:to )?stop\b", told[0])):
            # "I asked you to stop", "I know I said stop earlier": what came on this channel
            before = frozenset({channel})
    restored = before
    for again in asks:
        asked = next((again[name] for name in _ASKED_NAMES if again[name]), "")
        if again["es3"]:
            asked = "llamar" if again["es3"] == "llamando" else ""
        if again["es_call"]:
            asked = "call"  # "márquenme mañana"
        if again["back"]:
            asked = "email" if again["back"] == "email" else "call text"
        if again["time_ok"]:
            asked = "call"  # "Saturday is actually fine now": for calls
        if again["es5"] == "hablen":
            asked = "llamar"  # "quiero que me hablen": by phone
        restored |= channels_in(asked) | _es_channels(asked)
    return _Undone(restored or frozenset({channel}), *told.span())


def _reported(normal: str, hit: Hit) -> bool:
    at = normal.find(hit.words)
    if at < 0:
        return False
    if re.match(
        r"(?:sorry |my bad |oops )?(?:i|we) (?:said|told (?:you|yall|u)(?: to)?) ", hit.words
    ):
        return True  # "sorry i said stop", "I told u to stop": the hit itself tells of it
    if re.search(
        r"\b(?:my bad|sorry|apologies|perdon) (?:for|about|por) (?:\w+ing (?:and|&) )?(?:saying"
        r"|telling you(?: to)?|decir)\s*$|\brequest (?:to|that you)\s*$"
        r"|\b(?:disregard|ignore) my (?:earlier|last|previous|other|first) (?:email|text|message"
        r"|reply)(?: (?:asking|saying|telling)(?: you)?(?: to)?)?\s*$",
        normal[:at],
    ):
        return True  # "My bad for saying leave me alone earlier"
    if re.search(r"\b(?:sorry|apologies)(?: that)?\s*$", normal[:at]):
        return True  # "I'm sorry I blocked your number, I unblocked it now"
    told = _REPORTED_STOP.search(normal[:at])
    if told is None:
        return False
    return bool(
        told.group().split()[-1] not in ("i", "we")
        or re.match(r"(?:unsubscribed|opted|asked|told|requested|begged|said|blocked)\b", hit.words)
    )


# Channels the person asks to be used instead ("text is fine", "call me instead"): kept.
_PREFERS = [
    (
        frozenset({"call"}),
        re.compile(
            r"\b(?:call me|just call|please call|you can call|call (?:me )?instead|calls? (?:is"
            r"|are) (?:fine|ok|okay"
            r"|better|best|good)|calling is (?:fine|ok|okay|better|best)|(?:prefer|rather)(?: a)?"
            r" (?:phone )?calls?|llamenme|llameme|llamame|que me llamen|mejor llam\w*)\b"
        ),
    ),
    (
        frozenset({"sms"}),
        re.compile(
            r"\b(?:text me|just text|you can text|(?:text|txt) (?:me )?instead|texts? (?:is"
            r"|are) (?:fine|ok|okay|better|best"
            r"|good)|texting is (?:fine|ok|okay|better|best|good)|texts? only|only texts?"
            r"|mandeme (?:un )?mensaje|mejor (?:por )?mensaje\w*|escribanme|escribame"
            r"|prefiero (?:por )?(?:texto|mensaje\w*))\b"
        ),
    ),
    (
        frozenset({"email"}),
        re.compile(
            r"\b(?:email me|just email|only email|emails? only|email (?:me )?instead"
            r"|email is (?:fine|ok|okay|better"
            r"|best|good)|prefer (?:an )?email|mejor por correo|por correo|(?:by|via|through|over)"
            r" email)\b"
        ),
    ),
]


_ASKS_HOW_TO_STOP = re.compile(
    r"\b(?:what (?:do|should|can) i (?:reply|text|send|say|type)|do i (?:reply|text|send) stop)\b"
)
_LEAVE_A_MESSAGE = re.compile(
    r"\bleave (?:me )?a (?:voicemail|voice mail|message|vm)\b|\btext me\b|\bcall me back\b"
)
# A request to be called or texted that ends the reply, in a sentence of its own.
_ASKED_AT_END = re.compile(
    r"(?:^|\s[.,]\s)(?:(?:yes|ok|okay|so|but|please|pls|just)\s+)*(?P<verb>call|text|email) me"
    r"(?: back)?(?:\s+(?:pls|please|asap|now|later|anytime|any time))*(?:\s*\.)?\s*$"
)


def _prefers(normal: str) -> frozenset[str]:
    found: set[str] = set()
    for channels, pattern in _PREFERS:
        for m in pattern.finditer(normal):
            before = normal[: m.start()]
            after = normal[m.end() :]
            if re.search(
                r"\b(?:still|keep|keeps|always|continue to|continues to|why do you)\s*$"
                r"|\b(?:stop|quit|cease|do not|never|no more)\s+(?:\w+\s+){0,4}$",
                before,
            ):
                continue  # "I unsubscribed and you still text me": a complaint, not a wish
            if re.match(r" again (?:and|&|,)", after):
                continue  # "text me again and I'll report you": a threat, not a preference
            if re.match(
                r" (?:\d+|one|two|three|four|five|ten|a few|a hundred|a million|some)"
                r" (?:more )?times?\b",
                after,
            ):
                continue  # "Sure, text me 5 more times, that'll win me over": sarcasm
            if re.search(r"\bno\s+(?:\w+\s+){0,2}$", before):
                continue  # "no quiero que me llamen"
            if re.search(r"\b(?:do not|never|not|no)\b[^.]*\b(?:or|nor)\s*$", before):
                continue  # "do not call, text, or email me": one more channel refused
            if re.search(r"\bif (?:you|u|yall)\b(?:\s+\w+){0,3}\s+(?:or|and)\s*$", before):
                continue  # "if you call or text me again I will sue"
            if not negated(before) and not re.search(r"\b(?:no|if (?:you|yall))\s*$", before):
                found |= channels
    return frozenset(found)


def classify_inbound(text: str, channel: str = "sms") -> InboundIntent:
    """Classify one inbound SMS, email reply or call transcript that came in on `channel`."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}: expected call, sms or email")
    # "Subject: unsubscribe": an email whose whole reply is its subject line
    if "\n" not in (text or "").strip():
        text = _SUBJECT_LINE.sub("", text or "")  # the subject line alone
    cleaned = drop_quoted_and_signature(text or "")
    if insult_only(cleaned):  # "🖕": go away, though normalising leaves no word of it
        go_away = Hit("insult", cleaned.strip(), ALL, sure=False)
        return _stop(
            [go_away], frozenset(), confidence=0.5, unsure=True, language="en", window=None
        )
    if echo := _ECHOED.match(cleaned):
        group = "keyword" if echo["keyword"] else "keyword2"
        cleaned = cleaned[echo.end(group) :].lstrip(" ?!.")  # "Quit? No, I'm interested"
    normal = normalise(cleaned)
    language = language_of(normal)
    window, limit = window_from_text(cleaned)
    if limit and _NOT_OPTING_OUT.search(normal):
        # "I'm not trying to opt out, I just can't talk till Monday": not a limit, nor a window
        limit, window = False, None
    # "The text said 'Reply STOP to opt out' but I'm replying YES": our instruction, quoted
    normal = _QUOTED_INSTRUCTION.sub(" ", normal)
    words = normal.replace(",", " ").replace(".", " ").split()
    bare = " ".join(words)
    found = functools.partial(InboundIntent, language=language, window=window)

    # 1. A keyword as the whole message (repeated, spaced or misspelt).
    keyword = _STOP_KEYWORDS.get(bare) or (
        _STOP_KEYWORDS.get(words[0]) if words and len(set(words)) == 1 else None
    )
    if not keyword:
        # The keyword with polite words around it: "Cancel please", "ok END thanks".
        core = _POLITE_AROUND.sub("", bare).strip()
        keyword = _STOP_KEYWORDS.get(core) if core in _PLAIN_KEYWORDS else None
    if keyword and len(_NOT_LATIN.sub("", cleaned)) >= 4:
        # "실수로 STOP을 보냈어요. 다시 문자 보내주세요": words around it, in another script
        keyword = None
    if keyword:
        scope = ALL if keyword == "STOPALL" else frozenset({channel})
        return found("stop", scope, f"keyword {keyword}")
    core = _POLITE_AROUND.sub("", _CHANGED_MIND_AFTER.sub("", bare)).strip()
    if (bare in _START_KEYWORDS and not (bare == "yes" and channel != "sms")) or (
        core in _START_KEYWORDS and core != "yes"
    ):
        start = bare if bare in _START_KEYWORDS else core  # "yes start", "start please"
        return found("start", frozenset({channel}), f"keyword {_START_KEYWORDS[start]}")
    if (
        words
        and (
            words[0] in ("start", "unstop")
            or (words[1:2] == ["start"] and words[0] in ("yes", "si", "ok", "okay"))
        )
        and re.match(
            r"\s*(?:(?:yes|Yes|YES|si|Si|SI|ok|Ok|OK|okay|Okay)\W+)?(?:(?:START|UNSTOP|Start|start)"
            r"(?:\s+(?:again|otra vez|de nuevo))?\s*"
            r"(?:[,.!]|please\b|pls\b|porfa\b|por favor\b)"
            # "START I didnt mean to stop it", "START pues, ya lo pense y si quiero": the
            # carriers' word, shouted first, then why
            r"|(?:START|UNSTOP)\s+(?!(?:no|not|what|date|time|over|me|up|a|the)\b)[A-Za-z\u00c0-\u024f])",
            cleaned,
        )
    ):
        return found(
            "start",
            frozenset({channel}),
            f"keyword {'UNSTOP' if 'unstop' in words[:2] else 'START'} first",
        )
    if _START_SENTENCE.search(cleaned) and not _STOP_SENTENCE.search(cleaned):
        # "hi its me again. START. my phone was being read but not anymore": the carriers' word
        # as a sentence of its own, shouted
        return found("start", frozenset({channel}), "keyword START as a sentence")
    if back := _ASKED_BACK.fullmatch(
        _CHANGED_MIND_AFTER.sub("", re.sub(r"^(?:please|pls|ok|okay) ", "", bare))
    ):
        # "text me again plz", "unstop texts": a start of the channels named
        what = back["what"] or back["what2"]
        named = frozenset({channel}) if what.startswith("message") else channels_in(what)
        return found("start", named, f"asks to hear again: {back[0]!r}")
    if re.fullmatch(r"[\s¿?]*\?[\s¿?]*", cleaned):
        return found("help", frozenset(), "a question mark alone")  # "??": what is this?
    if (help_word := bare if bare in _HELP_KEYWORDS else re.sub(r"(.)\1+", r"\1", bare)) in (
        _HELP_KEYWORDS
    ):
        return found("help", frozenset(), f"keyword {_HELP_KEYWORDS[help_word]}")  # "AYUDAAA"

    # 2. Wording.
    hits = [*stop_hits(normal), *phrase_hits(normal, channel), *frame_hits(normal, channel)]
    if (person := _not_the_lead(cleaned)) is not None:
        hits.append(person)
    hits += (scripted := _other_script(cleaned, channel))
    if any(h.intent == "start" for h in scripted) and _UNDONE_IN_SCRIPT.search(cleaned.lower()):
        # "실수로 STOP을 보냈어요. 다시 문자 보내주세요", "我之前说不要发短信 … 请继续联系我": the
        # stop was before, or a slip; what is asked now is the start
        hits = [h for h in hits if h.intent != "stop"]
    situations = (
        on_behalf(normal),
        matter_over(normal, cleaned),
        threat_stop(normal),
        blocking(normal),
        complaint(normal, channel),
        channel_unread(normal, channel),
        number_not_theirs(normal),
        deferred(normal),
        redirected(normal),
        calls_at_work(normal),
        owner_gone(normal, channel),
        represented(normal),
    )
    hits += [h for h in situations if h is not None]
    undone = _undone_stop(normal, channel)
    if (
        (again := told_again(normal)) is not None
        and undone is None
        and not any(h.intent == "stop" for h in hits)
    ):
        hits.append(again)  # "I told you last week to stop. This is your last warning"
    if insult := GO_AWAY_ES.search(normal):
        hits.append(Hit("go away", insult[0], ALL))
    hits = [h for h in hits if not hedged(normal, h)]  # "I almost blocked you"
    if _NOT_WANTING_OUT.search(normal):
        # "Re: Unsubscribe … I do NOT want to unsubscribe": the subject line, answered
        hits = [
            h
            for h in hits
            if h.intent != "stop" or not re.search(r"\bunsub|\bopt(?:ed)? out\b", h.words)
        ]
    # "My tenant told me to stop texting him", "please dont call my work number, this cell is
    # the best one": someone else's stop, or another number's, not the writer's own
    hits = [
        h
        for h in hits
        if h.intent != "stop" or not (told_to_writer(normal, h) or another_number(normal, h))
    ]
    if (wanted_back := others_stop_undone(normal)) is not None:
        # "Perdón, mi hijo les mandó STOP. Sí necesito el abogado": the stop was not theirs
        hits = [h for h in hits if h.intent != "stop"]
        hits.append(
            Hit("stop sent by someone else", normal, wanted_back | {channel}, intent="start")
        )
    stops = [h for h in hits if h.intent == "stop" and h.sure]
    # "no me escriban" within "no me escriban más correos": the longer words name the channel
    stops = [
        h
        for h in stops
        if h.channels != {channel}
        or not any(
            o.words != h.words and h.words in o.words and o.channels not in (ALL, CONTEXT)
            for o in stops
        )
    ]
    stops = [_with_listed(normal, h) for h in stops]
    starts = [h for h in hits if h.intent == "start"]
    maybe = [_with_listed(normal, h) for h in hits if h.intent == "stop" and not h.sure]
    if how := _ASKS_HOW_TO_STOP.search(normal):
        named = channels_in(normal[how.start() :]) | _es_channels(normal[how.start() :])
        # "what do I reply to stop these?": unsure, of what it names
        asked = [h for h in stops if normal.find(h.words) >= how.start()]
        maybe += [replace(h, sure=False, channels=named or h.channels) for h in asked]
        stops = [h for h in stops if h not in asked]
        if (
            not hits
            and how[0].startswith("what")
            and re.search(r"\b(?:stop|unsubscribe|opt out)\b", normal[how.start() :])
        ):
            # "what do I reply to make this stop": asked, in words no rule knows
            maybe.append(Hit("asks how to stop", how[0], named or frozenset({channel}), sure=False))
    kidding = KIDDING.search(normal)
    if (
        (stops or maybe)
        and kidding
        and all(0 <= normal.find(h.words) < kidding.start() for h in stops + maybe)
    ):
        stops, maybe = [], []  # "Stop. Lol jk. Yes I still need a lawyer, call me": taken back
    if (
        stops
        and all(re.search(r"\bunknown (?:numbers|calls)\b", h.words) for h in stops)
        and _LEAVE_A_MESSAGE.search(normal)
    ):
        stops = []  # "Leave me a voicemail, I don't answer unknown numbers": how to reach them
    prefers = _prefers(normal)
    if (
        stops
        and (asked_end := _ASKED_AT_END.search(normal))
        and all(
            h.channels
            and h.channels <= channels_in(asked_end["verb"])
            and h.words not in asked_end[0]
            for h in stops
        )
    ):
        # "I don't pick up unknown numbers. Call me back pls": the channel they ask us to use
        stops = []
    if (aside := _ASIDE.fullmatch(cleaned)) and not _TAKEN_BACK.search(normalise(aside["aside"])):
        # "STOP (this is her daughter, she doesn't want these)": a keyword and an aside.
        main = " ".join(normalise(aside["main"]).strip(" .,").split())
        if said := _STOP_KEYWORDS.get(main):
            stops.append(Hit("keyword with an aside", said, frozenset({channel})))
    if (
        not stops
        and not starts
        and len(words) > 1
        and _SHOUTED_LAST.search(strip_accents(cleaned))
        and not re.search(r"\b(?:que significa|what does|what is|whats)\b", normal)
    ):  # "Qué significa responda STOP?": asking what it means
        stops.append(Hit("keyword shouted at the end", "STOP", CONTEXT))
    if stops and _CREDITORS.search(normal) and not _FROM_US.search(normal):
        # "Is there any way to stop it?" of a foreclosure sale, "can the bankruptcy stop the
        # calls?" of the collectors': what the firm would stop for them, not its messages
        stops = [h for h in stops if not _stops_a_thing(normal, h)]
    if stops and _OUT_OF_A_MATTER.search(normal):
        # "I'm done with my landlord, I want out. Can you help me break the lease?"
        stops = [h for h in stops if not _WANTS_OUT.fullmatch(h.words)]
    if (stops or maybe) and (thing := _DROPS_A_THING.search(normal)):
        # "¿pueden dar de baja la demanda de Midland?": the lawsuit, not the messages
        stops = [h for h in stops if h.words not in thing[0]]
        maybe = [h for h in maybe if h.words not in thing[0]]
    asked_if_real = []
    if "?" in cleaned and stops and all(_CALLS_IT.search(h.words) for h in stops):
        # "¿esto es una estafa?": asking, not calling it one; the HELP answer says who we are
        asked_if_real, stops = stops, []
    if starts and stops:
        # "Cancel my stop request", "undo my opt out": the stop word is what the start takes back
        stops = [h for h in stops if not any(h.words in s.words for s in starts)]
    if starts and _MISTAKEN_STOP.search(normal):
        stops = []  # "sorry I said stop, I didn't mean it": the start is what they mean
    if undone is not None:
        # "Sorry I replied STOP earlier, I do need help. Please text me back"
        starts.append(Hit("stop told before, undone", normal, undone.channels, intent="start"))
        # "Please disregard my earlier request not to call": the stop told of is not one
        stops = [h for h in stops if not undone.start <= normal.find(h.words) < undone.end]
        maybe = [h for h in maybe if not _reported(normal, h)]
    if not stops and not starts and (wanted := _AGAIN_OK.search(normal)):
        said = wanted[0]
        named = channels_in(
            said.replace("hit me up", "call text").replace("hit us up", "call text")
        )
        if re.match(r"vuelvan|volver|ya |me |pueden|puede", said):
            named = _es_channels(normal[wanted.start() :]) or frozenset({"email"})
        elif not named and re.search(r"newsletter|list|notes|update|bulletin|report", said):
            named = frozenset({"email"})
        starts.append(
            Hit("asks to hear again", said, named or frozenset({channel}), intent="start")
        )
    if echo and stops and _ENGAGES.search(bare):
        stops = []  # "Unsubscribe from what? ... Anyway yes, I want a call."
    later = HOW_TO_STOP_LATER.search(normal) or WHAT_STOP_DOES.search(normal)
    if later and not any(h.words not in later[0] for h in stops + maybe):
        # "how do I opt out later if I need to? for now it's fine", "does STOP stop the emails
        # too?": a question HELP answers
        stops, maybe = [], []
        hits = [h for h in hits if h.intent != "stop"]
        hits.append(Hit("asks how to stop later", later[0], frozenset(), intent="help"))
    if starts and stops and all(_reported(normal, h) for h in stops):
        stops = []  # "I unsubscribed but I need help now, add me back": told, then undone
    if stops and all(h.channels == CONTEXT for h in stops) and _ENGAGES.search(normal):
        # "Stop. I'll call you back in 5 minutes": a bare stop beside words that keep talking.
        maybe, stops = maybe + [replace(h, sure=False) for h in stops], []
    received = _received(normal)
    if stops and all(h.channels == CONTEXT for h in stops):
        # "I don't do texts from businesses. no more please": the bare stop means that channel
        received |= frozenset().union(
            *(h.channels for h in maybe if h.channels not in (ALL, CONTEXT))
        )
    if stops:
        return _stop(
            stops,
            prefers,
            confidence=0.9,
            language=language,
            window=window,
            received=received,
            came=channel,
            number_only=bool(_THIS_NUMBER.search(normal)),
        )
    if starts:
        named = frozenset().union(*(h.channels for h in starts))
        if undone is not None:
            # "I had asked that you not call me at work. I have since retired": the limit told
            # of is the one taken back
            return found("start", named or frozenset({channel}), _matched(starts), window=None)
        return found("start", named or frozenset({channel}), _matched(starts))
    if maybe or (window is not None and limit):
        if window is not None and limit:
            maybe.append(Hit("time limit", window.text, window.channels, sure=False))
        return _stop(
            maybe,
            prefers,
            confidence=0.5,
            unsure=True,
            language=language,
            window=window,
            received=received,
        )
    helps = [h for h in hits if h.intent == "help"]
    if (
        not helps
        and len(words) <= 8
        and re.search(r"(?:^|\. )(?:help|ayuda|info)(?: \.)?$", normal)
    ):
        helps = [Hit("help keyword at the end", "help", frozenset(), intent="help")]
    if not helps and all(h in asked_if_real for h in hits) and asks_who(normal):
        helps = [Hit("asks who we are", bare, frozenset(), intent="help")]
    if not helps and not hits and (who := _which_one_we_are(cleaned)):
        helps = [Hit("asks which office we are", who, frozenset(), intent="help")]
    if helps:
        return found("help", frozenset(), _matched(helps))
    # 3. No rule placed it: the learned backstop may still find a stop in it, for a person.
    if words and not hits and not _ENGAGES.search(normal):
        p = stop_probability(normal)
        if p >= THRESHOLD:
            learned = Hit("learned backstop", f"p={p:.2f}", channels_in(normal), sure=False)
            return _stop(
                [learned], prefers, confidence=0.4, unsure=True, language=language, window=window
            )
    if (
        words
        and not hits
        and not _CALL_AGAIN.search(normal)  # "Are you the ones who called? Please call again"
        and (p := help_probability(normal, "?" in cleaned)) >= HELP_THRESHOLD
    ):
        # "which office are you with", "Sorry who is Brennan & Ruiz?": asks who and why
        return found("help", frozenset(), f"learned backstop: help p={p:.2f}", confidence=p)
    if words and (second := second_reading(normal, "?" in cleaned)) is not None:
        # What neither the rules nor the backstop placed, weighed by every kind at once: a
        # likely stop is put to a person, a likely "who is this" gets the HELP answer.
        kind, p = second
        if kind == "help":
            return found("help", frozenset(), f"second reader: help p={p:.2f}", confidence=p)
        read = Hit("second reader", f"p={p:.2f}", channels_in(normal), sure=False)
        return _stop([read], prefers, confidence=0.4, unsure=True, language=language, window=window)
    return found("message", frozenset(), "", confidence=1.0 if words else 0.0)


# Which office or person we are, asked first: "Are y'all with DHR?", "Is this the lady I talked
# to at the courthouse?", "Wait is this the place from the billboard on 65?", "¿Es la oficina
# de abogados o es de migración?". Not "is this the right number to send the papers to?", nor a
# question followed by a request ("Are you the ones who called Tuesday? Please try again").
_WHICH_ONE = re.compile(
    r"^(?:(?:wait|sorry|hi|hey|hello|um|uh|ok|okay|so|excuse me|pardon|perdon|disculpe|oiga"
    r"|hola)\s*,?\s+)*"
    r"(?:(?:is this|are (?:you|u|y ?all|you guys|you all|you people)|r (?:u|you))"
    r"\s+(?:really |actually |still |like )?(?:the|a|an|with|from|part of|one of|affiliated with"
    r"|associated with|connected (?:to|with)|working (?:for|with))"
    r"|(?:es|son|sera) (?:esta |este |esto |usted |ustedes )?(?:la|el|los|las|de la|del|de|una"
    r"|un)|son ustedes(?: de| del| la| el| los)?)\b"
    r"(?! (?:right|correct|best|same number|number|address|date|time|form|paper|papers"
    r"|document|documents|link|amount|fee|deadline|misma|mismo|fecha|hora|cita|direccion"
    r"|forma|formulario|documento|documentos|numero|correo correcto|cantidad|verdad)\b)"
)
_ASKS_SOMETHING_MORE = re.compile(
    r"\b(?:please|pls|plz|try again|call me|text me|email me|llamenme|escribanme|can (?:i|we|you)"
    r"|when|how much|do i|should i|puedo|cuando|cuanto)\b"
)


_CALL_AGAIN = re.compile(
    r"\b(?:call|text|email|try) (?:me |us )?(?:again|back)\b|\bcall (?:me|us) (?:after|before|at)\b"
)


def _which_one_we_are(cleaned: str) -> str:
    """The question, when a short reply opens by asking which office or person we are."""
    question, mark, rest = cleaned.partition("?")
    asked = normalise(question).strip(" .,¿")
    if not mark and len(asked.split()) > 12:
        return ""  # no question mark: only a short reply is read as a question
    if not _WHICH_ONE.search(asked) or len((asked + rest).split()) > 30:
        return ""
    return "" if _ASKS_SOMETHING_MORE.search(normalise(rest)) else asked


# Replies in a script the normalised words cannot hold (Cyrillic, Chinese, Korean, Arabic,
# Bengali), and French: the commonest ways of saying stop, who is this and write again, read
# from the reply as written. "came" is the channel the reply came on; "all?" all of them, unsure
# (a person decides).
_START_SENTENCE = re.compile(r"(?:[.!]\s+|\n\s*)(?:START|UNSTOP)(?:[.!]+(?:\s|$)|\s*\n|\s*$)")
_STOP_SENTENCE = re.compile(
    r"\b(?:STOP|Stop|stop|UNSUBSCRIBE|[Uu]nsubscribe|ALTO|BAJA|[Dd]on'?t|[Nn]o)\b(?![^.!?\n]*\bby\b)"
)
_OTHER_SCRIPTS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(p), intent, scope)
    for p, intent, scope in (
        # Russian
        (
            r"\bне\s+звони|\bне\s+надо\s+звонить|(?:прекратите|хватит)\s+(?:мне\s+)?звонить",  # noqa: RUF001 - Cyrillic, as written
            "stop",
            "call",
        ),
        (
            r"хватит\s+(?:мне\s+)?(?:звонить\s+и\s+)?(?:писать|присылать|слать)|\bне\s+пиши|\bне\s+присылай|(?:прекратите|перестаньте)\s+(?:мне\s+)?(?:присылать|писать|слать)|отпиши|удалите\s+меня"  # noqa: RUF001 - Cyrillic, as written
            r"|отписаться",
            "stop",
            "came",
        ),
        (
            r"\bне\s+(?:связывайтесь|звоните\s+и\s+не\s+пишите|контактуйте|турбуйте)"  # noqa: RUF001 - Cyrillic, as written; Ukrainian too
            r"|удалить\s+(?:мой|мою|меня)|\bне\s+(?:писать|беспокоить)\b",  # noqa: RUF001 - Cyrillic, as written
            "stop",
            "all",
        ),
        (r"ошиблись\s+номером|не\s+тот\s+номер", "stop", "phone"),
        (r"^\W*кто\s+это|кто\s+вы\b|откуда\s+у\s+вас\s+мой|это\s+юридическая", "help", ""),  # noqa: RUF001 - Cyrillic, as written
        (r"можете\s+снова\s+(?:мне\s+)?(?:писать|звонить)", "start", "came"),
        # Chinese (Mandarin and Cantonese)
        (r"(?:不要|别|唔好|不用)再?打(?:嚟|来|電話|电话)?|不要再?给我打", "stop", "call"),
        (
            r"(?:不要|别|唔好|停止)再?(?:给我|給我|俾我)?(?:发|發|send|寄)|(?:从|從).{0,8}(?:列表|名单|名單)中?(?:删除|刪除)"
            r"|取消订阅|取消訂閱|退订|退訂",
            "stop",
            "came",
        ),
        (r"打错了|打錯了", "stop", "phone"),
        (r"^\W*停止\W*$", "stop", "came"),  # "停止" alone: stop
        # Ukrainian: "don't write to me any more", "don't call and don't write"
        (r"\bне\s+дзвоніть\s+і\s+не\s+пишіть", "stop", "phone"),  # noqa: RUF001 - Cyrillic
        (r"\bне\s+дзвоніть", "stop", "call"),  # noqa: RUF001 - Cyrillic, as written
        (r"\bне\s+пишіть|^\W*стоп\W", "stop", "came"),  # noqa: RUF001 - Cyrillic, as written
        # Nepali, Punjabi and Amharic: don't send messages
        (
            r"म्यासेज\s*नपठाउ|सन्देश\s*नपठाउ|ਮੈਸੇਜ\s*ਨਾ\s*ਭੇਜ|ਸੁਨੇਹੇ\s*ਨਾ\s*ਭੇਜ|መልእክት\s*መላክ\s*ያቁሙ",
            "stop",
            "came",
        ),
        (r"ਕਾਲ\s*ਨਾ\s*ਕਰ|फोन\s*नगर", "stop", "call"),
        (r"^\W*(?:不需要|不用了|唔使|唔需要)", "stop", "all?"),  # no need: a person decides
        (r"你们是谁|你們是誰|你是谁|你是誰|哪个律师|哪個律師|怎么有我的电话|點解有我", "help", ""),
        (r"(?:请|請)?(?:不要|别|唔好)再?(?:联系|聯繫|聯絡)(?:我|我們|我们)", "stop", "all"),
        (
            r"你们是哪里|你們是哪裡|哪里的|哪裡的|(?:这|這)是什么事|(?:这|這)是什麼事|什么事情",
            "help",
            "",
        ),
        (
            r"可以再(?:发|發|send)|(?:请|請)?继续联系|(?:請)?繼續聯絡|(?:请|請)?(?:继续|繼續)"
            r"(?:给我)?(?:发|發)",
            "start",
            "came",
        ),
        # Korean
        (r"전화\s*(?:하지|하지\s*마|마세요|그만)", "stop", "call"),
        (r"(?:문자|메시지)\s*(?:그만|보내지)", "stop", "came"),
        (r"연락\s*(?:하지|하지\s*마|마세요|말아)", "stop", "all"),
        (r"수신을?\s*원하지\s*않|리스트에서\s*(?:삭제|빼)|수신\s*거부", "stop", "came"),
        (r"잘못\s*(?:보내셨|거셨|걸었|보낸|된\s*번호)|번호\s*(?:잘못|틀렸)", "stop", "phone"),
        (r"필요\s*(?:없어요|없습니다|없음|없어)", "stop", "all?"),  # no need: a person decides
        (r"누구세요|누구신가요", "help", ""),
        (r"다시\s*(?:문자|연락|전화)", "start", "came"),
        # Arabic
        (r"لا\s+(?:تتصل|تتصلوا)", "stop", "call"),
        (r"لا\s+(?:ترسل|ترسلوا|ترسلي)|توقف(?:وا)?\s+عن\s+(?:إرسال|ارسال)", "stop", "came"),
        (
            r"(?:عدم|بلاش|ما\s+بدي)\s+(?:الاتصال|التواصل|تتصلوا)|لا\s+(?:تتواصلوا|تتواصل)"
            r"|لا\s+أريد\s+(?:أي\s+)?(?:تواصل|اتصال)",
            "stop",
            "all",
        ),
        (r"رقم\s+(?:خطأ|خاطئ|غلط)|الرقم\s+(?:خطأ|خاطئ|غلط)", "stop", "phone"),
        (r"(?:تستمروا|استمروا|استمر)\s+(?:في|ب)\s*(?:إرسال|ارسال)|أرسلوا\s+لي", "start", "came"),
        (r"^\W*توقف(?:وا)?\W*$", "stop", "came"),
        (r"مين\s+معي|من\s+أنت|من\s+انت", "help", ""),
        (r"(?:ممكن|بتقدروا|يمكنكم)\s+(?:تتصلوا|تتصل|الاتصال)", "start", "call"),
        # Bengali
        (r"মেসেজ\s+পাঠাবেন\s+না|ফোন\s+করবেন\s+না", "stop", "came"),
        (r"যোগাযোগ\s+করবেন\s+না", "stop", "all"),
        (r"ভুল\s+নম্বর", "stop", "phone"),
        (r"আপনারা\s+কে|আপনি\s+কে|কে\s+আপনি|নম্বর\s+(?:কোথায়|কোথা\s+থেকে)", "help", ""),
        (r"আবার\s+(?:মেসেজ|ফোন)", "start", "came"),
        # French
        (
            r"ne\s+plus\s+m['\u2019]?(?:appeler|écrire|ecrire|envoyer)|ne\s+m['\u2019]?(?:appelez|écrivez"
            r"|ecrivez)\s+plus|me\s+(?:désabonner|desabonner|désinscrire|desinscrire)",
            "stop",
            "named",
        ),
        (r"qui\s+(?:êtes|etes)[\s-]+vous|c['\u2019]?est\s+qui", "help", ""),
    )
]


_SUBJECT_LINE = re.compile(r"^\s*(?:subject|asunto)\s*:\s*", re.IGNORECASE)
# What is left of a reply without Latin letters, digits, spaces, punctuation and emoji: words
# of another script, which normalising drops.
_NOT_LATIN = re.compile(r"[\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]+")
# Before, or by mistake, in the scripts of _OTHER_SCRIPTS (and "STOP" sent by mistake)
_UNDONE_IN_SCRIPT = re.compile(
    r"실수로|잘못|之前|以前|刚才|剛才|不小心|خطأ|بالغلط|قبل|ভুল\s+করে|по\s+ошибке"
)


def _other_script(cleaned: str, channel: str) -> list[Hit]:
    """Hits read from a reply in another script or in French (_OTHER_SCRIPTS)."""
    lowered = cleaned.lower()
    hits = []
    for pattern, intent, scope in _OTHER_SCRIPTS:
        if m := pattern.search(lowered):
            if scope == "named":
                said = lowered[m.start() :]
                named = ({"call"} if "appel" in said else set()) | (
                    {channel} if re.search(r"écri|ecri|envoy|abonn|inscri", said) else set()
                )
                channels = frozenset(named) or frozenset({channel})
            elif scope == "came":
                channels = frozenset({channel})
            elif scope == "phone":
                channels = PHONE
            elif scope in ("all", "all?"):
                channels = ALL
            else:
                channels = frozenset({scope}) if scope else frozenset()
            reason = "wrong_person" if scope == "phone" else ""
            hits.append(
                Hit(
                    "other language",
                    m[0],
                    channels,
                    sure=not scope.endswith("?"),
                    reason=reason,
                    intent=intent,
                )
            )
    return hits


# The contact words listed after a stop's own ("ya basta de llamadas y mensajes", "dejen de
# mandarme correos, mensajes y llamadas", "stop the calls, and the texts"): the stop covers them.
_LISTED_NEXT = re.compile(
    r"\s*(?:(?:me|us)\s+)?(?:,\s*)?(?:y|ni|and|or|o|nor|&|,)\s+"
    r"(?:(?:me|your|sus|los|las|the|tus|de|those|these|any|no)\s+)?"
    r"(?P<noun>llamadas|mensajes|correos|correos electronicos|emails|e mails|texts"
    r"|text messages|textos|calls|phone calls|messages|voicemails|mails)\b"
)


def _with_listed(normal: str, hit: Hit) -> Hit:
    if hit.channels in (ALL, CONTEXT) or not hit.channels or (at := normal.find(hit.words)) < 0:
        return hit
    end, named = at + len(hit.words), set(hit.channels)
    while m := _LISTED_NEXT.match(normal, end):
        named |= channels_in(m["noun"]) | _es_channels(m["noun"])
        end = m.end()
    return hit if named == hit.channels else replace(hit, channels=frozenset(named))


def _matched(hits: list[Hit]) -> str:
    return "; ".join(dict.fromkeys(f"{h.rule}: {h.words!r}" for h in hits))


# What the person complains of receiving ("these texts are stressing me out. Please stop.", "ya
# estuvo con los mensajes, ya paren"): a bare stop beside it refers to those channels.
_RECEIVED = re.compile(
    r"\b(?:these|those|your|ur|the|all these|all the|all your|so many|all of these|con los|los"
    r"|sus|estos|tantos|tantas|las|estas)\s+(?P<obj>texts|text messages|txts|calls|phone calls"
    r"|emails|mensajes|textos|llamadas|correos)\b"
)
# "stop contacting this number", "ya no contacten a este número": the phone, not the person.
_THIS_NUMBER = re.compile(
    r"\b(?:at|on|to|a|en|from|contacting|contact|calling|texting|contacten|llamen|marquen)\s+"
    r"(?:this|este|that|ese)\s+(?:number|phone number|phone|cell|line|numero|telefono|celular"
    r"|cel)\b"
    r"|\b(?:this|that) (?:number|phone|cell|line) (?:belonged|belongs|used to belong|was|is not)\b"
)
# "you have the wrong email address", "please remove this address": the email is not theirs.
_WRONG_EMAIL = re.compile(r"\b(?:email|e mail|address|correo)\b")


def _received(normal: str) -> frozenset[str]:
    return frozenset().union(
        *(channels_in(m["obj"]) | _es_channels(m["obj"]) for m in _RECEIVED.finditer(normal))
    )


def _stop(
    hits: list[Hit],
    prefers: frozenset[str],
    *,
    confidence: float,
    language: str,
    window: ContactWindow | None,
    unsure: bool = False,
    received: frozenset[str] = frozenset(),
    came: str = "",
    number_only: bool = False,
) -> InboundIntent:
    named = frozenset().union(*(h.channels for h in hits))
    if named and received and named < received:
        named = received  # "BASTA YA con los mensajes y las llamadas": both named after it
    channels = named or received or ALL
    reason = next((h.reason for h in hits if h.reason), "")
    if reason == "wrong_person":
        # Not the lead's number: calls and texts to it end; the lead's email may still be theirs
        # unless the person names it ("you have the wrong email address").
        address = EMAIL if any(_WRONG_EMAIL.search(h.words) for h in hits) else PHONE
        if came == "email" and address == PHONE:
            address = ALL  # the email reached the wrong person, and the number is theirs too
        channels = address | frozenset().union(
            *(h.channels for h in hits if h.channels not in (ALL, CONTEXT) and not h.reason)
        )
    elif channels == ALL and number_only:
        channels = PHONE  # "Please stop contacting this number"
    if prefers and channels - prefers:
        channels -= prefers
    return InboundIntent(
        "stop",
        channels,
        _matched(hits),
        unsure=unsure,
        confidence=confidence,
        language=language,
        reason=reason,
        window=window,
        prefers=prefers - channels,
    )
