"""The phrase table: wordings of stop, start and help, in English and Spanish, as data.

Each entry is one way people say it: the intent, the words (a regular expression over the
normalised text of optout_text — lower case, no accents, "," and "." as tokens), the channels
it covers, and whether a person must decide (`sure=False`). To teach Steadfast a new wording,
add a line here and a labelled example to tests/compliance/optout_eval.txt.

Scopes: "came" — the channel the reply came on ("stop sending these"); "named" — the channels
the clause names, else all three; "context" — the channels named elsewhere in the reply, else
all three; or a fixed set.

Guards (on unless `free=True`): the phrase must not be negated just before ("I don't want to
opt out") and must not be about someone else's doing ("my ex won't stop calling").
`whole=True` phrases must be the whole clause ("blocked", "ayuda").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from steadfast.compliance.optout_english import (
    ALL,
    BASE_RUN,
    CONTEXT,
    ONGOING_RUN,
    PARTICIPLES,
    PHONE,
    Hit,
    actor,
    channels_in,
    negated,
)

CALL, SMS, EMAIL = frozenset({"call"}), frozenset({"sms"}), frozenset({"email"})
Scope = str | frozenset[str]


@dataclass(frozen=True)
class Phrase:
    intent: str  # stop | start | help
    words: str
    scope: Scope
    lang: str = "en"
    sure: bool = True
    whole: bool = False
    free: bool = False
    reason: str = ""
    note: str = ""

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.words, self.whole)


_CACHE: dict[tuple[str, bool], re.Pattern[str]] = {}


def _compiled(words: str, whole: bool) -> re.Pattern[str]:
    key = (words, whole)
    if key not in _CACHE:
        _CACHE[key] = re.compile(
            rf"(?:{_POLITE_ES}\s+)*(?:{words})(?:\s+{_TAIL})*" if whole else rf"\b(?:{words})\b"
        )
    return _CACHE[key]


_POLITE_ES = r"(?:please|ok|okay|just|por favor|ya|oye|hey|so|and|y|pues)"
_TAIL = (
    r"(?:please|pls|thanks|thank you|thx|ty|now|already|ok|por favor|gracias|ya|ahora|lol|bro"
    r"|bruh|man|dude)"
)
_RUN = rf"(?P<obj>{ONGOING_RUN})"
_THESE = r"(?:these|those|this|the|your|ur|all (?:these|the|your|of these|of your)|all)"
_NOTICES = (
    r"(?:texts?|text messages|messages|msgs|calls|phone calls|emails|e mails|notifications"
    r"|alerts)"
)
_THREAT = (
    r"(?:report|reporting|sue|suing|lawsuit|complaint|police|fcc|ftc|attorney general|bbb"
    r"|legal action|my lawyer|my attorney)"
)
# Whose contact it is, in front of the noun: "the collections calls", "the insurance texts".
_THIRD_PARTY = (
    r"(?:collections?|collectors?|debt|insurance|insurer|adjusters?|hospital|medical|bill|billing"
    r"|doctors?|clinic|bank|school|pharmacy|other|their|his|her|robo|scam|spam)"
)
_CONTACT_VERB = r"(?:contact|text|call|email|message|bother|spam)\w*"
# Spanish verbs of contact in the forms of a request — "no me escriban", "no me llame", "no
# me mandes", "no volver a llamarme" — and not the past or present of a statement ("no me
# escribieron", "no me contactaron", "no me molesta").
_ES_WRITE = (
    r"escrib(?:an|a|as|ir)|textee(?:n|s)?|textear|mand(?:en|e|es|ar)|envi(?:en|e|es|ar)"
    r"|whatsappee(?:n|s)?"
)
_ES_CALL = r"llam(?:en|e|es|ar)|contact(?:en|e|es|ar)|molest(?:en|e|es|ar)|busqu(?:en|e|es)"

# --- Spanish vocabulary: which channels a word names -----------------------------------------
_ES_CHANNELS = [
    (re.compile(r"\b(?:llam\w*|telefono|marqu\w*|marcar\w*|marcad[oa]s?|marcaron)\b"), CALL),
    (re.compile(r"\b(?:mensaj\w*|textos?|sms|escrib\w*|textee\w*|textear\w*|whatsapp)\b"), SMS),
    (re.compile(r"\b(?:correos?|emails?|e mails?|mails?|boletin\w*|newsletters?)\b"), EMAIL),
    (re.compile(r"\b(?:contact\w*|molest\w*)\b"), ALL),
]
# A time or place after the request ("no me llamen al trabajo"): a limit a person reads.
# "de lunes a viernes no me llamen", "entre semana no me escriban": days said first.
ES_WHEN_BEFORE = re.compile(
    r"\b(?:entre semana|fines? de semana|domingos?|sabados?|lunes|martes|miercoles|jueves"
    r"|viernes|(?:antes|despues) de las?|en (?:el|la|las) (?:trabajo|noche|manana|tarde)s?)\b"
)
_ES_LIMIT = re.compile(
    r"\b(?:trabajo|antes|despues|noche|temprano|tarde|fines? de semana|horas?|domingos?"
    r"|sabados?|lunes|martes|miercoles|jueves|viernes|entre semana)\b"
)
_ES_OTHERS = re.compile(
    r"\b(?:aseguradora|aseguranza|seguro|jefe|jefa|ex|esposo|esposa|marido|ellos|ellas|el|ella|banco"
    r"|compania|cobradores|abogado anterior|doctor|hospital|nadie|la otra|el otro|ajustador"
    r"|policia|mama|papa|hijo|hija|hermano|hermana|patron|patrona)\b"
)
# What a Spanish request may not be about: someone telling the person what to do ("me dijeron
# que no hable con abogados", "le dije al ajustador que no me llame"), a negated need ("no hay
# que dejar de escribir"), a document ("no manden los papeles a mi casa"), or not now ("no me
# llamen ahora").
_ES_SAID = re.compile(
    r"\b(?P<clitic>me|le|les|te|los|nos)?\s*(?P<verb>dij\w*|dec\w*|dic\w*|pid\w*|ped\w*"
    r"|avis\w*|recomend\w*|aconsej\w*|orden\w*|solicit\w*|exij\w*|rueg\w*)\b(?P<mid>.*)"
    r"\bque\s*$"
)
_TO_SOMEONE = re.compile(r"\b(?:al|a la|a mi|a su|a los|a las|a el|a ella)\b")


_ASKING = ("pido", "digo", "solicito", "exijo", "ruego", "pedimos", "exigimos")


def es_reported(prefix: str) -> bool:
    """Is the request someone else's, reported ("me dijeron que no hable con abogados", "le
    dije al ajustador que no me llame")? "Les dije que no me llamen" and "pido que no me
    escriban" are the person's own, to the firm."""
    if re.search(r"\b(?:pedirles|decirles|solicitarles|rogarles|pedirle|decirle)\s+que\b", prefix):
        return False  # "Les escribo para pedirles que no me contacten más": to the firm
    m = _ES_SAID.search(prefix)
    if not m:
        return False
    to_the_firm = m["clitic"] in ("les", "te", "le") or m["verb"] in _ASKING
    return not (to_the_firm and _TO_SOMEONE.search(m["mid"]) is None)


_ES_NEGATED = re.compile(
    r"\b(?:no|nunca|jamas)\s+(?:me\s+|nos\s+)?(?:hay que|quiero que|queremos que|deseo que"
    r"|es necesario|tienen que|tiene que|deben|debe|pueden|puede|necesitan|van a|vayan a)\s*$"
    r"|\bno\s*$"
    r"|\bno (?:me|nos) $"  # "No me dejen de mandar mensajes": do not stop sending them
)
ES_THINGS = re.compile(
    r"\b(?:papeles|carta|cartas|documentos?|formularios?|forma|formas|contrato|cheques?|facturas?"
    r"|fotos?|paquetes?|copias?|recibos?|direccion|cuenta|cobros?|citas?|reunion"
    r"|numero (?:viejo|anterior|antiguo|de mi \w+))\b"
)
# "¿cómo hago que dejen de llamarme los cobradores?": someone else, named after the verb.
ES_THIRD = re.compile(
    r"\b(?:aseguradora|aseguranza|seguro|jefe|jefa|ex|esposo|esposa|marido|banco|compania|cobradores"
    r"|doctor|hospital|ajustador|policia|abogado anterior|vecino|vecina|casero|patron)\b"
)
ES_NOT_NOW = re.compile(
    r"\b(?:ahora|ahorita|hoy|manana|luego|mas tarde|en este momento|todavia|por el momento)\b"
)


def _stop(words: str, scope: Scope, **kw: object) -> Phrase:
    return Phrase("stop", words, scope, **kw)  # type: ignore[arg-type]


def _unsure(words: str, scope: Scope, **kw: object) -> Phrase:
    return Phrase("stop", words, scope, sure=False, **kw)  # type: ignore[arg-type]


def _start(words: str, scope: Scope, **kw: object) -> Phrase:
    return Phrase("start", words, scope, **kw)  # type: ignore[arg-type]


def _help(words: str, **kw: object) -> Phrase:
    return Phrase("help", words, frozenset(), whole=True, **kw)  # type: ignore[arg-type]


PHRASES: list[Phrase] = [
    # --- English: stop aimed at what they receive --------------------------------------------
    _stop(r"(?:stop|quit) sending (?:me |us )?(?:these|this|them|that|those|it|any ?thing|shit"
          r"|crap|stuff|junk)", "came", note="stop sending these"),
    # "I would like to stop receiving both the texts and these emails"
    _stop(r"stop (?:receiving|getting) both (?P<obj>(?:the |these |those |your )?(?:texts|text"
          r" messages|emails|calls|messages) and (?:the |these |those |your )?(?:texts"
          r"|text messages|emails|calls|messages))", "named", free=True),
    # "I'd like to stop receiving it", "I want to stop getting these please"
    _stop(r"(?:i d|id|i would|i want to|i wanna|we d|we would|we want to) (?:like to )?stop"
          r" (?:receiving|getting) (?:it|them|these|this|those)(?= \.|$| please| thanks| thank)",
          "came", note="stop receiving these"),
    _stop(rf"(?:make|get|have) {_THESE} (?:\w+ ){{0,2}}?(?P<obj>{_NOTICES})(?: to)? stop",
          "named", note="make these texts stop"),
    _stop(rf"(?:can|will|could|would) {_THESE} (?:(?!{_THIRD_PARTY}\b)\w+ )?(?P<obj>{_NOTICES})"
          r" (?:please )?stop",
          "named"),
    _stop(rf"(?:how|is there a way|any way) (?:do |can |would |could )?(?:i |we )?(?:to )?"
          rf"(?:stop|end|block|turn off|get rid of|quit) (?:getting |receiving )?"
          rf"{_THESE} (?:(?!{_THIRD_PARTY}\b)\w+ ){{0,2}}?(?P<obj>{_NOTICES})", "named",
          note="how do I stop these messages"),
    _stop(r"(?:how|is there a way|any way) (?:do |can |would |could )?(?:i |we )?(?:to )?"
          r"(?:stop|quit) (?:getting|receiving) (?:these|those|this|them|it|this stuff)", "named"),
    _stop(r"make (?:it|this|them) stop", "context", whole=True),
    _stop(rf"why (?:do|does|are|did|would|will|must) (?:you|yall|u|you guys|you people|your firm"
          rf"|your office) (?:keep|still|continue to|keep on|always) (?:\w+ )?"
          rf"(?P<obj>{ONGOING_RUN}) (?:me|us|this number)", "named"),
    _unsure(rf"(?:you|yall|you guys|you people) (?:keep|keep on|continue to) (?P<obj>{ONGOING_RUN})"
            rf" (?:me|us)", "named"),
    _stop(r"cancel (?:my|the|this|your) (?:subscription|enrollment|registration|membership|sign up"
          r"|signup)", ALL),
    _stop(rf"(?:like|want|wish|need) (?:{_THESE}) (?:(?!{_THIRD_PARTY}\b)\w+ )?(?P<obj>{_NOTICES})"
          r" to (?:stop|end|cease)", "named"),
    _stop(r"(?:this|my) (?:number|phone|cell|email) (?:is|should|must) not (?:to )?be (?:contacted"
          r"|called|texted|messaged|emailed)", ALL),
    _stop(rf"(?:turn|shut|switch) (?:{_THESE}) (?:\w+ )?(?P<obj>{_NOTICES}) off", "named"),
    _stop(rf"(?:quit|knock|cut) it (?:off |out )?with (?:{_THESE}) (?:\w+ )?(?P<obj>{_NOTICES})",
          "named"),
    _stop(rf"stop (?:you|yall|you guys|you people|your firm) from (?P<obj>{ONGOING_RUN})", "named"),
    _stop(r"(?:do|should|will|must) i (?:have to|need to|gotta) block (?:you|this number|yall"
          r"|your number)", ALL),
    _stop(r"(?:you will|youll|you are going to|you re going to|you are gonna) be blocked", ALL),
    _stop(r"i (?:have|already) asked (?:you|yall) (?:\w+ ){0,3}?to stop", ALL),
    _stop(r"(?:i )?(?:keep|kept|have been|am|already) (?:telling|told|asking|asked|begging|begged)"
          r" (?:you|yall|you guys|you people|your office) (?:\w+ ){0,3}?(?:to )?stop", ALL),
    _stop(r"(?:i )?(?:do not|dont|never) (?:answer|pick up|take|accept|do) (?:phone )?(?:calls"
          r"|unknown numbers|unknown calls|my phone|the phone)(?! (?:at|during|while|when|before"
          r"|after|until|right now|today|from)\b)", CALL),
    _stop(r"only (?:contact|reach|message|communicate with) (?:me|us) (?:by|via|through|over)"
          r" (?:email|e mail|text|texts|phone|mail)", ALL),
    _stop(r"(?:i )?(?:do not|dont) do (?:phone )?calls", CALL, whole=True),
    _stop(r"(?:off|remove from|take me off) (?:(?:your|the|ur|this) )?(?:list|mailing list)",
          "context", whole=True),
    _stop(r"(?:how (?:do|can|would|could) (?:i|we) )?get off (?:of )?(?:your|ur|the|this|whatever)"
          r" (?:(?P<obj>call|calling|text|texting|email|mailing) )?(?:list|lists)", "named"),
    # "She is represented. Direct all communication to my office."
    _stop(r"(?:she|he|they|my client|the client) (?:is|are|s|re) (?:now |already )?represented\b"
          r"|direct all (?:further |future )?(?:communications?|contact|correspondence|inquiries)"
          r" to (?:me|my office|our office|counsel|my attorney|her attorney|his attorney)", ALL),
    _stop(r"(?:(?:please|pls|you can|go ahead and|kindly|so) )*close (?:out )?(?:my|our) (?:inquiry"
          r"|file|request|case file)(?: (?:please|pls|thanks|thank you|now))*", ALL, whole=True),
    _stop(r"(?:you|yall|your firm) (?:have|has|got) no (?:right|permission|business|reason|consent)"
          r" to (?:contact|text|call|email|message|bother|reach)", ALL),
    _stop(rf"(?:ask|request|demand|insist|require) (?:that )?(?:you|yall|your firm|your office)"
          rf" (?:no longer|not|never|stop|cease|do not)(?: to)? (?P<obj>{BASE_RUN}|{ONGOING_RUN})",
          "named"),
    _stop(r"(?:rather|prefer|like) not (?:to )?(?:receive|get|be sent|have) (?:these|them|this"
          r"|those|any more|anymore|any of (?:these|this|them))", "context"),
    _stop(r"(?:i want|i wanna|get me|take me|i need to be|want me) off (?:of )?(?:your|ur|the|this"
          r"|these|all|all your) (?P<obj>\w+ )?(?:list|lists)", "named"),
    _stop(r"(?:i want|i wanna|get me) off (?:of )?(?:this|it|here)?", ALL, whole=True),
    _stop(rf"(?:to|and|please|just|so) never (?:ever )?(?P<obj>{BASE_RUN}) (?:me|us|this number)",
          "named"),
    _stop(r"no (?:soliciting|solicitation|solicitations|solicitors)", ALL, whole=True),
    _stop(r"(?:i )?(?:do not|dont|will not|never) (?:accept|take|want|answer|respond to)"
          r" (?:any )?(?:solicitations?|soliciting|solicitors|sales (?:texts|calls|messages)"
          r"|marketing (?:texts|calls|messages)|unsolicited \w+)", ALL),
    _stop(r"(?:this|our) (?:conversation|chat|discussion) is (?:over|done|finished|ended)"
          r"|conversation over|end of (?:conversation|discussion)", ALL, whole=True),
    _stop(r"(?:what|how) (?:do|must|should|can) i (?:have to |need to |got to )?do to (?:get|make)"
          r" (?:you|yall|you people|you guys|this|these|it|them)(?: \w+)? (?:to )?stop", ALL),
    _stop(r"(?:you are|yall are|you guys are|you people are|your firm is|you keep) (?:literally"
          r" |basically |now )?(?:harassing|bothering|spamming|stalking|pestering|hounding"
          r"|annoying) (?:me|us)", ALL),
    _stop(r"(?<!what is )(?<!whats )\b7726\b(?!.*\b(?:what is|no idea|what does)\b)", ALL,
          free=True),
    _stop(r"(?:contact|call|text|email|talk to|speak to|speak with|reach out to|reach|deal with)"
          r" (?:him|her|them|my (?:lawyer|attorney|counsel|legal team))(?: ,)? (?:not|instead of)"
          r" me", ALL),

    _stop(rf"(?:do not|never|no longer) (?:want|need|wish) (?:you|yall|u|your firm|you guys|you"
          rf" people|your office) (?:to )?(?:keep )?(?P<obj>{ONGOING_RUN}|{BASE_RUN})", "named"),
    _stop(r"(?:like|want|wish|ask|asking|need|would like|request|requesting|demand|demanding)"
          r" to be (?:removed|taken off|deleted"
          r"|unsubscribed|opted out|left alone|put on your do not (?:call|contact) list)", ALL),
    _stop(rf"remove (?:me|us|my number|my info) from (?:any |all )?(?:further |future )?"
          rf"(?:(?P<obj>{ONGOING_RUN})|communication|communications|correspondence)", "named"),
    _stop(r"(?:going to|gonna|will|ill|about to|i am|im) (?:report|block|flag)(?:ing)? (?:this|you"
          r"|your number|this number|u|yall)(?: (?:as spam|to the (?:fcc|ftc|bar|state bar|attorney"
          r" general|police|authorities)|now|too|number))?$", ALL),
    _stop(r"(?:reported|reporting|blocked|blocking|reported as spam|reporting as spam|flagged as"
          r" spam|blocked and reported|reported and blocked)(?: as spam| for spam| and reported"
          r"| and blocked)?", ALL, whole=True),
    _stop(r"(?:knock it off|cut it out|quit it|enough|enough already|that is enough|give it a rest"
          r"|no sigan|ya no sigan|ya no insistan|no insistan"
          r"|enough is enough"
          r"|stop it already)", "context", whole=True, note="fed up"),
    _stop(r"how many times (?:do|must|should|have|did) i (?:have to |need to |got to |gotta )?"
          r"(?:say|tell you|ask you|ask|said|told you)(?: to)? stop", "context"),
    _stop(r"(?:i )?(?:want|wanna|need) out(?: of (?:this|here|it|this list|your list|these"
          r" \w+))?|(?:get|let) (?:me|us) out(?: of (?:this|here|it|this list|your list))?", ALL,
          whole=True),
    _stop(r"(?:un ?enroll|dis ?enroll|de ?register|de ?list|de ?activate)(?: me| us)?"
          r"(?: from (?:this|these|all|everything|your \w+))?", ALL, whole=True),
    _stop(r"never again|not ever again|never ever", "context", whole=True),
    _stop(r"(?:i )?(?:do not|dont) want (?:this|these|it|them|that|any of this|any of it"
          r"|any part of (?:this|it|that)|no part of (?:this|it|that)|this"
          r" stuff|any more of this|your (?:stuff|crap|spam))(?: anymore| any more| ever)?", ALL,
          whole=True),
    _stop(r"forget (?:me|about me|i exist|my number|my name|you ever had my number|this number)",
          ALL),
    _stop(r"(?:this is |that is |it is |its )?(?:harassment|harrassment|a scam|scam|scams"
          r"|scammers?|scam artists?|robo ?texts?|telemarket\w*|bots?)", ALL, whole=True),
    _stop(r"(?:how|is there a way|any way) (?:do |can |would |could )?(?:i |we )?(?:to )?"
          r"(?:stop|end|cancel|turn off|get out of|get off|opt out of|unsubscribe from)"
          r" (?:this|it|them|these|all this|all of this|this list|your list|this thing)"
          r"(?! from \w+ing)",
          "context"),
    _stop(r"what (?:is|s) (?:the|your) (?:stop|opt out|optout|unsubscribe|cancel) (?:word|keyword"
          r"|command|code|text)|what (?:do|should|can) i (?:reply|text|send|say|type|write|respond)"
          r" to (?:stop|opt out|unsubscribe|cancel|end) (?:this|these|it|them)?", ALL),
    _stop(r"(?:may|can|could) (?:i|we) (?:please )?(?:be|get) (?:removed|taken off|unsubscribed"
          r"|opted out|deleted|off)", ALL),
    _stop(r"how many (?:more )?times (?:do|must|should|will|have|did|does) (?:i|one) (?:have to "
          r"|need"
          r" to |got to |gotta )?(?:say|tell (?:you|yall|u)|ask|ask (?:you|yall)|repeat|explain"
          r" (?:it|this))(?: (?:this|it|that))?$", "context"),
    # threats: a lawsuit, a lawyer, a complaint, or the TCPA aimed at the firm
    _stop(r"(?:i |we )?(?:will|am going to|are going to|gonna|going to|am|shall|plan to) (?:sue"
          r"|be suing|take legal action)(?: (?:you|yall|u|your (?:firm|office|company)|all of you"
          r"|the firm|this firm|this number|you people))?", ALL, whole=True),
    _stop(r"see (?:you|yall|u) in court", ALL),
    _stop(r"(?:keep (?:it|this|that) up|do (?:it|that) again|try (?:it|that) again|one more"
          r" (?:time|text|call|message)|text me again|call me again|contact me again|keep"
          r" (?:texting|calling|messaging|contacting))(?: ,)? (?:and|&) (?:i will|ill|i am going to"
          r"|i am gonna|im gonna|i am|we will|you will|youll|you are going to|watch|see)", ALL),
    _stop(r"(?:this is )?(?:my|your) (?:final|last|only) warning$", ALL),
    _stop(r"(?:this is (?:a |the )?)?(?:final|last) warning(?: (?:to you|buddy|stop))?", ALL,
          whole=True),
    _stop(r"(?:i am|im|i m|we are) (?:so |totally |completely )?(?:done|finished|through)"
          r" (?:with|talking to) (?:you|yall|you people|you guys|your firm|your office|this$|all"
          r" of you|lawyers|law firms|these (?:texts|messages|calls))", ALL),
    _stop(r"gtfo|get the (?:fuck|f|hell|heck) (?:out|outta here|away)|bye felicia|kick rocks"
          r"|get bent|take a hike|beat it|scram|buzz off|get a life", ALL, whole=True),
    _stop(r"(?:i am |i m |im |i will be |ill be |gonna be |going to be )?(?:calling|contacting"
          r"|getting"
          r"|telling) my (?:lawyer|attorney)(?: (?:now|about (?:this|you|these \w+)|on you))?", ALL,
          whole=True),
    _stop(r"my (?:lawyer|attorney|legal team) (?:will|is going to|gonna|shall|is about to"
          r"|will soon)"
          r" (?:be in touch|contact (?:you|yall|your firm)|be contacting (?:you|yall)|hear about"
          r" (?:this|you|it)|deal with (?:you|this|it)|reach out to (?:you|yall)|call (?:you|yall))"
          r"(?= *$| if\b| about (?:this|these|it)\b| regarding this\b| now\b| soon\b)", ALL),
    _stop(r"(?<!what is )(?<!whats )\btcpa\b(?! (?:case|claim|lawsuit|class action) (?:against|for"
          r"|with) (?:my|the|a|his|her))(?!.*\b(?:no idea|what is that|what that is|what does)\b)",
          ALL, free=True),
    _stop(r"(?:fcc|ftc|do not call) (?:complaint|report)(?: (?:filed|submitted|made|sent))?"
          r"|(?:filed|filing|file|submitted|submitting|submit|lodged|lodge|made|make|sent) (?:a "
          r"|an )?"
          r"(?:formal |tcpa |fcc |ftc |official )?complaint(?: (?:against (?:you|yall|your \w+"
          r"|this number|this firm)|with (?:the )?(?:fcc|ftc|attorney general|ag|bbb"
          r"|better business"
          r" bureau|state bar|bar)))", ALL),
    _unsure(r"(?:i |we )?(?:have |already |just )?(?:filed|submitted|lodged|made) (?:a |an )?"
            r"(?:formal |official )?complaint", ALL, whole=True),
    _stop(r"(?:i am |i m |im |we are )?(?:already )?represented(?: (?:by (?:counsel|an attorney|a"
          r" lawyer|a firm|another firm|my own (?:lawyer|attorney))|already))?", ALL, whole=True),
    # polite and indirect
    _stop(rf"(?:would|do|could) you mind not (?P<obj>{BASE_RUN}|{ONGOING_RUN})", "named"),
    _stop(rf"(?:would|could|can|will) (?:you|u|yall) (?:please |kindly )?not (?:ever )?"
          rf"(?P<obj>{BASE_RUN})", "named"),
    _stop(rf"(?:rather|prefer) not (?:to )?(?:receive|get|be sent|have) (?:any |these |your |the )?"
          rf"(?:\w+ )?(?P<obj>{_NOTICES})", "named"),
    _stop(r"(?:texts?|texting|sms) only|only (?:texts?|texting)", frozenset({"call"}), whole=True),
    _stop(r"(?:calls?|phone calls?) only|only (?:calls?|phone calls?)", frozenset({"sms"}),
          whole=True),
    _stop(r"(?:emails?|e mails?) only|only (?:emails?|e mails?)", PHONE, whole=True),
    _stop(rf"no (?:need|reason) (?:for you )?to (?:keep )?(?P<obj>{BASE_RUN}|{ONGOING_RUN}"
          r"|reach out|follow up)(?: (?:me|us|this number))?(?: (?:anymore|any more|again|further"
          r"|ever again))", "named", free=True),
    _stop(rf"(?:prefer|rather) (?:not to be|not be|you not|that you not|you did not|you do not)"
          rf" (?P<obj>{PARTICIPLES}|{BASE_RUN}|{ONGOING_RUN})", "named"),
    _stop(rf"appreciate (?:it )?if (?:you|yall) (?:would )?(?:stopped|stop|quit|did not|would not"
          rf"|no longer) (?P<obj>{ONGOING_RUN}|{BASE_RUN})", "named"),
    _stop(rf"(?:refrain|desist|abstain) from (?P<obj>{ONGOING_RUN})", "named"),
    _stop(r"(?:please )?(?:do not|dont) reach out(?: to me)?(?: again| anymore| any more)", ALL),
    # represented by counsel: a lawyer may not contact a represented person directly
    _stop(r"(?:i am|i have been|we are|i m) (?:already )?represented\b(?! (?:in|for|on) (?:my|a"
          r"|the|an) (?:divorce|custody|criminal|bankruptcy|immigration|workers|other|dui"
          r"|family|traffic|ticket|child))(?! by (?!(?:legal )?counsel|an? (?:attorney|lawyer"
          r"|law firm|firm)|my (?:own )?(?:attorney|lawyer|counsel)|another (?:firm|attorney"
          r"|lawyer))\w)", ALL, free=True),
    _stop(r"(?:direct|send|forward) (?:all |any )?(?:further |future )?(?:communication"
          r"|communications|contact"
          r"|correspondence|calls|messages) to (?:my (?:attorney|lawyer|counsel)|them|him|her"
          r"|counsel)", ALL),
    _stop(r"(?:i have|i ve got|i got|i have retained|i retained|we have|i already have) (?:legal"
          r" representation|(?:legal )?counsel)", ALL, free=True),
    # threats and blocking: plainly "do not contact me"
    _stop(r"(?:this|that|it) is (?:harassment|harrassment|unsolicited|illegal)", ALL),
    _stop(r"(?:i am |i have |i |we )?(?:blocked|blocking|block)(?: (?:you|this number|your number"
          r"|you guys|yall|you people|ur number|incoming|them|it))?(?: now| too| as well)?"
          r"(?: and reported)?",
          ALL, whole=True),
    _stop(r"(?:you are|you have been|your number is|your number has been|this number has been"
          r"|this number is|number|you re|you ve been|your|ur) (?:now )?blocked", ALL),
    _stop(rf"(?:keep|continue) (?P<obj>{ONGOING_RUN}) (?:me |us )?(?:and|&) (?:i|ill|i will|i am"
          r"|we)", ALL),
    _stop(r"(?:i am |i will be |i will |ill |gonna |going to |about to )?reporting (?:you|this"
          r"|this number|your number|your firm|yall)\b", ALL),
    _stop(r"(?:i will|ill|i am going to|i am gonna|gonna|going to|i shall) (?:report|sue)"
          r" (?:you|this number|your firm|yall|your company)\b", ALL),
    _stop(r"report(?:ing)? (?:you|this number|your firm) to (?:the )?(?:fcc|ftc|bar|state bar"
          r"|attorney general|ag|bbb|better business bureau|police|authorities)", ALL),
    _stop(rf"\bif (?:you|u|yall) (?:\w+ ){{0,2}}?{_CONTACT_VERB} (?:me )?(?:\w+ ){{0,2}}?"
          rf"(?:again|anymore|any more|one more time)\b.*\b{_THREAT}", ALL, free=True),
    _stop(rf"{_THREAT}\b.*\bif (?:you|u|yall|this) (?:\w+ ){{0,2}}?(?:{_CONTACT_VERB}|continues"
          rf"|keeps up|happens again)", ALL, free=True),
    _stop(rf"{_CONTACT_VERB} (?:me|us) again (?:and|&) (?:i|ill|i will|i am|we)", ALL),
    # "only text me, my wife can't know", "Just text me." as a sentence: calls refused
    _stop(r"(?:please |pls )?only (?:text|txt) (?:me|us)\b", CALL, free=True, note="switch"),
    _stop(r"(?:please |pls )?only (?:email|e mail) (?:me|us)\b", PHONE, free=True, note="switch"),
    _stop(r"(?:ok |okay |please |pls )?just (?:text|txt) me(?: (?:please|pls|instead))?", CALL,
          whole=True, note="switch"),
    # Vietnamese ("đ" is dropped when the reply is normalised): "Xin đừng nhắn tin cho tôi nữa",
    # "Đừng gọi cho tôi nữa", "Xin hủy đăng ký".
    _stop(r"(?:ung|dung) nhan tin(?: cho toi)?(?: nua)?", "came", lang="vi", free=True),
    _stop(r"(?:ung|dung) goi(?: cho toi| dien)?(?: nua)?", CALL, lang="vi", free=True),
    _stop(r"huy (?:ang|dang) ky", "came", lang="vi", free=True),
    # "Remove me from the Comp Report": a newsletter named
    _stop(r"(?:remove|take|drop) me (?:from|off) (?:the |your )?(?:[a-z]+ ){0,3}(?:report"
          r"|newsletter|digest|bulletin|update|updates|mailing|mailings)\b", EMAIL, free=True),
    # channel switches: "call instead of texting" revokes texts only
    _stop(r"(?:(?:call|phone|ring|email|e mail|message|write)(?: me)?|(?:text|txt) me"
          r"|(?:just|please|pls|only) (?:text|txt))(?: \w+)?"
          r" instead of"
          r" (?P<obj>texting|text|texts|text messages|calling|calls|emailing|emails|e mails"
          r"|email|e mailing|mailing)",
          "named", free=True, note="switch"),
    _stop(r"(?:stop|quit|no more|do not|no) (?P<obj>calling|texting|emailing|calls|texts|emails"
          r"|call|text|email|phone calls|messages)(?: me)?(?: please)?(?: ,| and)? (?:just |please"
          r" |only )?(?:text|txt|call|email|message|write|send (?:a )?(?:text|email))(?: me)?"
          r"(?: instead| only| is fine| is ok| is better| works| please)", "named", free=True,
          note="switch"),
    _stop(r"(?:rather|prefer) (?:get |receive |have |you )?(?:an? )?(?:\w+ ){0,2}?(?:than|over"
          r"|instead of) (?:(?:a|an|be|being|get|getting|receive|receiving) )?(?P<obj>texts"
          r"|texting|text messages|text|texted|calls|calling|phone calls|call|called|emails"
          r"|emailing|email|emailed)", "named", free=True, note="switch"),
    _stop(r"not (?:who|the (?:person|one|guy|lady|woman|man)) (?:you|yall) (?:think|want|need|are"
          r" (?:trying to reach|looking for|thinking of))", PHONE, reason="wrong_person",
          free=True),
    # "This number has been mine for 3 years, whoever Brittany is she doesn't have it anymore"
    _stop(r"(?:this|the|that) (?:number|phone|cell|phone number) (?:has been|is|s|was) mine (?:for"
          r"|since)", PHONE, reason="wrong_person", free=True),
    # "Not me. Never heard of a Dustin Pruitt"
    _stop(r"^not me (?:\. |, )?(?:i )?(?:have )?never heard of (?:a |an |any )?(?!you\b|your\b"
          r"|this\b|that\b|them\b|it\b|y)[a-z]+", PHONE, reason="wrong_person", free=True),
    # "this hasnt been kenny's phone for like 2 years", "someone put my number by mistake"
    _stop(r"(?:this|it|that) (?:has not|hasnt|hasn t|is not|isnt|isn t|s not|aint|ain t) (?:been )?"
          r"(?:(?!my\b|your\b)[a-z]+ ?s|his|her|their) (?:number|phone|cell|phone number)"
          r"(?! (?:either|too)\b)",
          PHONE, reason="wrong_person", free=True),
    _stop(r"(?:someone|somebody|some one|they) (?:must have |probably |prob )?(?:put|entered|used"
          r"|typed|gave|wrote down|put down) (?:in )?my (?:number|phone number|cell|email|info)"
          r" (?:by mistake|by accident|wrong|on (?:a|the|some|your) (?:form|list))", "came",
          reason="wrong_person", free=True),
    _stop(r"(?:this|the) (?:number|phone|cell) (?:does not|no longer|is not|isnt) (?:belong"
          r"|belongs) to", PHONE, reason="wrong_person", free=True),
    # "Leave my wife out of this. And me too.", "Leave us be", "LEAVE MY GRANDPA ALONE"
    _stop(r"leave (?:(?:me|us) (?:out of (?:this|it)|be)|my (?:wife|husband|family|kids|mom"
          r"|mother|dad|father|son|daughter|grandpa|grandma|grandfather|grandmother) (?:out of"
          r" (?:this|it)|be|alone))", ALL, free=True),
    # "Please stop sending Fresh Start Notes to my work email": what is sent, to where
    _stop(r"(?<!do not )(?<!never )(?:stop|quit) sending (?!(?:me )?(?:mail|paper|letters|paperwork"
          r"|the paperwork|texts|emails|messages|text messages)\b)(?:\w+ ){1,4}?to (?:my|this)"
          r" (?:work |personal )?(?P<obj>email|e mail|inbox|email address)", "named", free=True),
    # "please no call me, my english not good": the channel refused, in few words
    _stop(r"(?:please|pls|plz) no (?P<obj>call|calls|text|texts|email|emails|message|messages)"
          r"(?: (?:me|to me|this number|anymore|no more))?(?= \.| ,|$)", "named", free=True),
    # Haitian Creole, as Florida's and New York's intake lines hear it: "Tanpri pa rele m ankò"
    # (please don't call me again), "Pa voye mesaj ankò" (don't send messages again), "Mwen pa
    # bezwen avoka" (I don't need a lawyer: a decline, unsure).
    _stop(r"pa (?:rele|relem|rele m|rele mwen)(?: ankò| anko)?", CALL, lang="ht", free=True),
    _stop(r"pa (?:voye|ekri) (?:m |mwen )?(?:mesaj|tèks|teks|imel|email)(?: ankò| anko)?", "came",
          lang="ht", free=True),
    _stop(r"(?:kite m trankil|kite mwen trankil|sispann (?:rele|voye|ekri)(?: m| mwen)?)", ALL,
          lang="ht", free=True),
    _unsure(r"(?:mwen|m) pa bezwen (?:avoka|èd|ed)", ALL, lang="ht", free=True),
    # Spanish declines, a person decides: "Mejor lo dejamos así", "no creo que lo necesite"
    _unsure(r"(?:mejor )?lo dejamos (?:asi|ahi)|(?:no creo que|creo que no) (?:lo|la|los|las)"
            r" (?:necesite|necesitemos|ocupe|ocupemos)(?! (?:hoy|ahorita|todavia))", ALL, lang="es",
            free=True),
    # "How do I turn these off": our messages, asked how to stop (a stop, as the issue has it)
    _stop(r"(?:how (?:do|can) i|is there (?:a|any) way to) turn (?:these|them|this|the (?:texts"
          r"|messages|notifications)) off",
          "came", free=True),
    # "Please don't leave voicemails. He knows my password": calls, a person decides
    _unsure(r"(?:do not|never|no) (?:ever )?leave (?:me )?(?:a |any )?(?:voicemails?|voice mails?"
            r"|vms?)"
            r"(?! , (?:just )?(?:call|text)| (?:just )?(?:call|text) (?:me )?(?:back|again))", CALL,
            free=True),
    # "Please don't contact me until I'm back in May", "hold all contact until after Jan 15"
    _unsure(r"(?:(?:do not|please do not) (?:contact|call|text|email)(?: me| us)? (?:again )?"
            r"(?:until|till|til)"
            r"|hold (?:all|any|off on all|off on) (?:contact|calls|texts|emails|communication)"
            r" until)(?! (?:you|yall|u|your)\b)", "named", free=True),
    # Vietnamese: "Tôi đã có luật sư rồi" (I already have a lawyer): a decline
    _unsure(r"co luat su roi", ALL, lang="vi", free=True),
    # Vietnamese: "Làm ơn ngừng gửi tin nhắn" (please stop sending messages), "Đừng gọi cho tôi
    # nữa" (don't call me any more)
    _stop(r"(?:ngung|ngưng|(?:d|đ)?ung|thoi) (?:gui|nhan) (?:tin(?: nhan)?|email)", "came",
          lang="vi", free=True),
    _stop(r"(?:d|đ)ung (?:goi|goi dien)(?: cho)?(?: toi| em| anh| chi)?", CALL, lang="vi",
          free=True),
    # Bosnian, Croatian and Serbian: "Nemojte me više zvati ni slati poruke" (don't call me or
    # send messages any more), "Ne zovite me"
    _stop(r"(?:nemojte (?:me |mi )?(?:vise )?zvati|ne zovite(?: me)?(?: vise)?) (?:ni|i ne)"
          r" (?:mi )?(?:slati|saljite) poruke", PHONE, lang="bs", free=True),
    _stop(r"nemojte (?:me |mi )?(?:vise )?zvati|ne zovite(?: me)?(?: vise)?", CALL, lang="bs",
          free=True),
    _stop(r"nemojte (?:mi )?(?:vise )?(?:slati poruke|pisati)|ne saljite (?:mi )?(?:vise )?poruke",
          "came", lang="bs", free=True),
    # Nepali, romanised: "malai message napathaunus" (please don't send me messages)
    _stop(r"(?:message|msg|sms) (?:na ?pathau\w*|napathau\w*)", "came", lang="ne", free=True),
    # "quiero dejar de recibir estos mensajes, ¿cómo le hago?"
    _stop(r"(?:quiero|queremos|quisiera|deseo|me gustaria) dejar de recibir (?:estos |esos |sus "
          r"|los |las |tantos |tantas )?(?P<obj>mensajes|textos|correos|llamadas|emails)", "named",
          lang="es", free=True),
    # "soy la esposa de Rigoberto, él ya no quiere los mensajes": the owner's wish, told
    _stop(r"(?:el|ella) ya no (?:quiere|desea) (?:los |mas |recibir )?(?P<obj>mensajes|textos"
          r"|llamadas|correos)", "named", lang="es", free=True),
    # Tongan: "Fakamolemole 'oua toe text mai" (please don't text again); Cape Verdean Kriolu:
    # "Para di manda mensaji pa mi" (stop sending me messages)
    _stop(r"oua (?:toe )?(?:text|tekisi|fetuutaki) mai", "came", lang="to", free=True),
    _stop(r"para di manda ?m? ?mensaj\w*", "came", lang="kea", free=True),
    # Tagalog: "Wag nyo na po ako i-text at tawagan" (don't text or call me any more)
    _stop(r"(?:huwag|wag) (?:nyo|ninyo|mo|na)(?: na)?(?: po)?(?: ako)? (?:i ?text|mag ?text)"
          r" (?:at|o) (?:tawagan|tumawag)", PHONE, lang="tl", free=True),
    # Polish, as Chicago's, New Jersey's and Pennsylvania's lines hear it ("ł" is dropped when
    # the reply is normalised): "Proszę nie wysyłać więcej wiadomości", "Nie dzwonić", "Nie
    # życzę sobie dalszego kontaktu", "Proszę o usunięcie mojego adresu z listy".
    _stop(r"nie (?:wysy ?l?ac|wysy ?l?ajcie|przysy ?l?ac|przysy ?l?ajcie|pisac|piszcie)"
          r"(?: (?:mi|do mnie))?"
          r"(?: (?:wiecej|juz))*(?: (?:wiadomosci|sms\w*|maili|emaili))?", "came", lang="pl",
          free=True),
    _stop(r"nie (?:dzwonic|dzwoncie|dzwon\b|chce (?:telefonow|po ?l?aczen))", CALL, lang="pl",
          free=True),
    _stop(r"(?:nie zycze sobie|nie chce) (?:(?:dalszego|wiecej|zadnego) )?kontaktu", ALL, lang="pl",
          free=True),
    _stop(r"(?:usuniecie|usunac|usuncie) (?:mnie|mojego (?:numeru|adresu)|moich danych)", "came",
          lang="pl", free=True),
    # Portuguese, as Massachusetts', New Jersey's and Florida's lines hear it: "Não quero mais
    # receber mensagens", "Parem de me ligar", "Me tirem da lista".
    _stop(r"(?:nao|n) (?:quero|desejo) (?:mais )?receber (?:mais )?(?:mensagens|sms|textos"
          r"|emails|e mails)", "came", lang="pt", free=True),
    _stop(r"(?:nao|n) (?:quero|desejo) (?:mais )?(?:ligacoes|chamadas)|(?:parem?|deixem? de) de"
          r" (?:me )?ligar|nao me liguem?", CALL, lang="pt", free=True),
    _stop(r"(?:parem?|deixem?) de (?:me )?(?:mandar|enviar) (?:mensagens|sms|textos)", SMS,
          lang="pt", free=True),
    _stop(r"(?:me )?(?:tirem?|removam?|retirem?) (?:da|de sua|da sua) lista", ALL, lang="pt",
          free=True),
    # Somali, as Columbus' and Minneapolis' lines hear it: "Fadlan ha ii soo dirin farriin
    # kale" (please send me no more messages), "Ha i soo wicin" (don't call me), "Jooji" (stop).
    _stop(r"ha (?:ii|i) soo (?:dirin|dirina)(?: (?:farriin|farriimo|fariin|message)\w*)?", "came",
          lang="so", free=True),
    _stop(r"ha (?:ii|i) soo (?:wicin|wicina)", CALL, lang="so", free=True),
    _stop(r"jooji(?:ya|na)?(?: (?:farriimaha|fariimaha|wicitaanada))?", "came", lang="so",
          whole=True),
    # Tagalog: "Pakitigil na po ang pag-text sa akin" (please stop texting me), "Huwag na po
    # kayong tumawag" (don't call any more).
    _stop(r"pakitigil(?!(?: na)?(?: po)?(?: ang)? pag ?tawag)(?: na)?(?: po)?(?: ang)?"
          r"(?: pag ?(?:text|email)\w*)?|(?:huwag|wag) na(?: po)?(?: kayong| kang)? mag ?text",
          "came", lang="tl", free=True),
    _stop(r"pakitigil(?: na)?(?: po)?(?: ang)? pag ?tawag\w*|(?:huwag|wag) na(?: po)?(?: kayong"
          r"| kang)? tumawag", CALL, lang="tl", free=True),
    # Starts: "Xin tiếp tục nhắn tin cho tôi" (please keep texting me), "Pwede po ulit mag-text"
    # (you may text again), "Hadda waad ii soo diri kartaan farriimaha" (now you can send me
    # messages): with a stop sent by mistake ("Tôi lỡ nhắn STOP", "nag-STOP ako by mistake")
    _start(r"tiep tuc (?:nhan tin|lien lac|goi)(?: cho toi)?", "came", lang="vi", free=True),
    _start(r"pwede(?: po| na)*(?: ulit)? (?:mag ?text|tumawag|mag ?email)(?: ulit)?", "came",
           lang="tl", free=True),
    _start(r"(?:hadda )?(?:waad|waxaad) (?:ii|i) soo (?:diri|wici) kartaan", "came", lang="so",
           free=True),
    # Somali "Fadlan fariimaha ii soo dir" (please send me the messages); Hmong "thov xa ntawv
    # tuaj rau kuv dua" (please send me messages again), "tsis txhob hu" (don't call), "xov
    # tooj yuam kev" (wrong number), "koj yog leej twg" (who are you)
    _start(r"(?:farriimaha|fariimaha|farriin|fariin) (?:ii|i) soo (?:dir|dira|diri)\b", "came",
           lang="so", free=True),
    _start(r"xa ntawv (?:tuaj )?(?:rau kuv )?dua|hu (?:tuaj )?(?:rau kuv )?dua", "came",
           lang="hmn", free=True),
    _stop(r"(?:tsis txhob|txhob) (?:hu|hu xov tooj)(?: tuaj)?", CALL, lang="hmn", free=True),
    _stop(r"(?:tsis txhob|txhob) hu(?: xov tooj)? (?:thiab|lossis|los sis|los yog) xa (?:ntawv"
          r"|lus)", PHONE, lang="hmn", free=True),
    _stop(r"(?:tsis txhob|txhob) tiv tauj", ALL, lang="hmn", free=True),
    _stop(r"tshem (?:kuv|peb) (?:email|e mail)", EMAIL, lang="hmn", free=True),
    _stop(r"tshem (?:kuv|peb) (?:npe|xov tooj)", "came", lang="hmn", free=True),
    # Somali: "Ha ila soo xiriirin mar dambe" (don't contact me again), "in la iga saaro
    # liiskan" (to be taken off this list), "waa nambar qaldan" (wrong number)
    _stop(r"ha (?:ila|ii|i|nala) soo xiriirin", ALL, lang="so", free=True),
    _stop(r"(?:la )?iga saaro liis\w*", "came", lang="so", free=True),
    _stop(r"(?:waa )?(?:nambar|lambar|numbar) qaldan", PHONE, lang="so", free=True,
          reason="wrong_person"),
    _stop(r"(?:tsis txhob|txhob) xa (?:ntawv|lus)(?: tuaj)?", "came", lang="hmn", free=True),
    _stop(r"xov tooj (?:no )?yuam kev", PHONE, lang="hmn", free=True, reason="wrong_person"),
    # Vietnamese: "xóa email của tôi khỏi danh sách" (take my email off the list)
    _stop(r"xoa (?:email|so|so d?ien thoai|ten) (?:cua )?toi khoi danh sach", "came", lang="vi",
          free=True),
    # --- English: might be a stop; a person decides ------------------------------------------
    # "she doesn't read texts, please call her instead", "I rarely check my email": a channel
    # that does not reach the person; the one asked for instead is kept.
    _unsure(r"(?:does not|do not|never|rarely|hardly ever|hardly|barely|seldom) (?:\w+ )?"
            r"(?:read|reads) (?:her |his |my |the |any |their"
            r" |these |those )?(?P<obj>texts|text messages|emails|email|e mails|messages"
            r"|voicemails|voicemail|mensajes|textos|correos|correo)\b(?! (?:you|yall|u) )",
            "named", free=True),
    # "Mejor llámeme, no sé leer bien los mensajes": texts that do not reach the person
    _unsure(r"no (?:se|puedo|puede|sabe) leer (?:bien )?(?:los |sus )?(?P<obj>mensajes|textos"
            r"|correos)", "named", lang="es", free=True),
    # "I never see texts"
    _unsure(r"(?:never|hardly ever) (?:see|sees) (?:her |his"
            r" |my |the |any )?(?P<obj>texts|text messages|emails|email|e mails)\b", "named",
            free=True),
    # "I'd rather y'all not call, text or email me"
    _stop(r"(?:i d|i would|we d|we would) (?:much )?rather (?:you|yall|y all|you guys|your office)"
          r" (?:not|did not|didnt) (?P<obj>call|text|email|contact|message)(?: (?:me|us))?",
          "named", free=True),
    # "Ni llamadas ni mensajes por favor": neither
    _stop(r"ni (?:llamadas|mensajes|correos|textos) ni (?:llamadas|mensajes|correos|textos)",
          "named", lang="es", free=True),
    # Declines in other words: "I filled that form by accident", "we decided we're
    # not going to court", "My aunt found somebody to help with the trust"
    _unsure(r"(?:i|we) (?:filled|submitted|sent) (?:out )?(?:that|the|this|your) (?:form|thing)"
            r" (?:out )?by (?:accident|mistake)|(?:decided|agreed) (?:\w+ ){0,3}?(?:not|are not)"
            r" (?:going to|gonna) (?:court|sue|file|do (?:a|the|any) (?:lawsuit|case|claim))"
            r"|(?:found|got|hired) (?:somebody|someone|a lawyer|an attorney) (?:else )?(?:cheaper"
            r"|to help)", ALL, free=True),
    # "is there a way to get text updates instead of emails?"
    _unsure(r"(?:get|getting|receive|receiving|have|send me|switch to) (?:\w+ ){0,2}instead of"
            r" (?P<obj>texts|texting|text messages|calls|calling|phone calls|emails|emailing"
            r"|e mails)", "named"),
    _unsure(rf"too many (?:\w+ )?(?P<obj>{_NOTICES})", "named"),
    _unsure(r"why (?:do|does|are|did) (?:you|yall|u|you guys|you people|your firm|your office)"
            r" (?:keep |keep on |always |still )?(?P<obj>text|call|email|message|contact)\w* (?:me"
            r" |this number )?(?:so much|so often|all the time|every day|constantly|nonstop"
            r"|so many times|again and again|over and over)", "named"),
    _unsure(r"(?:you|yall|you guys|you people|your firm|your office) (?:\w+ )?(?P<obj>text"
            r"|call|message|email)s? (?:me )?(?:way |so |far )*(?:too much|too often|a lot)",
            "named"),
    _unsure(r"(?:no|nah|nope) (?:, )?(?:thanks|thank you|thx|ty)(?: (?:though|anyway|i am good"
            r"|i am ok|i am fine))*", ALL, whole=True),
    _unsure(r"(?:i have |i ve got |we have |i got )?(?:no|zero|not any|not much) interest"
            r"(?: (?:in|with) (?:this|that|it|your \w+|any of this|any of it))?"
            r"|uninterested|not really interested"
            r"|(?:i am |we are )?not looking for (?:a |an )?(?:lawyer|attorney|representation"
            r"|legal help|help)|(?:i|we) do not (?:want|need) (?:your|any) (?:services|help)",
            ALL, whole=True),
    # --- Spanish: stop ----------------------------------------------------------------------
    _stop(rf"no me (?:vuelvas? a |vuelvan a )?(?:{_ES_WRITE})(?:(?: mas)? (?:mensajes|textos|sms"
          r"|mensajes de texto|correos|emails|nada))?(?! en (?:ingles|english|espanol))", "named",
          lang="es"),
    _stop(rf"no me (?:vuelvas? a |vuelvan a )?(?:{_ES_CALL})", "named", lang="es"),
    _stop(r"no me vuelvan a (?:escribir|llamar|contactar)(?: ni (?:escribir|llamar|contactar))?",
          "named", lang="es"),
    _stop(r"(?:dejen|deje|deja|dejes|paren|pare|para|dejar|parar) de (?:enviar\w*|mandar\w*"
          r"|escribir\w*|textear\w*|llamar\w*|contactar\w*|molestar\w*)(?: (?:\w+ )?(?:mensajes"
          r"|textos|correos|emails|llamadas))?", "named", lang="es"),
    # "ni me llamen ni me escriban": both named, both refused
    _stop(r"ni me (?:llamen|llame|escriban|escriba|contacten|textee?n|manden mensajes)"
          r" ni me (?:llamen|llame|escriban|escriba|contacten|textee?n"
          r"|manden (?:mensajes|correos))",
          "named", lang="es"),
    # "Por favor borrar nuestros datos": their details, from the firm's records
    _stop(r"(?:borrar|borren|borre|eliminen|eliminar|elimine) (?:mis|nuestros|sus|todos mis"
          r"|todos nuestros) datos", ALL, lang="es"),
    _stop(r"(?:saquen|saque|quiten|quite|borren|borre|eliminen|elimine|sacame|quitame|borrame"
          r"|saquenme|quitenme|borrenme|eliminenme|sacarme|quitarme|borrarme|remuevanme|remuevame"
          r"|remuevan|remueva|quitenla|quitenlo|saquenla|saquenlo|borrenla|borrenlo|eliminenla"
          r"|eliminenlo)(?:me)?"
          r" (?:de (?:su|la|sus|esta|esa|las|los) (?:lista|listas|base de datos|sistema|contactos"
          r"|registros))(?: de (?P<obj>correos?|emails?|mensajes|textos|llamadas))?", "named",
          lang="es"),
    _stop(r"(?:saquen|quiten|borren|eliminen|borre|elimine|quite|saque)(?:n)? (?:mi|este)"
          r" (?:numero|telefono|celular|cel)", PHONE, lang="es"),
    _stop(r"(?:saquen|quiten|borren|eliminen|borre|elimine)(?:n)? (?:mi|este) (?:correo|email)",
          EMAIL, lang="es"),
    _stop(r"(?:quiero|deseo|pido|solicito) mi baja|(?:me|nos) (?:pueden|puede|podrian|podria"
          r"|puedes) (?:quitar|borrar|sacar|eliminar|remover)(?: de (?:la|su|sus|esta|esa)"
          r" (?:lista|listas|base de datos|sistema|contactos)| de (?:los|sus|las)"
          r" (?:correos|mensajes|textos|llamadas|emails)\w*(?: [a-z]+)?)?"
          r"(?= \.|$| ,| por favor| porfa| gracias| me | ya )",
          "named", lang="es"),
    _stop(r"(?:es |esto es |son |son unos |ustedes son |eso es )?(?:una |unos )?(?:acoso|estafa"
          r"|estafadores|fraude|fraudes|spam|basura|robots?)", ALL, lang="es", whole=True),
    _stop(r"(?<!quieren )(?<!quiere )(?<!van a )(?<!no me quiero )(?<!no quiero )(?<!no )"
          r"(?<!si me quiero )(?<!si despues me quiero )(?<!si luego me quiero )"
          r"(?:darme|dame|denme|deme|dese|darse|dar|doy|me doy|quiero darme|me den|me de|me des"
          r"|me pueden dar) de baja(?! (?:del|de la|de mi|en el|en la|por (?!favor)|medica)\b)"
          r"(?: de (?:los |las |sus |estos |estas |su lista de |la lista de |esta lista de )?"
          r"(?P<obj>correos?|emails|mensajes|textos|llamadas|boletines|boletin))?",
          "named-or-context", lang="es"),
    _stop(r"(?:no|ya no) (?:quiero|deseo|necesito) (?:recibir |que me (?:\w+ )?)?(?:sus |tus |los "
          r"|las |mas |ningun |ninguna )*(?:mensajes|textos|llamadas|correos|emails|contacto"
          r"|informacion|info|publicidad|promociones|nada|texts|messages|calls|emails)", "named",
          lang="es"),
    _stop(r"(?:no|ya no) (?:quiero|deseo|queremos) que (?:me |nos )?(?:vuelvan a |sigan |esten )?"
          r"(?:contact\w*|llam\w*|escrib\w*|molest\w*|mand\w*|envi\w*|busqu\w*|texte\w*)",
          "named", lang="es"),
    _stop(r"no (?:mas |quiero mas )?(?:mensajes|textos|llamadas|correos|emails)", "named",
          lang="es"),
    _stop(r"(?:ya )?basta (?:ya )?(?:de|con) (?:tantos |tantas |los |las |sus )?(?:mensajes|textos"
          r"|llamadas|correos|molestar|escribir|llamar|mandar\w*|enviar\w*|insistir)", "named",
          lang="es"),
    _stop(r"(?:no|ya no) (?:deseo|quiero) ser (?:contactad[oa]|llamad[oa]|molestad[oa]"
          r"|buscad[oa])", "named", lang="es"),
    _stop(r"no (?:quiero|queremos) (?:saber|tener) nada(?: que ver)? (?:de|con) (?:ustedes|ti|su"
          r" \w+|esto|abogados)|no (?:quiero|queremos) nada con ustedes", ALL, lang="es"),
    _stop(r"no (?:tienen|tiene|tienes) (?:mi )?(?:permiso|autorizacion|consentimiento)", ALL,
          lang="es"),
    _stop(r"(?:numero )?bloquead[oa]s?", ALL, lang="es", whole=True),
    _stop(r"(?:no mas|basta|basta ya|ya basta|alto|alto ya|ya alto|parar|paren|pare|parenle"
          r"|parale|cancelar|cancelen|cancele|cancela|cancelo|baja|detener|detengan|suficiente"
          r"|ya fue suficiente|ya estuvo|cancelar suscripcion|cancelar mi suscripcion|eliminar"
          r"|stop)(?: (?:todo|esto|eso|todo esto|ya))?", "context", lang="es", whole=True,
          note="fed up"),
    _stop(r"(?:olvidenme|olvideme|olvidame|olvidense de mi|olvidese de mi|olvidate de mi"
          r"|olviden mi numero|olvide mi numero)", ALL, lang="es"),
    _stop(r"como (?:hago|le hago|puedo|podria|se hace|debo)? ?(?:para )?(?:que )?(?:dejar?|deje"
          r"|dejo|dejamos)"
          r" de recibir", "named", lang="es", free=True),
    _stop(r"como (?:hago para |le hago para |puedo )?(?:me salgo|salirme|salgo|me quito|quitarme"
          r"|me borro|borrarme|cancelo|cancelar) (?:de )?(?:esto|(?:esta|la|su) lista(?: de"
          r" (?P<obj>mensajes|correos?|textos|llamadas))?|sus mensajes|los mensajes"
          r"|estos mensajes)",
          "named", lang="es", free=True),
    # "¿cómo le hago para que ya no me lleguen?": how to stop, asked now, of what came
    _unsure(r"como (?:hago|le hago|puedo|se hace) para que (?:ya )?no me (?:lleguen|manden|envien"
            r"|escriban|sigan llegando) (?:estos|sus|los) (?P<obj>mensajes|correos|textos"
            r"|llamadas)", "named", lang="es", free=True),
    _unsure(r"como (?:hago|le hago|puedo|se hace) para que (?:ya )?no me (?:lleguen|manden|envien"
            r"|escriban|sigan llegando)(?! (?:estos|sus|los) )", "came", lang="es", free=True),
    # represented by counsel, in Spanish
    _stop(r"(?:estoy|estamos|ya estoy|ya estamos) representad[oa]s?(?! por (?!(?:un|una|mi|otr[oa])"
          r" (?:abogad|licenciad|despacho|firma))\w)|(?:tengo|tenemos|ya tengo"
          r"|ya tenemos|cuento con) representacion(?: legal)?", ALL, lang="es", free=True),
    _stop(r"(?:comuniquense|comuniquese|comunicate|hablen|hable|habla|contacten|contacte"
          r"|llamen|llame|traten|dirijanse|dirijase) (?:con|a) (?:mi|el|la|nuestro|nuestra)"
          r" (?:abogad[oa]|representante|licenciad[oa]|bufete)", ALL, lang="es"),
    _stop(r"(?:mi|nuestro|nuestra) (?:abogad[oa]|licenciad[oa]) (?:se encarga|se esta encargando"
          r"|lleva (?:mi|el) caso|maneja (?:todo|mi caso|esto)|se (?:va a )?comunicar\w*"
          r"|(?:los|las|les) (?:va a )?(?:contact\w*|llamar\w*|hablar\w*))", ALL, lang="es",
          free=True),
    # complaints to a regulator, in Spanish
    _stop(r"(?:voy a|vamos a|ya|les voy a|los voy a)? ?(?:poner|presentar|levantar|meter|hacer"
          r"|puse|presente|levante|meti|hice) (?:una |un )?(?:queja|denuncia|reporte)"
          r"(?: (?:formal|oficial))?(?: (?:con|ante|en|a) (?:la )?(?:fcc|ftc|procuraduria|profeco"
          r"|policia|autoridades|fiscalia)| contra (?:ustedes|ti|su (?:firma|oficina|despacho"
          r"|empresa)))", ALL, lang="es", free=True),
    _stop(r"(?:favor de |por favor )?no (?:volver a )?(?:llamar|contactar|escribir|enviar|mandar"
          r"|textear|molestar)"
          r"(?:me|nos)?(?: (?:mas|ningun|ningunos|ninguna))?(?: (?:mensajes|textos|correos"
          r"|llamadas|emails))?", "named", lang="es"),
    _stop(r"(?:dejenme|dejeme|dejame|dejennos) (?:en paz|tranquil[oa]s?|sol[oa]s?)"
          r"|no (?:quiero|queremos) saber nada", ALL, lang="es"),
    _stop(r"(?:voy a|vamos a|los voy a|lo voy a|les voy a) (?:reportar|denunciar|demandar)\w*"
          r"(?: .*)? si (?:me )?(?:siguen|vuelven|continuan)", ALL, lang="es", free=True),
    _stop(r"(?:esto es|es) (?:spam|acoso)|bloquead[oa]s?|(?:los|la|lo|te) (?:bloquee|voy a"
          r" bloquear)", ALL, lang="es", whole=True),
    _stop(r"(?<!no es )(?<!no es el )(?<!no es un )(?<!digan que es )(?<!diga que es )"
          r"(?:numero|telefono) equivocado"
          r"(?! (?:le|les|te) di\b| (?:fue|es) el que\b)"
          r"(?! (?:en|de) (?:el|la|mi|su) (?:formulario|forma"
          r"|reporte|papel|documento|contrato|solicitud|aplicacion))"
          r"|(?:se )?equivoc\w* (?:de|con el) (?:numero|persona)"
          r"|no vive (?:ningun|ninguna|nadie)|persona equivocada", PHONE, lang="es",
          reason="wrong_person", free=True),
    # "Quisiera no recibir el boletín mensual"
    _stop(r"(?:quisiera|quiero|prefiero|preferiria|prefiero ya) no recibir (?:mas )?(?:el|los|sus"
          r"|estos|las|este) (?P<obj>boletin|boletines|correos|mensajes|emails|llamadas"
          r"|newsletter)",
          "named", lang="es"),
    # --- Spanish: a person decides ------------------------------------------------------------
    _unsure(r"(?:ya )?no (?:me interesa|estoy interesad[oa]|tengo interes|nos interesa)"
            r"(?! (?:el|la|los|las) (?!servicios?|oferta|ayuda|propuesta|abogad)\w+)"
            # "No estoy interesada en el arreglo que me ofrecieron", "no tengo interés en la
            # mediación", "No me interesa hablar más con el ajustador": a step, not the firm
            r"(?! en (?:el|la|un|una) (?:arreglo|acuerdo|mediacion|conciliacion|oferta|settlement"
            r"|reconciliacion)\b)"
            r"(?! hablar (?:mas )?con (?:el|la) (?:ajustador|ajustadora|seguro|aseguranza"
            r"|aseguradora|patron|dueno|abogado de)\b)"
            # "no me interesa lo que ofrece la aseguranza", "la oferta que me mandaron": theirs
            r"(?! lo que\b)(?! (?:la|esa) oferta (?:que|de|del)\b)"
            r"(?! (?!contactar|llamar|escribir|recibir)\w+(?:ar|er|ir)(?:me|nos|se|lo|la|le)?\b)",
            ALL,
            lang="es", free=True),
    _stop(r"(?:tengo|ya tengo|tenemos) (?:un |una |mi )?(?:abogad[oa]|licenciad[oa])\b.*"
          r"\b(?:comuniquense|comuniquese|hablen|hable|contacten|contacte|llamen|traten|dirijanse)"
          r" con (?:el|ella|el directamente|ella directamente)", ALL, lang="es", free=True),
    _unsure(r"(?:demasiad[oa]s|tant[oa]s) (?P<obj>mensajes|llamadas|correos|textos)", "named",
            lang="es"),
    _unsure(r"me (?:tienen|tiene|tienes) (?:hart[oa]|cansad[oa]|fastidiad[oa])", ALL, lang="es"),
    _stop(r"no (?:insistan|insista|insistas|sigan insistiendo|me insistan)(?! (?:con|en) )", ALL,
          lang="es"),
    _stop(r"(?:paren|pare|para|detengan|detenga|corten|corte|suspendan"
          r"|suspenda) (?:ya )?(?:con )?(?:los"
          r"|sus|las|estos|estas|tus) (?P<obj>mensajes|llamadas|correos|textos)", "named",
          lang="es"),
    _unsure(r"(?:muchos|muchas|tantos|tantas) (?P<obj>mensajes|llamadas|correos|textos)"
            r"(?: de ustedes| suyos)?$", "named", lang="es"),
    _stop(r"no soy (?:la persona|quien|el que|la que|el senor|la senora)(?: que)? (?:buscan|busca"
          r"|creen|piensan|ustedes buscan|necesitan)", PHONE, lang="es", reason="wrong_person",
          free=True),
    _unsure(r"do i (?:reply|text|send|say|type) stop(?: or (?:what|how does (?:this|it) work))?",
            "came"),
    _unsure(r"como (?:hago|le hago|puedo|se hace) para que (?:ya )?(?:dejen de|no me sigan)"
            r" (?:llegar(?:me)?|mandar(?:me)?|enviar(?:me)?|escribir(?:me)?|llamar(?:me)?)"
            r"(?: (?:estos|sus|los|las) (?P<obj>mensajes|textos|correos|llamadas))?", "named",
            lang="es", free=True),
    # "what do I reply to stop?": how to stop, asked now; a person decides
    _unsure(r"what (?:do|should|can|would) i (?:reply|text|send|say|type|write|respond|put)"
            r"(?: back)?(?: with)? to (?:stop|opt out|unsubscribe|end|cancel)(?: (?:these|this"
            r"|them|it|getting (?:these|this|them|texts|messages|emails)|the (?:texts|messages"
            r"|emails)))?",
            "came"),
    # --- start again --------------------------------------------------------------------------
    _start(r"(?:start|unstop|subscribe|resubscribe|re subscribe|opt in|optin|opt back in"
           r"|opt me (?:back )?in|resume|start again|subscribe me|resubscribe me|re subscribe me"
           r"|sign me (?:back )?up again|unblock)", "came", whole=True),
    _start(r"(?:you|u|yall) (?:can|may) (?:now )?(?:start )?(?P<obj>(?:text|txt|call|email"
           r"|contact|message|reach out|get in touch)(?:ing)?(?:(?: and| &| or| ,) (?:text|txt"
           r"|call|email|message)(?:ing)?)*)(?: (?:to|with) me| me| this number)? (?:again|now)",
           "named"),
    # "I unblocked you": the person let us back in.
    _start(r"(?:i|we) (?:have |just |finally |already )*unblocked(?: (?:you|yall|u|your number"
           r"|this number|the number))?", PHONE),  # a block stops calls and texts alike
    _start(r"(?:start|resume|keep) sending (?:me )?(?:the |your )?(?P<obj>texts|messages|emails"
           r"|text messages|updates)(?: again)?", "named"),
    _start(r"(?:start|resume|please keep|you can keep|can keep|keep on) (?P<obj>texting|messaging"
           r"|calling|emailing|contacting)(?: me)?(?: again)?", "named"),
    _start(r"(?:sent|texted|replied|typed|wrote|hit|pressed|said|clicked|tapped|pushed)"
           r" (?:stop|unsubscribe|opt out)(?: (?:link|button))? (?:by (?:accident|mistake)"
           r"|accidentally|on accident|in error)", "came", free=True),
    # "I'm back lol text me again", "unblocked now, call or text whenever", "mándenme mensajes
    # otra vez"
    _start(r"(?<!if you )(?<!if u )(?<!never )(?<!not )(?<!ever )(?P<obj>text|call|email"
           r"|message|txt) me again\b(?! (?:and|&) i\b)", "named", free=True),
    _start(r"(?:^|\. )unblocked (?:now|you|u|yall|it|your number)", PHONE, free=True),
    _start(r"(?:mandenme|escribanme|llamenme|textenme|marquenme|contactenme)"
           r" (?P<obj>mensajes |textos |correos )?"
           r"(?:otra vez|de nuevo|nuevamente)", "named", lang="es", free=True),
    # "Please resubscribe me", "opt me back in to all communications", "I stopped by mistake"
    _start(r"(?:please |pls )?(?:resubscribe|re subscribe|re add) me\b", "came", free=True),
    _start(r"opt (?:me|us) back in (?:to|for) (?P<obj>all (?:communications|messages|contact)"
           r"|everything|(?:the |your )?(?:texts|emails|calls))", "named", free=True),
    _start(r"(?:i |we )?(?:stopped|unsubscribed|opted out) (?:\w+ )?(?:by (?:mistake|accident)"
           r"|accidentally)", "came", free=True),
    _start(r"(?:disregard|ignore|cancel|withdraw|forget) (?:that|my|the) (?:earlier |previous"
           r" |prior |last )?request(?: (?:to|that you) (?:stop|not) (?P<obj>\w+))?", "named",
           free=True),
    # The newsletter asked for again: "I'd like to subscribe to your monthly newsletter again",
    # "Quiero volver a recibir el boletín mensual", "sign me back up for the newsletter"
    _start(r"(?:(?:subscribe|sign (?:me )?up|add me|put me) (?:to|for|on) (?:your|the)"
           r" (?:monthly |weekly |quarterly )?(?:newsletter|mailing list|email list|emails)"
           r" (?:again|back)"
           r"|(?:sign (?:me )?back up|add me back|put me back|resubscribe me) (?:to|for|on)"
           r" (?:your|the) (?:monthly |weekly |quarterly )?(?:newsletter|mailing list"
           r"|email list|emails))"
           r"|(?:volver a recibir|recibir otra vez|recibir de nuevo) (?:el|su|sus|los)"
           r" (?:boletin|correos|emails|newsletter)(?: mensual(?:es)?)?", EMAIL, free=True),
    # "Could you turn them back on?", "¿Pueden activar otra vez los mensajes?"
    _start(r"(?:turn|switch) (?:them|it|(?:the |my )?(?P<obj>texts|messages|emails|calls)) back on"
           r"|(?:re)?activar (?:otra vez |de nuevo )?(?:los |mis )?(?:mensajes|textos"
           r"|correos)(?: de texto)?(?: otra vez| de nuevo)?", "named", free=True),
    # "Ya los desbloqueé": unblocked, calls and texts
    _start(r"(?:ya )?(?:los|lo|la|te|les) desbloquee|(?:ya )?desbloquee (?:su|el|este) numero",
           PHONE, lang="es", free=True),
    # "me di de baja de sus correos por error", "ya quiero seguir recibiendo textos"
    _start(r"(?:me di|nos dimos|me he dado) de baja(?: de (?:sus |los |las )?(?P<obj>correos"
           r"|mensajes|textos|llamadas))? (?:por error|sin querer|por equivocacion)", "named",
           lang="es", free=True),
    _start(r"(?:quiero|deseo|quisiera) (?:seguir|volver a) recibi(?:r|endo) (?:sus |los |las )?"
           r"(?P<obj>mensajes|textos|correos|llamadas)", "named", lang="es"),
    # "I'd like to take back my earlier request not to be called"
    _start(r"(?:take back|withdraw|retract|cancel|undo|reverse) my (?:earlier |previous |last"
           r" |prior )?request (?:not to be|to not be|that you not|to stop being|to stop)"
           r" (?P<obj>called|texted|emailed|contacted|messaged|calling|texting|emailing"
           r"|contacting)", "named", free=True),
    # "Por favor vuelvan a agregar mi correo"
    _start(r"(?:vuelvan a|vuelva a|pueden volver a|puede volver a) (?:agregar|poner|anotar"
           r"|incluir|meter|inscribir)(?:me)?(?: (?P<obj>mi correo|mi numero|mi email"
           r"|mi telefono))?",
           "named", lang="es"),
    _start(r"(?:did not|never) (?:mean|want|intend) to (?:unsubscribe|opt out|send stop|text stop"
           r"|reply stop|say stop|type stop|write stop|hit stop|press stop"
           r"|stop (?:the )?(?:texts|messages))", "came", free=True),
    _start(r"(?:accidentally|mistakenly|by mistake) (?:sent|texted|replied|typed|wrote|hit"
           r"|pressed|said) (?:stop|unsubscribe|opt out)", "came", free=True),
    _start(r"(?:want|like|wish) to (?:receive|get|start getting|keep getting|start receiving"
           r"|begin receiving|begin getting|hear from you|hear from yall) (?:\w+ ){0,2}?"
           r"(?P<obj>texts|messages|emails|calls|text messages|updates|notifications|reminders"
           r"|alerts)? ?again", "named"),
    _start(rf"(?:go ahead and|feel free to|you can|you may|u can|it is ok to|it is okay to|its ok"
           rf" to|ok to|okay to|please) (?:now )?(?:start )?(?P<obj>{BASE_RUN}|txt) (?:me|us)"
           r" (?:again|once more|again now)", "named"),
    _start(r"(?P<obj>(?:texting|calling|emailing|messaging|texts|calls|emails|contacting)"
           r"(?: (?:and|&|or) (?:texting|calling|emailing|messaging|texts|calls|emails))?)"
           r" (?:me )?(?:is|are) (?:fine|ok|okay|good|alright|welcome) (?:again|now)", "named"),
    # "Me di de baja por error. ¿Me pueden volver a agregar a su lista de correo?"
    _start(r"(?:me|nos) (?:pueden|puede|podrian|podria|puedes) (?:volver a )?(?:agregar|poner"
           r"|anotar|incluir|meter|inscribir)(?: de nuevo| otra vez)? (?:a|en) (?:su|la|sus)"
           r" lista(?: de (?P<obj>correos?|mensajes|llamadas|emails?))?", "named", lang="es"),
    # "Perdón, sí quiero que me llamen. Me equivoqué": wanted after all, the stop a mistake
    _start(r"(?:perdon|disculpen?|me equivoque|sorry)\b.*\bsi quiero que me (?P<obj>llamen|marquen"
           r"|escriban|contacten|manden mensajes)|\bsi quiero que me (?P<obj2>llamen|marquen"
           r"|escriban|contacten|manden mensajes)\b.*\b(?:me equivoque|perdon|disculpen?)",
           "named", lang="es", free=True),
    # "Start texts again", "ok you can stop not texting me": asked for once more.
    _start(r"start (?:the |your |my )?(?P<obj>texts|text messages|messages|emails|calls|updates"
           r"|texting|calling|emailing)(?: me)?(?: back)? (?:again|back up|up again)", "named"),
    _start(r"stop not (?P<obj>texting|calling|emailing|messaging|contacting)", "named"),
    # "Cancel my stop request": the stop itself taken back.
    _start(r"(?:cancel|undo|reverse|withdraw|take back|retract|ignore|disregard|forget) (?:my|the"
           r"|that|this) (?:earlier |last |previous |first |other )?(?:stop|opt out|optout"
           r"|unsubscribe|alto|baja)(?: (?:request|reply|message|text))?", "came", free=True),
    # "Un-stop. Need to talk to someone", "UNSTOP. I need help": the carriers' word, with more.
    _start(r"un ?stop", "came", free=True),
    _start(r"(?:you|u|yall) (?:can|may) (?:now )?(?:resume|restart|start again|start back up"
           r"|continue)", "came", whole=True),
    _start(r"(?:subscribe|opt in|sign up|opt back in) (?:again|once more)", "came", whole=True),
    _start(r"(?:me arrepenti|me equivoque|cambie de (?:opinion|idea|parecer))\b.*\b(?:si quiero"
           r"|si necesito"
           r"|pueden|sigan|vuelvan|manden|mandenme|escriban|escribanme|llamen|llamenme|contacten"
           r"|contactenme)\b", "named", lang="es", free=True),
    _start(r"(?:add|put|sign|opt)(?: me| us)? back(?: in| on(?: the list)?| up)", "came"),
    # "put me back on your contact list", "add me back to your texting list": the list names it.
    _start(r"(?:add|put|sign) (?:me|us) back (?:on|to|in) (?:your|the|ur) (?P<obj>contact|call"
           r"|calling|text|texting|email|mailing|phone)(?: list)", "named"),
    _start(r"start (?:back up|up again|over)|re ?add me|add me (?:again|back)", "came"),
    # "I'd like updates again", "I want the texts again"
    _start(r"(?:want|like|wish|need) (?:the |your |some )?(?P<obj>texts|messages|emails|calls"
           r"|text messages|updates|notifications|reminders) (?:again|back|once more)", "named"),
    _start(r"(?:want|like|wish) to keep (?:getting|receiving) (?:\w+ )?(?P<obj>texts|messages"
           r"|emails|calls|text messages|updates)", "named"),
    _start(r"(?:add|put|sign|opt) (?:me|us) back", "came"),
    _start(r"(?:resubscribe|re subscribe) me to (?:your |the )?(?P<obj>emails|texts|messages"
           r"|newsletter)", "named"),
    _start(r"(?:ya )?(?:pueden|puede|puedes) (?:volver a )?(?:escribirme|mandarme mensajes"
           r"|textearme|enviarme mensajes|mandarme|llamarme|contactarme)(?: \w+){0,2}"
           r" (?:otra vez|de nuevo|nuevamente)", "named", lang="es"),
    _start(r"(?:quiero|deseo|quisiera|me gustaria) volver a recibir (?:sus |su |la |los |las )?"
           r"(?P<obj>mensajes|textos|llamadas|correos|informacion|noticias|actualizaciones)",
           "named", lang="es"),
    # "I want to un-unsubscribe lol": the stop undone, in one word
    _start(r"un ?unsubscribe|un ?opt out|unstop me", "came", free=True),
    _start(r"(?:me|nos) (?:pueden|puede|puedes) volver a (?P<obj>llamar|marcar|escribir|contactar"
           r"|textear|mandar mensajes|enviar mensajes)|(?:me|nos) (?:pueden|puede|puedes)"
           r" (?P<obj2>(?:llamar|marcar|escribir|contactar|textear|mandar mensajes|enviar mensajes)"
           r"(?: (?:y|o) (?:llamar|marcar|escribir|contactar|textear|mandar mensajes))?)"
           r" (?:otra vez|de nuevo|nuevamente)", "named", lang="es"),
    _start(r"(?:me|nos) (?:pueden|puede) seguir (?P<obj>mandando|enviando|escribiendo|llamando"
           r"|texteando)", "named", lang="es"),
    _start(r"(?:sigan|siga|sigue|continuen|continue) (?P<obj>mandandome|enviandome|escribiendome"
           r"|llamandome|contactandome|texteandome)", "named", lang="es", note="keep on"),
    _start(r"(?:quiero|deseo|quisiera) (?:volver a )?(?:suscribirme|inscribirme|darme de alta"
           r"|registrarme)(?: (?:otra vez|de nuevo|nuevamente))", "came", lang="es"),
    _start(r"(?:empezar|comenzar|iniciar|reanudar|reactivar|alta|darme de alta|suscribir"
           r"|suscribirme|volver a empezar)", "came", lang="es", whole=True),
    _start(r"(?:reanudar|reactivar|activar|volver a activar) (?:los |las |mis |sus )?"
           r"(?P<obj>mensajes|textos|llamadas|correos)", "named", lang="es"),
    _start(r"(?:me equivoque|por error|sin querer)(?: al)? (?:poner|mandar|escribir|enviar"
           r"|responder|contestar|decir) (?:alto|stop|baja|cancelar)", "came", lang="es",
           free=True),
    _start(r"(?:sorry|oops|my bad)?,? ?i (?:said|sent|texted|typed|wrote) (?:stop|unsubscribe)"
           r"(?: by mistake| accidentally| earlier| before| yesterday)?,? ,? (?:but )?i (?:did not"
           r"|didnt) mean (?:it|that|to)",
           "came", free=True),
    _start(r"(?:i )?(?:want|wanna|would like to be|need) back in|unblock (?:me|my number|this"
           r" number)", "came", whole=True),
    # "perdon le pique stop x error", "le di a parar sin querer": tapped by mistake
    _start(r"(?:mande|envie|puse|escribi|respondi|conteste|dije|(?:le |les )?(?:pique|puse"
           r"|di|aplaste|presione|oprimi|toque)(?: a)?) (?:el |la )?(?:alto|stop|baja|cancelar"
           r"|parar|detener) (?:(?:por|x) (?:error|equivocacion|accidente)|sin querer|de"
           r" casualidad|by accident|by mistake)", "came", lang="es",
           free=True),
    # "Por texto no, por favor. Llámenme mejor"
    _stop(r"por (?:texto|mensaje|whatsapp)s? no(?! (?:puedo|se|pude|me|le|les|hay|tengo|llega"
          r"|llegan|funciona|sirve|entiendo)\b)", SMS, lang="es", free=True),
    # "Ahora sí pueden llamarme, ya cambié de turno"
    _start(r"ahora si (?:me )?(?:pueden|puede) (?P<obj>llamar|escribir|textear|mandar mensajes"
           r"|contactar)(?:me)?", "named", lang="es", free=True),
    # "I replied stop to the wrong text ... Keep sending", "I messed up and typed stop", "Please
    # don't unsubscribe me. I clicked the link … by accident" ("no, don't take me off the list"
    # alone is a reply)
    _start(r"(?:replied|sent|texted|typed) stop to the wrong (?:text|message|number|thread)",
           "came", free=True),
    _start(r"(?:messed up|my bad|oops) and (?:typed|sent|hit|texted|pressed) stop", "came",
           free=True),
    _start(r"(?:do not|dont) (?:unsubscribe me|take me off)\b.{0,80}\b(?:by accident|by mistake"
           r"|accidentally)", "came", free=True),
    # "ok to call and text this number again"
    _start(r"(?:ok|okay|fine|alright) to (?P<obj>(?:call|text|email)(?: (?:and|or|&) (?:call|text"
           r"|email))?) (?:me |us |this number |this phone )?again", "named", free=True),
    # Haitian Creole "Kòmanse ankò", "Ou mèt voye mesaj ankò" (send messages again); Portuguese
    # "Pode voltar a mandar mensagem"; Polish "Możecie znowu pisać" (you may write again)
    _start(r"komanse anko|(?:ou|nou) (?:met|kapab|ka) voye (?:mesaj|tex) anko", "came",
           lang="ht", free=True),
    _start(r"(?:pode|podem) voltar a (?:mandar|enviar) (?:mensage\w*|sms)", "came", lang="pt",
           free=True),
    _start(r"(?:mozecie|mozesz|mozna) (?:znowu|znow|ponownie) (?:pisac|dzwonic)", "came",
           lang="pl", free=True),
    # "oops meant to type start not stop"
    _start(r"(?:meant|wanted|mean|tried) to (?:type|send|say|text|hit|write|reply|put|press)"
           r" start(?:,)? (?:not|instead of) stop", "came", free=True),
    # "Please disregard my earlier message asking you to stop", "Sí quiero que me sigan
    # mandando textos", "changed my mind, I do want to talk to somebody": wanted after all.
    _start(r"(?:disregard|ignore|forget) (?:that|my|the) (?:earlier |previous |prior |last"
           r" |other )?(?:message|text|reply|email|response) (?:(?:asking (?:you )?|telling you"
           r" |saying )?(?:to )?(?:stop|no|unsubscribe|remove me|not to (?:call|text|email"
           r"|contact))|about (?:stopping|the stop|opting out|unsubscribing))", "came", free=True),
    _start(r"retiro lo que (?:dije|les dije|escribi)|(?:si )?quiero (?:suscribirme|inscribirme"
           r"|darme de alta) a (?:los|sus) (?P<obj>mensajes|correos|textos)", "named", lang="es",
           free=True),
    _start(r"(?:vuelvanme|vuelvame) a (?:agregar|poner|anotar|incluir)(?: a la lista de"
           r" (?P<obj>correos|mensajes|textos))?", "named", lang="es"),
    _start(r"(?:please )?resume (?:contact|contacting me)(?: by (?P<obj>(?:phone|email|text)"
           r"(?: or (?:phone|email|text))?))?", "named", free=True),
    _start(r"(?:olvide|olviden|ignore|ignoren|disculpen) (?:mi|el) (?:mensaje|texto|correo)"
           r" (?:anterior|de antes)(?: de que (?:no me interesa(?:ba)?|ya no|no))?", "came",
           lang="es", free=True),
    _start(r"(?:please )?keep me on(?: (?:the|your) (?:list|texts|emails))?(?= \.|$)", "came",
           free=True),
    _start(r"(?:si )?quiero que me sigan (?P<obj>llamando|(?:mandando|enviando) (?:mensajes|textos"
           r"|correos)|escribiendo)", "named", lang="es"),
    _start(r"(?:changed my mind|had a change of heart)(?: ,)? (?:please )?(?P<obj>call|text"
           r"|contact) (?:me|us)", "named", free=True),
    _start(r"(?:changed my mind|had a change of heart)\b.*\b(?:reach out|(?:i am|im|we are) ready)",
           "came", free=True),
    _start(r"(?:changed my mind|had a change of heart)\b.*\b(?:(?:i|we) (?:do |really |actually )*"
           r"(?:want|need) (?:to talk|help|a lawyer|an attorney|your help|to go ahead|to move"
           r" forward)|(?:i am|we are) interested)", "came", free=True),
    # "Took back my stop, I'm interested again", "vuelvan a suscribirme a sus correos", "I hit
    # unsubscribe on the last email by accident"
    _start(r"(?:took|take|taking) back (?:my (?:stop|opt out|unsubscribe)|what i said(?: earlier"
           r"| before)?)|(?:i am|im|we are) interested again|(?:nvm|never mind|nevermind) i (?:do"
           r"|really do) (?:want|need) (?:help|a lawyer|an attorney)", "came", free=True),
    _start(r"ya (?:me|nos) (?:pueden|puede) (?P<obj>(?:llamar|escribir|mandar mensajes"
           r"|textear)"
           r"(?: (?:y|o) (?:llamar|escribir|mandar mensajes|textear))?)", "named", lang="es"),
    _start(r"(?:vuelvan|vuelva) a (?:suscribirme|inscribirme|agregarme|anotarme)(?: a (?:sus|los)"
           r" (?P<obj>correos|mensajes|textos))?", "named", lang="es"),
    _start(r"(?:hit|clicked|pressed|tapped) (?:stop|unsubscribe|opt out) on (?:the|your|that)"
           r" (?:last )?(?:email|text|message) (?:by (?:accident|mistake)|accidentally)", "came",
           free=True),
    # --- help ---------------------------------------------------------------------------------
    _help(r"kto to|kto pisze|kto mowi|quem e|quem fala|quem e voce|quem sao voces|quem e este",
          lang="pl"),
    _help(r"ai vay|ai day|ai the|ai dang nhan tin(?: vay)?", lang="vi"),
    _help(r"waa kuma|waa ayo|kuwee tihiin", lang="so"),  # Somali: who is this?
    _help(r"koj yog leej twg|koj yog hwm twg|leej twg|qhov no yog dab tsi", lang="hmn"),
    _help(r"maxay tahay (?:fariintan|farriintan|tan)|maxaa (?:kan|tan) ah", lang="so"),
    _help(r"kiyes ki la a|kiyes ou ye|ki moun sa a", lang="ht"),  # Haitian: who is it?
    _help(r"help|info|information|more info|more information|help please|help me please|help me"
          r"|ayuda"
          r"|informacion|mas informacion|mas info|info por favor|necesito informacion"),
]  # fmt: skip


# --- matching -----------------------------------------------------------------------------


def _es_channels(words: str) -> frozenset[str]:
    return frozenset().union(*(ch for pattern, ch in _ES_CHANNELS if pattern.search(words)))


es_channels = _es_channels  # the channels Spanish words name, for optout


def _scope(phrase: Phrase, m: re.Match[str], clause: str, channel: str) -> frozenset[str]:
    if isinstance(phrase.scope, frozenset):
        return phrase.scope
    if phrase.scope == "came":
        return frozenset({channel})
    if phrase.scope == "context":
        return CONTEXT
    words = m["obj"] if "obj" in m.re.groupindex and m["obj"] else m[0]
    if re.search(r"\b(?:correos?|emails?|e mails?|llamadas?)\b", words):
        words = re.sub(r"\bescrib\w*", " ", words)  # "no me escriban más correos": the email
    named = channels_in(words) | _es_channels(words)
    if not named and phrase.intent == "start":
        return frozenset({channel})
    if phrase.intent == "start" and re.search(
        r"\beverything\b|\ball (?:communications|contact)", words
    ):
        return ALL  # "opt me back in to everything"
    if not named and phrase.scope == "named-or-context":
        return CONTEXT  # "Favor de darme de baja" beside "no deseo correos ni llamadas"
    return named or ALL


# "send the agreement by email instead of text": how a document travels, not a revocation.
_DOCUMENT = re.compile(
    r"\b(?:send|sent|forward|mail|get)\b.*\b(?:the|a|my|this|that|your) (?:\w+ )?(?:agreement"
    r"|forms?|papers?|documents?|contract|report|retainer|file|copy|letter|paperwork|link)\b"
)


# "call me rather than emailing if something is urgent": the way to reach the person in a hurry,
# not a channel refused.
_WHEN_URGENT = re.compile(
    r"\b(?:if|when|whenever) (?:something|anything|it|there is something|there is anything)"
    r" (?:is |s |gets |comes up that is )?(?:urgent|important|an emergency|time sensitive|pressing)"
    r"|\b(?:for|with|about) (?:anything|something|things|stuff|matters) (?:urgent|important"
    r"|time sensitive)|\bin (?:an|case of(?: an)?) emergency"
    r"|\bif (?:it is|its) (?:urgent|an emergency)"
)


# "no me llamen con número privado": how the call comes, not whether.
ES_HOW = re.compile(
    r"^\s*(?:con|desde|de) (?:un )?numero (?:privado|oculto|bloqueado|desconocido)"
    # "no me manden mensajes en inglés, mejor en español": which language, not whether
    r"|^\s*(?:mensajes |textos |correos |nada )?en (?:ingles|english|espanol|spanish)\b"
    r"|^\s*(?:nada )?por correo (?:postal|normal|regular)\b"
    # "No me llamen al número de la casa, mejor a este celular": which number, not whether
    r"|^\s*(?:al|a mi|en mi|en el) (?:numero|telefono|cel\w*) (?:de (?:la |mi )?(?:casa|trabajo"
    r"|oficina))"
)


_IN_NO_WAY = re.compile(
    r"\b(?:de|en) ningun[ao]? (?:forma|manera|modo)\b|\bpor ningun (?:medio|lado)\b"
)


def _guarded(phrase: Phrase, clause: str, m: re.Match[str]) -> bool:
    if phrase.note == "switch" and (_DOCUMENT.search(clause) or _WHEN_URGENT.search(clause)):
        return False
    if phrase.free or phrase.whole:
        return True
    prefix = clause[: m.start()]
    if phrase.lang == "es":
        if phrase.intent == "stop" and not phrase.whole:
            # "de ninguna forma" is how firmly, not a form to fill
            rest = _IN_NO_WAY.sub(" ", clause[m.end() :])
            if es_reported(prefix) or any(
                pattern.search(rest) for pattern in (ES_NOT_NOW, ES_THINGS, ES_THIRD, ES_HOW)
            ):
                return False
        return not _ES_NEGATED.search(prefix) and not _ES_OTHERS.search(prefix)
    return not negated(prefix) and actor(prefix) != "other"


# "Enough" said of someone else's doing, in a reply that says nothing of being contacted: "My
# landlord won't fix the steps. I fell twice. Enough", "Enough is enough, the insurance
# company is giving me the runaround".
_SOMEONE_ELSES = re.compile(
    r"\b(?:landlord|insurance|insurer|adjuster|adjusters|boss|employer|doctor|doctors|hospital"
    r"|ex|husband|wife|driver|company|companies|collector|collectors|bank|seguro|aseguradora"
    r"|ajustador|jefe|patron|casero|doctor|hospital|suegra|suegro|ex esposo|ex esposa)\b"
)
_ABOUT_CONTACT = re.compile(
    r"\b(?:text\w*|txt\w*|call\w*|messag\w*|msgs?|e ?mail\w*|contact\w*|spam\w*|you|u|yall"
    r"|your|ustedes|mensaj\w*|llam\w*|correo\w*|escrib\w*)\b"
)


# "puse alto sin querer, sigan mandándome mensajes": keeping on after a stop sent to us, not
# "le dije STOP a la otra firma, no a ustedes".
_UNDOES_OUR_STOP = re.compile(
    r"^(?!.*\b(?:no a ustedes|a (?:la|el|los|las) otr[oa]s?)\b).*\b(?:stop|alto|baja|cancelar"
    r"|cancele|unsubscribe)\b"
)


def _fed_up_with_others(message: str) -> bool:
    return bool(_SOMEONE_ELSES.search(message)) and not _ABOUT_CONTACT.search(message)


_FORM_ANSWER = re.compile(r" \. (?:yes|no|si|n a|none|not yet)\b")


@functools.cache
def _compiled_phrases() -> tuple[tuple[Phrase, re.Pattern[str]], ...]:
    return tuple((phrase, phrase.pattern) for phrase in PHRASES)


def phrase_hits(normal: str, channel: str) -> Iterator[Hit]:
    """Every phrase of the table found in normalised `normal`, clause by clause. A whole-clause
    start or help ("yes", "ayuda") counts only as the whole message."""
    message = " ".join(normal.replace(",", " ").replace(".", " ").split())
    for sentence in (s.strip() for s in re.split(r"\s\.\s|\bbut\b|\bpero\b", f" {normal} ")):
        if not sentence or sentence == ".":
            continue
        clauses = [c.strip() for c in sentence.split(" , ") if c.strip()]
        for clause in [*clauses, sentence] if len(clauses) > 1 else clauses:
            for phrase, pattern in _compiled_phrases():
                if phrase.whole and clause == sentence and len(clauses) > 1:
                    continue
                if phrase.whole and phrase.intent != "stop" and clause != message:
                    continue
                m = pattern.fullmatch(clause) if phrase.whole else pattern.search(clause)
                if (
                    m
                    and phrase.whole
                    and (at := normal.find(clause)) >= 0
                    and _FORM_ANSWER.match(normal, at + m.end())
                    and re.search(r"\b\d{1,2} \. $", normal[:at])
                ):
                    continue  # "3. Reported: yes, same day to my manager": a form's field
                if phrase.note == "fed up" and _fed_up_with_others(message):
                    continue
                if phrase.note == "keep on" and not _UNDOES_OUR_STOP.search(message):
                    continue  # "sigan mandándome updates" alone goes on, as "keep texting me"
                if m and _guarded(phrase, clause, m):
                    limited = phrase.lang == "es" and bool(
                        _ES_LIMIT.search(clause[m.end() :])
                        or ES_WHEN_BEFORE.search(clause[: m.start()])
                    )
                    yield Hit(
                        f"{phrase.intent} phrase ({phrase.lang})"
                        if phrase.sure
                        else f"unsure ({phrase.lang})",
                        m[0],
                        _scope(phrase, m, clause, channel),
                        sure=phrase.sure and not limited,
                        reason=phrase.reason,
                        intent=phrase.intent,
                    )
