"""Replies read by the situation they tell of, not by a phrase (compliance.optout).

- On behalf of the person the phone or address belongs to: "Mi mamá no quiere que la llamen",
  "This phone belongs to a 14 year old. Do not text or call her again", "My father passed
  away. Please remove him from all your lists" — a stop, though "her" is not "me".
- The matter over: "case settled last month, no need to keep reaching out" (a stop), "we're
  fine now, me and my ex worked it out", "never mind, the landlord fixed everything" (unsure).
- A stop told again with a complaint: "I told you guys last week to stop. This is your last
  warning" — a stop, where "I told you to stop, call me now" is a start (optout).
- A stop someone else sent, taken back: "Perdón, mi hijo les mandó STOP. Sí necesito el
  abogado", "My wife replied stop on my phone. Please don't stop" — a start.
- A hedge: "I almost blocked you", "I nearly hit unsubscribe" — nothing was done.
- A go-away insult: "🖕", "Váyanse al carajo".
- A request backed by a threat: "Remove me or I'm calling my lawyer" (about contact only).
- Blocking us, in any tense: "lol blocking you", "blocked ur number", "ya los bloqueé".
- Sarcasm and complaints of spam: "lawyer spam, love that for me", "persistent aren't we"
  (unsure).
- A channel never read: "text me instead, I never check email" (an unsure stop of email).

Works on text from optout_text.normalise, except `insult_only`, which reads the raw reply
(normalise drops emoji).
"""

from __future__ import annotations

import re

from steadfast.compliance.optout_english import ALL, PHONE, Hit, caused_other, channels_in
from steadfast.compliance.optout_phrases import es_channels

EMAIL = frozenset({"email"})

# Who the phone or address belongs to, when it is not the person writing.
_OWNER = re.compile(
    r"\b(?:my|mi|our) (?:mom|mother|mama|madre|dad|father|papa|padre|son|daughter|hijo|hija|kid"
    r"|child|husband|wife|esposo|esposa|marido|grandma|grandmother|grandpa|grandfather|abuela"
    r"|abuelo|brother|sister|hermano|hermana|aunt|uncle|tia|tio)s?\b"  # "my daughter's phone"
    r"|\b(?:passed away|died|deceased|fallecio|murio|fallecido|fallecida)\b"
    r"|\b\d{1,2} (?:year old|years old|yr old|anos)\b|\bminor\b|\bmenor de edad\b"
    r"|\b(?:he|she) is \d{1,3}\b|\b(?:he|she) (?:does not|doesnt) have this (?:number|phone)"
    r"|\b(?:this is|soy|habla) (?:la |el )?(?:[a-z]+ s |(?:hija|hijo|esposa|esposo|nieta|nieto"
    r"|hermana|hermano|mama|papa) de )"
    r"|\bthis is (?:her|his|their) (?:daughter|son|wife|husband|mother|father|mom|dad|sister"
    r"|brother|caregiver|grandson|granddaughter)\b|\bdementia\b"
    r"|\b(?:hospice|social worker|caregiver|guardian|power of attorney|poa)\b"
    r"|\b(?:this|the) (?:phone|number|cell|line) (?:belongs|is) (?:to|for)\b"
    r"|\b(?:este|el) (?:cel|celular|telefono|numero) es de\b"
    # "This is Darnell's wife", "Soy la nieta", "mi abuelita", "He don't need no lawyer"
    r"|\bthis is [a-z]+s (?:wife|husband|mom|mother|dad|father|daughter|son|sister|brother"
    r"|grandson|granddaughter|caregiver)\b"
    r"|\bsoy (?:la |el |su )?(?:nieta|nieto|hija|hijo|esposa|esposo|hermana|hermano)\b"
    r"|\bmi (?:abuelita|abuelito|mami|papi|viejita|viejito)\b"
    r"|\bi (?:handle|manage|run|check|take care of|look after) (?:her|his|their) (?:email|e mail"
    r"|phone|mail|account|texts)\b"
    r"|\b(?:he|she|grandpa|grandma|granny|grandmother|grandfather|mom|dad|mama|papa) (?:do not"
    r"|does not|dont|doesnt) need (?:no |a |any )?(?:lawyer|attorney|help)\b"
)
# A request not to contact that person: "do not text or call her again", "remove him from all
# your lists", "doesn't want any calls or texts", "no quiere que la llamen", "no lo contacten".
_FOR_THEM = re.compile(
    r"\b(?:do not|never|stop|quit|please do not|no longer) (?P<obj>(?:(?:call|text|contact|email"
    r"|message|bother|reach out to|calling|texting|contacting|emailing|messaging|bothering)"
    r"(?: or | and | , )?)+) (?:him|her|them)\b"
    r"|\b(?:remove|take|delete|get) (?:him|her|them|his (?:number|name|info)|her (?:number|name"
    r"|info))(?:(?: and [a-z ]{1,20}?)? (?:from|off)\b(?! the (?:lawsuit|case|claim|suit|deed"
    r"|lease|title|account))| ?\.?$)"
    # "Please stop sending him these messages"
    r"|\b(?:stop|quit|do not|please do not) (?:sending|send) (?:him|her|them)(?: (?:these|any"
    r" more|anymore|more|any|your))?(?: (?P<obj4>messages|texts|emails|mail|letters))?"
    r"|\bleave (?:him|her|them) (?:alone|be)\b"
    # "Please take my mom off your list, she has dementia"
    r"|\b(?:take|get|remove|delete) (?:my|our) (?:mom|mother|dad|father|grandma|grandmother"
    r"|grandpa|grandfather|husband|wife|son|daughter|aunt|uncle)(?: s (?:name|number|email|info))?"
    r" (?:off|from) (?:your|the|all|this|that) (?:\w+ )?(?P<obj5>list|lists|calls|texts|emails"
    r"|mailing list|email list|newsletter)\b"
    r"|\b(?:ella|el|mi [a-z]+) (?:ya )?no necesita (?:un |una |el )?(?:abogad[oa]|ayuda"
    r"|licenciad[oa])\b"
    r"|\b(?<!not )(?<!wont )(?<!keeps )(?<!keep )(?:do not|never|stop|please do not)"
    r" (?P<obj3>contact|call|text|email|message|bother"
    r"|calling|texting|contacting|emailing|messaging) (?:my|our) (?:grandmother|grandma|grandfather"
    r"|grandpa|mother|mom|father|dad|son|daughter|husband|wife|aunt|uncle)\b"
    r"|\bno (?:contactarl[oa]s?|llamarl[oa]s?|escribirles?|molestarl[oa]s?|buscarl[oa]s?)\b"
    r"|\b(?:eliminen|borren|quiten|eliminar|borrar) (?:sus|su) (?:datos|numero|informacion"
    r"|contacto|correo)\b"
    r"|\b(?:he|she|they|my (?:mom|mother|dad|father|son|daughter|husband|wife|grandma|grandpa"
    r"|grandmother|grandfather|kid|child)) (?:does not|do not|did not|never)"
    r" (?:want|wants|wish|agree|agreed)"
    r" (?:to (?:get|receive|be) )?(?:any |these |your |the |any more |more )?(?P<obj2>(?:(?:calls"
    r"|texts|emails|messages|contact|newsletters?|mailings|called|texted|contacted)(?: or | and"
    r" | , )?)+)"
    r"|\bno (?:quiere|quieren|desea) que (?:la|lo|los|las|le|les) (?P<es>\w+(?: (?:ni|o|y)"
    r" (?:le |la |lo )?\w+)*)"
    r"|\b(?:ya )?no (?:la|lo|los|las|le|les) (?P<es2>(?:llamen|contacten|molesten|escriban"
    r"|busquen|manden|textee\w*)(?: (?:ni|o|y) (?:la |lo |le )?\w+)*)"
)


# The relative cannot answer for themselves: old age, dementia, a minor, a death.
_VULNERABLE = re.compile(
    r"\b(?:he|she) is \d{2,3}\b|\bdementia\b|\balzheimer\w*|\bconfus\w+|\bpassed away\b|\bdied\b"
    r"|\bminor\b|\b\d{1,3} (?:years old|year old|yr old)\b|\bupset (?:her|him)\b"
)


# "my mom passed in december. this was her email. please remove it.": the owner gone, the
# address or number to be dropped
_OWNER_GONE = re.compile(
    r"\b(?:passed|passed away|died|deceased)\b.*\bthis (?:was|is) (?:her|his|their) (?:email"
    r"|e mail|number|phone|cell)(?: address)? (?:\. |, )?(?:please |pls )?(?:remove|delete"
    r"|take off|cancel|close) (?:it|this)\b"
)


# A lawyer for the person: "This office represents Mr. Luis Alvarez … Please direct all further
# communications regarding Mr. Alvarez to the undersigned": no contact with the person
_REPRESENTED_BY = re.compile(
    r"\b(?:this|our) (?:office|firm) represents\b.*\b(?:direct|send|address) all"
    r" (?:further |future )?(?:communications?|correspondence|contact)\b"
)


def represented(normal: str) -> Hit | None:
    """Counsel for the person asks that all contact go through them: a stop of every channel."""
    if m := _REPRESENTED_BY.search(normal):
        return Hit("represented by counsel", m[0], ALL)
    return None


def owner_gone(normal: str, channel: str) -> Hit | None:
    """A relative asks that a dead person's address or number be dropped: a stop of it."""
    if m := _OWNER_GONE.search(normal):
        return Hit("the owner died", m[0], frozenset({channel}))
    return None


def on_behalf(normal: str) -> Hit | None:
    """A stop asked for the person the phone or address belongs to."""
    if not _OWNER.search(normal):
        return None
    if re.search(
        r"\buse (?:mine|my (?:number|phone|cell))\b|\bthis is my (?:cell|number|phone)(?= \.|$)"
        r"|\b(?:text|call) me (?:instead|here)\b",
        normal,
    ):
        return None  # "my wife says stop texting her phone lol, use mine": reach the writer
    # "tell the other insurance to stop calling my mom": asked of someone else, not of us
    asked = [m for m in _FOR_THEM.finditer(normal) if not caused_other(normal[: m.start()])]
    if not asked:
        return None
    channels = frozenset().union(
        *(
            channels_in(m["obj"] or m["obj2"] or m["obj3"] or m["obj4"] or m["obj5"] or "")
            or es_channels(m["es"] or m["es2"] or "")
            for m in asked
        )
    )
    if all(m["obj3"] for m in asked) and not _VULNERABLE.search(normal):
        return None  # "Don't call my wife": about someone else, for a person to read
    m = asked[0]
    if re.search(
        r"\b(?:a|to|en|on|at) (?:this|este) (?:number|phone|numero|telefono|cel)\b"
        r"|\b(?:this|it) is (?:my \w+|his|her|their) (?:phone|number|cell)\b"
        r"|\b(?:este|el) (?:cel|celular|telefono|numero) es de\b",
        normal,
    ):
        channels = (channels - {"email"}) | PHONE  # "ya no manden nada a este número"
    elif not channels and re.search(
        r"\b(?:email|mailing) list\b|\b(?:this|her|his|their) (?:email|e mail) (?:address )?is\b"
        r"|\bthis is my \w+ s? ?email\b",
        normal,
    ):
        channels = EMAIL  # "This is my mother's email ... get her off your email list"
    return Hit("on behalf of the owner", m[0], channels or ALL)


# "No need to keep reaching out", "no need for further follow-ups": the person says the
# contact is not wanted.
_NO_NEED = re.compile(
    r"\bno (?:need|reason) (?:to|for) (?:you to )?(?:keep (?:on )?|continue )?(?:any |further"
    r" |more |additional |other )?(?P<obj>reaching out|follow ups?|following up|followups"
    r"|contact(?:ing)?(?: me)?|checking in|check ins|texts|texting|calls|calling|emails"
    r"|emailing|messages|messaging|updates|reach out|follow up|check in|contact (?:me|us)"
    r"|keep in touch|keep (?:texting|calling|emailing|messaging))\b"
    r"|\bno (?:es necesario|hace falta|necesitan) (?:que )?(?:me |nos )?(?:sigan |seguir )?"
    r"(?P<es>\w+)"
)
# "we're fine now, me and my ex worked it out", "the landlord fixed everything. All good", "case
# settled last month": the matter the person wrote about is over.
_OVER = re.compile(
    r"\b(?:worked it out|worked things out|sorted it out|sorted out|fixed"
    r" everything|fixed it|took care of it|taken care of|resolved|settled|all good"
    r"|we are fine"
    r" now|i am fine now|we are good now|we are ok now|ya se arreglo|ya lo arreglamos|ya lo"
    r" resolvimos|ya se resolvio|ya no hace falta|ya no es necesario)\b"
)
# Words that keep the matter going: a question, a need, something still wrong.
_STILL_GOING = re.compile(
    r"\?|\b(?:but|still|need|want|can you|could you|when|how|what|why|help|next|if|unless"
    r"|not|never|see you|tomorrow|tonight|later|talk|meet|call me|text me|appointment|pero"
    r"|todavia|aun|necesito|quiero|cuando|como|que hago|ayuda|manana|luego)\b"
)


def matter_over(normal: str, raw: str) -> Hit | None:
    """The matter is over: a clear "no need to keep reaching out", else an unsure decline."""
    if m := _NO_NEED.search(normal):
        said = m["obj"] or m["es"] or ""
        return Hit("no need for contact", m[0], channels_in(said) or es_channels(said) or ALL)
    if "?" in raw or not (over := _OVER.search(normal)):
        return None
    rest = re.sub(r"\bnever ?mind\b", " ", normal.replace(over[0], " "))
    if _STILL_GOING.search(rest) or len(normal.split()) > 30:
        return None
    return Hit("the matter is over", over[0], ALL, sure=False)


# "I told you guys last week to stop. This is your last warning": a stop told before, asked for
# again with a complaint or a threat.
_TOLD_BEFORE = re.compile(
    r"\b(?:i|we) (?:(?:already|previously|have|had|did|once|just|clearly) )*(?:told|asked"
    r"|begged|requested) (?:you|yall|u|you guys|you people|your firm|your office)"
    r"(?: \w+){0,3}? (?:to stop|to quit|not to (?:call|text|contact|email|message)\w*"
    r"|to leave me alone|to remove me|to take me off)\b"
    r"|\b(?:les|te|le) (?:dije|pedi|escribi) (?:\w+ ){0,3}?que (?:ya no|dejaran|dejen|pararan"
    r"|no me)\b"
)
_AGAIN_ANGRY = re.compile(
    r"\b(?:last warning|final warning|again|still|keep|keeps|how many times|already|times"
    r"|attorney|lawyer|sue|report|police|harass\w*|otra vez|siguen|de nuevo|ultima vez"
    r"|demanda\w*|reportar)\b"
)
_WANTS_BACK = re.compile(
    r"\b(?:changed my mind|situation changed|(?:like|want|love) to (?:hear from|talk|be contacted"
    r"|be added)|contact me|call me|text me|email me|reach out|cambie de opinion|contactenme"
    r"|llamenme|escribanme)\b"
)


def told_again(normal: str) -> Hit | None:
    """A stop told before and repeated with a complaint (not one undone: see optout)."""
    if not (told := _TOLD_BEFORE.search(normal)) or not _AGAIN_ANGRY.search(normal):
        return None
    if _WANTS_BACK.search(normal):
        return None  # "I asked you to stop before but I changed my mind": undone (optout)
    if re.search(
        r"\b(?:and you did|you stopped|thank you for stopping|thanks for stopping)\b", normal
    ):
        return None
    return Hit("stop told again", told[0], channels_in(told[0]) or ALL)


# "Perdón, mi hijo les mandó STOP", "My wife replied stop on my phone": a stop someone else
# sent; with a need of our help beside it, the person takes it back.
_OTHERS_STOP = re.compile(
    r"\b(?:my|mi) (?:\w+ )?(?:son|daughter|kid|kids|child|wife|husband|mom|mother|dad|father"
    r"|brother|sister|friend|roommate|boyfriend|girlfriend|nephew|niece|grandson|granddaughter"
    r"|grandkid|grandkids|grandbaby|grandbabies|cousin|hijo|hija|hijos|esposo|esposa|marido|primo|prima"
    r"|mama|papa|hermano|hermana|amigo|amiga|novio|novia|nieto|nieta|sobrino|sobrina)"
    r" (?:\w+ ){0,6}?(?:replied|sent|texted|typed|wrote|hit|put|answered|responded|pressed"
    r"|clicked|mando|puso|envio|respondio|contesto|escribio|les mando|le mando|les puso)"
    r"(?: with| el| un| la| the| a)? (?:stop|alto|baja|unsubscribe|cancel|cancelar|end)\b"
    r"|\b(?:my|mi) (?:\w+ )?(?:wife|husband|esposo|esposa|marido|son|daughter|hijo|hija|mom|mama"
    r"|dad|papa) (?:told (?:you|yall|u|you guys)|said|les dijo|le dijo|dijo) (?:que |to )?(?:no"
    r"|not|stop)\b"
    # "Mija le puso stop sin querer", "el mensaje de STOP lo mandó mi sobrino"
    r"|\b(?:mija|mijo) (?:le |les )?(?:puso|mando|envio|respondio|contesto|escribio)"
    r" (?:stop|alto|baja)\b"
    r"|\b(?:stop|alto|baja) lo (?:mando|puso|envio|escribio) (?:mi|mija|mijo)\b"
    # "the stop was my roommate", "sorry about the stop earlier, my son sent that"
    r"|\bthe (?:stop|unsubscribe) (?:was|came from|is from|was from) (?:my|mi) \w+"
    r"|\bthe (?:stop|alto|unsubscribe)(?: \w+){0,2} (?:,|\.) (?:my|mi) \w+ (?:sent|typed|did"
    r"|wrote|mando|puso|envio) (?:that|it|eso|esto)\b"
)
_WANTS_US = re.compile(
    r"\b(?:(?:i|we) (?:still |do |really |actually )?(?:need|want) (?:a |an |the |your |you )?"
    r"(?:lawyer|attorney|help|consultation|you)|please do not stop|do not stop|keep (?:texting"
    r"|messaging|contacting|calling)|si necesito|si quiero|(?:yo )?necesito (?:el |un |una |la )?"
    r"(?:abogad[oa]|ayuda|consulta)|(?:i|we) (?:do |still |really )?want to hear from (?:you|yall"
    r"|you guys|your (?:firm|office))|(?:yo )?necesito (?:el |un |una |la )?"
    r"(?:abogad[oa]|ayuda|consulta)|sigan|(?:yo )?si quiero seguir"
    r"|(?:quiero|queremos) que (?:me|nos) (?:llamen|escriban|contacten|ayuden)"
    r"|(?:i|we) (?:still |do |really |actually )+want (?:help|to talk)"
    r"|(?:i|we) want to (?:talk|speak) (?:to|with) (?:you|someone|somebody|a lawyer|the lawyer)"
    r"(?: myself)?"
    # "Ok start again", "pero si me interesa, mandenme la info otra vez"
    r"|(?:ok |please |pls )?start (?:again|back up)|si me interesa"
    r"|(?:mandenme|envienme|manden|envien) (?:la |mas )?(?:info|informacion)"
    r"|(?:please |pls )(?:text|call|contact)(?: (?:or|and|&) (?:text|call))?(?: me)?(?: again)?"
    # "I want the messages please"
    r"|(?:i|we) (?:still |do |really )?(?:want|need) (?:the|your|these|those|my) (?:messages|texts"
    r"|emails|updates|reminders))\b"
)


def others_stop_undone(normal: str) -> frozenset[str] | None:
    """Someone else's stop beside the writer's wish to hear from us: the channels that wish
    names ("Please call or text again"), or none named; None when it is not that."""
    if not _OTHERS_STOP.search(normal) or not (wants := _WANTS_US.search(normal)):
        return None
    return channels_in(wants[0])


# Someone else's stop, aimed at the writer or told of by the writer: "My tenant told me to stop
# texting him", "'Don't contact me' is what my landlord said", "Leave me alone is what I keep
# telling him", "I told my sister to stop texting you guys for me".
_TOLD_TO_WRITER = re.compile(
    r"\b(?:told|tells|telling|asked|asks|asking|wants|want|ordered|warned|said to) (?:me|us)"
    r" (?:to )?(?:stop|quit|not to|never|leave)\b"
    r"|\bis what (?:(?:my|the|his|her|he|she|they|i|mi) )?(?:\w+ ){0,2}(?:said|says|told me"
    r"|tells me|keep telling|kept telling|keeps telling|told him|told her)\b"
    r"|\bi (?:told|asked) my \w+ to stop\b"
    # "My tenant texted me 'stop contacting me'", "The property manager emailed me 'do not
    # contact us again'", "the lady at the housing office said quit calling her"
    r"|\b(?:(?:the|my|a|his|her|our) )?(?:property manager|manager|landlords?"
    r" (?:lawyer|attorney)|tenants?(?: (?:lawyer|attorney))?|lady|man|guy|woman|office|clerk"
    r"|caseworker|case worker|housing \w+|insurance|adjuster|employer|boss|hr|company|school"
    r"|bank|collector|neighbor|super)(?: (?:\w+ ){0,4}?)?(?:said|says|emailed (?:me|us)"
    r"|texted (?:me|us)|wrote (?:me|us)|told (?:me|us)|sent (?:me|us) (?:a |an )?(?:letter|email"
    r"|text|notice)(?: saying| that says)?)"
    r"(?= (?:(?:to|that) )?(?:(?:i|we) (?:must|have to|need to) )?(?:stop|quit|not|never|do not"
    r"|cease|leave|no more)\b)"
    # "The caseworker said to stop all contact with him": an order given to the writer
    r"|\b(?:the|my) (?:caseworker|case worker|judge|court|officer|police|doctor|boss|hr"
    r"|advocate|therapist|counselor|probation officer|nursing home) (?:said|says|told (?:me|us)"
    r"|wants (?:me|us)) (?:to )?(?:stop|not to|never)\b"
)
# Someone else's wish not to be contacted, beside the writer's own wish for help: "My brother
# ... said to stop calling him, but I'm the one who needs help", "Mi hermana dice que ya no le
# llamen a ella, pero yo sí quiero la ayuda".
_SOMEONE_ELSE = re.compile(
    r"\b(?:my|mi) (?:\w+ )?(?:brother|sister|mom|mother|dad|father|husband|wife|son|daughter"
    r"|tenant|landlord|ex|cousin|aunt|uncle|hermano|hermana|mama|papa|esposo|esposa|hijo|hija"
    r"|tia|tio|primo|prima|inquilino|suegra|suegro)\b"
)
_BUT_ME = re.compile(
    r"\b(?:but|pero) (?:i am|im|i m) the one\b|\b(?:i am|im) the one (?:you should|who|that"
    r"|with)\b|\bpero yo si (?:quiero|necesito)\b"
    r"|\b(?:but i|i still|i do) (?:still |do )?(?:need|want) (?:the |your )?help\b"
)


def told_to_writer(normal: str, hit: Hit) -> bool:
    """A stop in a sentence that tells of someone else's stop (_TOLD_TO_WRITER), or that is
    someone else's beside the writer's own wish for help (_SOMEONE_ELSE, _BUT_ME)."""
    at = normal.find(hit.words)
    if at < 0:
        return False
    if (
        _SOMEONE_ELSE.search(normal)
        and _BUT_ME.search(normal)
        # "Stop calling me. My son …, but I need help": the writer's own stop
        and not re.search(r"\b(?:me|us|my|mine|mi|nos)\b", normal[at : at + len(hit.words) + 6])
    ):
        return True
    for m in _TOLD_TO_WRITER.finditer(normal):
        start = max(normal.rfind(" . ", 0, m.start()), normal.rfind(" ? ", 0, m.start()))
        ends = [e for e in (normal.find(" . ", m.end()), normal.find(" ? ", m.end())) if e >= 0]
        if start <= at < (min(ends) if ends else len(normal)):
            return True
    return False


# A wrong number told of beside the number to use: this one
_REACH_ME_HERE = re.compile(
    r"\b(?:call|text|reach|contact) me (?:here|at this number|on this (?:number|one))\b"
    r"|\b(?:my|mi) (?:new |correct |real |nuevo )?(?:number|numero)(?: nuevo)? (?:is|es)"
    r" (?:this|este)\b|\b(?:el|la) mio es este\b"
    r"|\b(?:marquenme|llamenme|textenme|escribanme|llamen|marquen)(?: a mi)? (?:aqui|a este)\b"
    r"|\bthis (?:cell|number|phone|one) is (?:the )?(?:best|right|correct|good) (?:one|number)\b"
    r"|\b(?:el bueno|el correcto) es este\b|\beste es el (?:correcto|bueno)\b"
)
# ... and another number it is about: the work line, the house, a relative's, the old one
_OTHER_NUMBER = re.compile(
    r"\b(?:my|the|mi|el|la) (?:work|home|house|office|old|landline|other) (?:number|phone|line)\b"
    r"|\bnumero viejo\b|\bcasa de mi (?:mama|papa|suegra|hermana)\b"
    r"|\bnumero (?:de|del) (?:trabajo|casa|refugio)\b|\ben el refugio\b"
    r"|\b(?:no le llamen|no llamen) a (?:mi|la|el) (?:esposo|esposa|mama|papa|casa)\b"
)
# A wrong number or person that goes on to ask for help, or says it is the wrong person to ask
_WRONG_BUT_ASKS = re.compile(
    r"\bwrong person to ask\b"
    r"|\bwrong (?:person|number|guy|lady)\b,? but (?:i|we)\b.*"
    r"\b(?:help|need|can (?:you|yall|y all))\b"
)


def another_number(normal: str, hit: Hit) -> bool:
    """A wrong number told of beside the number to use (_REACH_ME_HERE) or beside a request
    for help (_WRONG_BUT_ASKS); or a stop of another number named beside this one
    (_OTHER_NUMBER): not a stop of what reached the writer."""
    here = bool(_REACH_ME_HERE.search(normal))
    if hit.reason == "wrong_person" and (here or _WRONG_BUT_ASKS.search(normal)):
        return True
    return here and bool(_OTHER_NUMBER.search(normal))


# "I almost blocked you", "I nearly hit unsubscribe by accident": nothing was done.
_HEDGE = r"\b(?:almost|nearly|was about to|was going to|casi|before i)\s+(?:\w+\s+){0,1}"


def hedged(normal: str, hit: Hit) -> bool:
    return bool(re.search(_HEDGE + re.escape(hit.words), normal))


# "🖕", "😡😡😡", "Váyanse al carajo", "chinga tu madre": go away, as an insult or in anger.
_INSULT_EMOJI = re.compile(r"^[\s🖕😡😠🤬👿💢😤🙄😒🏻🏼🏽🏾🏿.!]+$")
GO_AWAY_ES = re.compile(
    r"\b(?:vayanse|vayase|vete|larguense|largate|lárguense) (?:al carajo|a la (?:verga|mierda"
    r"|chingada|fregada)|a (?:la )?(?:chingar|volar))\b|\bchinga(?:da)? (?:tu|su) madre\b"
    r"|\b(?:a la verga|al carajo) (?:con )?(?:ustedes|sus mensajes|todo)\b"
)


def insult_only(raw: str) -> bool:
    return bool(_INSULT_EMOJI.match(raw)) and any(face in raw for face in "🖕😡😠🤬👿💢😤🙄😒")


# "Remove me or I'm calling my lawyer", "stop or I'll report you": a request with a threat.
_THREAT = re.compile(
    r"\b(?:or|or else|otherwise|o)\s+(?:else\s+)?(?:(?:i|we|yo)\s+)?(?:am |will |ll |m |are |is )?"
    r"(?:going to |gonna )?(?:(?:call|calling|contact|contacting|get|getting) (?:my|our|a|the)"
    r" (?:lawyer|attorney|police|cops|fcc|ftc|attorney general|bar)"
    r"|(?:report|reporting|sue|suing|file|filing)\b"
    r"|(?:los|les|lo|la) (?:demando|reporto|denuncio)|llamo a (?:mi abogado|la policia))"
)
# A complaint to the bar threatened if the contact goes on: "im going to the bar association if
# this doesnt stop", "If I receive one more email, text or phone call from your firm I will file
# a complaint with the Disciplinary Board".
_TO_THE_BAR = re.compile(
    r"\b(?:going|go|report (?:you|yall|this|your firm)|complain|file a complaint|filing a"
    r" complaint|reporting (?:you|yall|your firm)) (?:to|with) (?:the )?(?:state )?(?:bar"
    r"|bar association|disciplinary board|attorney general)\b"
)
# "my landlord keeps texting ... can you help?": someone else's contact, for the firm to stop
_SOMEONE_ELSE_GOES_ON = re.compile(
    r"\b(?:can|could|will|would) (?:you|yall) help\b|\b(?:landlord|ex|boss|collector|collectors"
    r"|creditor|neighbor|he|she|they|him|her|them) (?:keeps?|is|are|will not|has been)\b"
)
_IF_IT_GOES_ON = re.compile(
    r"\bif (?:this|it|you|yall|the (?:texts|calls|emails|messages)) (?:does not|do not"
    r"|will not) stop\b|\bif (?:i|we) (?:receive|get) (?:one more|another|any more"
    r"|anymore)\b|\bone more (?:text|call|email|message)\b"
)
_THREAT_ASKS = re.compile(
    r"^(?:\w+ ){0,3}?(?:remove|stop|quit|leave me alone|take me off|delete|lose|unsubscribe"
    r"|do not|dont|never|no more|cease|dejen|deje|quitenme|borren|no me)\b"
)


_OF_CONTACT = re.compile(
    r"^(?:\w+ )?(?:stop|quit)$|\b(?:me|us|my number|this number|my info|alone|texting|calling"
    r"|contacting|emailing|messaging|texts|calls|emails|messages|list|lists|mensajes|llamadas"
    r"|molestar|escribir|llamar|quitenme|borren|dejen)\b"
)


def threat_stop(normal: str) -> Hit | None:
    """A request to stop backed by a threat: the request is sure."""
    if (
        _TO_THE_BAR.search(normal)
        and (goes_on := _IF_IT_GOES_ON.search(normal))
        and not _SOMEONE_ELSE_GOES_ON.search(normal)
    ):
        return Hit("stop with a threat", goes_on[0], channels_in(goes_on[0]) or ALL)
    for clause in re.split(r"\s[.!]\s", f" {normal} "):
        threat = _THREAT.search(clause)
        if threat and _THREAT_ASKS.match(clause.strip()):
            asked = clause[: threat.start()].strip()
            if "?" in asked or not _OF_CONTACT.search(asked):
                continue  # "fix the lien or I'll sue": a threat about something else
            return Hit("stop with a threat", asked, channels_in(asked) or es_channels(asked) or ALL)
    return None


# "lol blocking you", "blocked ur number", "bloqueando": blocking us, in any tense.
_BLOCKING = re.compile(
    r"(?:^|\b(?:lol|lmao|ok|okay|so|and|just|now|i am|im|i m|i have|i ve|ive|i just|i|we|we are"
    r"|gonna|going to|about to|ya|ya los|ya te|ya les|los|te|les) )"
    r"(?P<verb>blocking|blocked|block|bloqueando|bloqueado|bloqueada|bloquee|bloqueare|bloqueo)"
    r"(?: (?:you|u|yall|you guys|this number|your number|ur number|ur #|your #|this #|you all"
    r"|the number|el numero|este numero|su numero|los|las|ustedes))?(?: (?:now|lol|bye|lmao"
    r"|ya|already|too|and reported|y reportado))*$"
)


def blocking(normal: str) -> Hit | None:
    """The person blocks us: a stop of every channel (the sets' convention)."""
    for clause in re.split(r"\s[.!,]\s", f" {normal} "):
        m = _BLOCKING.search(clause.strip())
        if m is None:
            continue
        before = clause[: clause.find(m["verb"])]
        if re.search(
            r"\b(?:not|no|never|almost|nearly|un|should|can|how|do|did|if|why)\s*$", before
        ):
            continue
        if re.match(
            r"\s*(?:el numero |su numero )?a (?:mi|su|ese|esa|este|el|la) \w+",
            clause[clause.find(m["verb"]) + len(m["verb"]) :],
        ):
            continue  # "Le bloqueé el número a mi ex": someone else blocked
        if m["verb"] == "block" and not re.search(
            r"\b(?:gonna|going to|about to|will|ll)\s*$", before
        ):
            continue  # "block" alone is an imperative to someone else, or a question
        return Hit("blocks us", m[0].strip(), ALL)
    return None


# "This number belonged to my late husband", "He doesn't have this number anymore", "este número
# es nuevo": the number is no longer the lead's, whoever writes.
_NUMBER_NOT_THEIRS = re.compile(
    r"\b(?:this|the) (?:number|phone|cell|phone number) (?:belonged|used to belong|belongs|was)"
    r" to (?:my|a|the|someone|somebody|an?)\b"
    r"|\b(?:he|she|they) (?:does not|do not|no longer|doesnt|dont) (?:have|has|use|uses) (?:this"
    r"|that|the) (?:number|phone|cell)\b"
    r"|\b(?:este|ese) (?:numero|telefono|celular|cel) (?:es nuevo|era de|ya no es de|no es de)\b"
    r"|\b(?:ya )?no (?:tiene|usa) (?:este|ese) (?:numero|telefono|celular|cel)\b"
    r"|\b(?:ya no trabaja|no trabaja|no longer works|does not work|doesnt work) (?:aqui|here)\b"
    # "Not Tasha, she had this number before me", "este número es de una iglesia"
    r"|\b(?:he|she|they|someone|somebody) (?:must have |probably |might have )?(?:had|used to"
    r" have) (?:this|that|the|it)(?: (?:number|phone|cell))?(?: (?:before me|before|last year|a"
    r" while ago))\b"
    r"|\b(?:this|that) (?:is not|ain t|aint|isnt|is no longer) (?:her|his|their) (?:number|phone"
    r"|cell)\b"
    r"|\b(?:i|we) (?:just |only )?got this (?:number|phone|cell) (?:last \w+|recently|a \w+ ago"
    r"|this \w+)\b"
    r"|\b(?:este|ese) (?:numero|telefono|celular|cel) es de (?:una?|la|el) (?:iglesia|negocio"
    r"|empresa|oficina|escuela|tienda|restaurante|taller|clinica)\b"
    r"|\b(?:creo que )?se (?:equivocaron|equivoco)(?: de (?:numero|persona))?(?= \.|$)"
    r"|\bno conozco a (?:ningun|ninguna|nadie que se llame) (?!abogad|licenciad)[a-z]+"
    r"|\b(?:ese|este) numero es mio desde\b|\bpara (?:una|un) tal [a-z]+"
    r"|\b(?:whoever|the person) (?:you are|youre) (?:looking for|trying to reach) (?:is not|isnt"
    r"|is no longer|does not live|doesnt live|does not work|doesnt work) (?:here|at this number)"
    r"|\bthis is a (?:landline|business line|work line|office line) (?:at|for) (?:a|an|the) \w+"
    r"|\b(?:passed away|died|fallecio|murio)\b.*\b(?:this|that|este|ese) (?:number|numero)\b"
    # "this number is not for him", "No one here by the name of Ruth Anderson"
    r"|\b(?:this|the) (?:number|phone|cell) (?:is not|isnt|is no longer) (?:for )?(?:him|her|his"
    r"|hers|theirs|them)\b"
    r"|\b(?:no one|nobody) (?:here )?(?:by|with) (?:the|that) name\b"
)


def number_not_theirs(normal: str) -> Hit | None:
    """The number no longer reaches the lead: calls and texts to it end."""
    if m := _NUMBER_NOT_THEIRS.search(normal):
        return Hit("number not the lead's", m[0], PHONE, reason="wrong_person")
    return None


# Sarcasm and complaints about the amount of contact: "lawyer spam, love that for me",
# "getting kind of spammy", "persistent aren't we", "why do I keep getting these". A person reads.
_COMPLAINT = re.compile(
    r"\b(?:(?:lawyer|law firm|attorney|legal|more|so much|such|total|pure|just) spam"
    r"|spammy|spamming|spam (?:much|again)"
    r"|(?:persistent|relentless|pushy|desperate) (?:are not|arent) (?:we|you|yall|ya)"
    r"|(?:you|yall|you guys|you people) (?:are|re) (?:so |really |very |pretty |quite )?"
    r"(?:persistent|relentless|pushy|desperate|thirsty)"
    r"|why (?:do|does|am) (?:i|my phone) (?:keep |still )?(?:getting|receiving|get) (?:these|this"
    r"|your|all these|so many)"
    r"|love that for me|just what i needed|thanks for the spam"
    # "Honestly the emails are a lot. Five in two days?"
    r"|the (?:emails|texts|calls|messages) are (?:a lot|too much|way too much|excessive"
    r"|overwhelming|too many|nonstop|non stop)"
    # "how many emails are you going to send me??", "cuántos mensajes me van a mandar"
    r"|how many (?:more )?(?:emails|texts|messages|calls|times) (?:are|is|will|do) (?:you|yall|u"
    r"|you guys|you people) (?:going to |gonna )?(?:send|text|call|email|message)"
    r"|cuant[oa]s (?:mas )?(?:mensajes|correos|llamadas|veces) me (?:van a|piensan) (?:mandar"
    r"|enviar|llamar|escribir)"
    # "Sure, keep texting me, I love it", "can't wait for the next 40", "wow another text",
    # "y'all text more than my ex", "u again? no"
    r"|keep (?:texting|calling|emailing|messaging) (?:me )?(?:, )?i (?:just |really |totally )?"
    r"(?:love|enjoy|adore) it"
    r"|can not wait for the next (?:\d+|one|few|hundred|thousand|dozen)"
    r"|(?:wow|oh|great|yay|ugh|omg|lol|cool|awesome|oh look|oh good)(?: ,| \.)? another (?:text"
    r"|call|email|message)"
    r"|(?:yall|you|you guys|you people) (?:text|call|email|message|blow up my phone)(?: me)?"
    r" more than (?:my (?:own )?(?:ex|mom|mother|girlfriend|boyfriend|wife|husband|bank)|anyone)"
    r"|^(?:you|u|yall|this) again (?:\. )?(?:no|nope|ugh|smh|seriously|stop)"
    # "Y'all are blowing up my phone", "¿Cuántas veces me van a llamar al día?", "every single
    # day?? really??", "Oh great, my favorite law firm again"
    r"|(?:yall|you|you guys|you people|u) (?:are |re |r |keep |been |keep on )?(?:blowing|blowin)"
    r" (?:up )?(?:my|ur) (?:phone|cell|line)(?: up)?"
    r"|cuantas veces (?:me )?(?:van a|vana|piensan|quieren) (?:llamar|escribir|mandar|marcar)"
    r"|every (?:single )?(?:day|morning|hour|week|month)(?: \.)? (?:really|seriously|smh|wtf|omg)"
    r"|my (?:favou?rite|fave) (?:law firm|lawyers?|firm|attorneys?|people) again"
    # "You guys have called me like 6 times", "the calls every single hour", "Text number 5",
    # "ya van como 5 mensajes hoy", "cuántos mensajes me van a mandar", "the third email this week"
    r"|(?:you|yall|you guys|you people|u) (?:have |ve )?(?:called|texted|emailed|messaged)"
    r" (?:me )?(?:like |about |over |at least |literally )?(?:\d+|two|three|four|five|six|seven"
    r"|eight|nine|ten|a dozen|a hundred|a million|so many) times"
    r"|(?:the )?(?:calls|texts|emails|messages) (?:\. )?every (?:single )?(?:day|hour|morning"
    r"|night)"
    r"|(?:text|message|email|call) (?:number|#) ?\d+"
    r"|(?:ya )?(?:van|son|llevan|llevo|llevamos) (?:como |mas de |unos |ya )?\d+ (?:mensajes"
    r"|llamadas|correos)"
    r"|cuant[oa]s (?:mensajes|correos|llamadas|veces) (?:me )?(?:van a|vana|piensan|quieren)"
    r" (?:mandar|enviar|hacer|llamar|escribir)"
    r"|(?:this is|that s|thats|its|it s) (?:like |now |literally )?the (?:\d+(?:st|nd|rd|th)?"
    r"|second|third|fourth|fifth|sixth|seventh|tenth|umpteenth|millionth|hundredth) (?:email"
    r"|text|message|call|voicemail)"
    r"|(?:otra vez|de nuevo) ustedes"
    r"|(?:ya )?me (?:llamaron|escribieron|mandaron mensajes|mandaron|marcaron) (?:como )?"
    r"(?:\d+|dos|tres"
    r"|cuatro|cinco|seis|varias|muchas|mil) veces"
    r"|(?:your|ur|the|these) (?:calls|texts|emails|messages) (?:are|r|is) (?:nonstop|non stop"
    r"|constant|endless|relentless|too much|a lot)"
    r"|(?:omg|ugh|smh|bruh|jeez|geez) (?:the|these|all these|all the|so many|with the) (?:texts"
    r"|calls|emails|messages)"
    r"|(?:\d+|two|three|four|five|six|seven|eight|nine|ten) (?:voicemails|calls|texts|messages"
    r"|emails|missed calls|times) (?:in|per|a) (?:one |1 |a |single )?(?:day|morning|hour|week)"
    # "Calling me 3 times in one day is a bit much", "me han llamado como 6 veces hoy", "every
    # day a new text from u guys smh", "Otra vez mensaje?? ya son muchos", "Uff cuántos mensajes"
    r"|(?:calling|texting|emailing) me (?:\d+|two|three|four|five|six|so many) times"
    r"|me (?:han|ha) (?:llamado|escrito|marcado|mandado (?:mensajes|correos)) (?:como |mas de"
    r" |unas )?(?:\d+|dos|tres|cuatro|cinco|seis|varias|muchas|mil) veces"
    r"|every (?:single )?day (?:a new|another|more) (?:text|call|email|message)"
    # "wow 4 texts before lunch, you guys must really miss me", "I got it the first time, you
    # don't need to text me every day", "Me llegan como 3 mensajes diarios", "is there a way to
    # get fewer of these"
    r"|(?:\d+|two|three|four|five|six) (?:texts|calls|emails|messages) before (?:lunch|noon"
    r"|breakfast|\d+)|(?:you|yall|you guys) must (?:really )?miss me"
    r"|i got it the first time|(?:you|u|yall) (?:do not|dont) need to (?:text|call|email) me every"
    r" (?:day|morning|single day)"
    r"|me (?:llegan|mandan) (?:como )?(?:\d+|dos|tres|cuatro|cinco) (?:mensajes|llamadas|correos)"
    r" (?:diarios|al dia|por dia|cada dia)"
    r"|(?:a way|how) to get (?:fewer|less) of (?:these|them|the texts|the emails|the calls)"
    r"|(?:keep it|limit it|limit them|keep them) to (?:like )?(?:once|twice|one time) a (?:week"
    r"|month)|(?:mandan|envian|manda) (?:muchos|demasiados) (?:mensajes|correos)"
    r"|(?:really )?need to (?:email|text|call) me every (?:other )?day"
    r"|^(?:mucho|muchos|tanto|tantos) mensajes?(?: (?:compa|pues|la neta|ya))?$"
    r"|ya me (?:llegaron|han llegado) (?:como |mas de )?\d+ (?:mensajes|correos|llamadas)"
    r"|(?:you|u|yall) (?:do not|dont) (?:have|need) to keep (?:messaging|texting|calling|emailing)"
    r" me"
    r"|(?:otra vez|de nuevo) (?:mensaje|mensajes|llamada|llamadas|correo|correos)\b.*\bya son"
    r" (?:muchos|muchas|demasiados|demasiadas)"
    r"|^(?:uff?|ay|ugh|hijole|nombre|chale|ya|ash) (?:cuantos|cuantas|tantos|tantas) (?:mensajes"
    r"|llamadas|correos)$"
    r"|(?:yall|you|you guys|you people|u) (?:really |just )?(?:do not|dont|never|wont|will not)"
    r" give up"
    # "¿Qué parte de NO no entienden?", "what part of no don't you understand"
    r"|que parte de no no (?:entiende|entienden|entiendes)|what part of no (?:do you not|do not you"
    r"|dont you|do not) understand)\b"
)


def complaint(normal: str, channel: str) -> Hit | None:
    """A sarcastic or weary complaint about the contact, with nothing else asked."""
    if not (m := _COMPLAINT.search(normal)) or len(re.findall(r"\w+", normal)) > 20:
        return None
    rest = normal.replace(m[0], " ")
    if re.search(
        r"\b(?:my|the) (?:ex|boss|adjuster|insurance|landlord|employer|neighbor|husband"
        r"|wife|collector|collectors|debt)\b|\b(?:(?<!not )need|help|can you|could you|how do"
        r"|when|should|my case|my claim|appointment)\b",
        rest,
    ):
        return None  # "why do I keep getting these letters from my insurance?": their matter
    channels = (
        channels_in(normal)
        or es_channels(m[0])
        or (frozenset({channel}) if re.search(r"\b(?:these|this)$", m[0]) else ALL)
    )  # "why do I keep getting these": what came on this channel
    return Hit("complains of the contact", m[0], channels, sure=False)


# "Text me the retainer instead of emailing, I never check email", "I rarely check this account":
# a channel the person does not read — a partial revocation a person confirms. Asking for one
# channel instead of another, with no more said ("can you text me instead of calling?"), is a
# message: a person answers it.
_NEVER_CHECK = re.compile(
    r"\b(?:never|rarely|hardly ever|barely|no longer) (?:really |ever |even )?(?:check"
    r"|read|look at|open|use) (?:my |this |that )?(?P<ch>emails?|e mails?|email account|inbox"
    r"|texts|text messages|messages|voicemails?|account|address)\b"
    # "I am 78 and do not use text messaging"
    r"|\b(?:do not|dont|can not|cannot) (?:use|read|do|check) (?P<ch2>text messaging|texting"
    r"|text messages|texts|email|e mail|emails)\b(?! (?:at|on|during|while|when|before|after)\b)"
    # "no leo los mensajes", "casi nunca reviso el correo"
    r"|\b(?:no|nunca|casi nunca|ya no) (?:leo|reviso|checo|veo|abro|uso) (?:los |el |mis |mi )?"
    r"(?P<es>mensajes|textos|correos?|email|buzon)\b"
)


# "Mejor llámenme, no veo bien las letras", "call me instead, I can't type with this hand":
# calls asked for because the person cannot read or write texts — texts refused, unsure.
_CALL_ME = re.compile(
    r"\b(?:(?:mejor )?(?:llamenme|llameme|llamame)|(?:just |please |pls )?call me (?:instead"
    r"|rather|better))\b"
)
_CANNOT_TEXT = re.compile(
    r"\b(?:no (?:puedo|se) leer|no veo bien|no leo bien|no (?:puedo )?(?:veo|leo) los (?:textos"
    r"|mensajes)"
    r"|(?:can not|cannot|cant|can t) (?:read (?:the |these |your )?(?:texts|messages"
    r"|screen|small print)|see the (?:screen|texts|letters)))\b"
    # "no puedo escribir ahorita, estoy manejando": not now, not never
    r"(?! (?:(?:mucho|much|right) )?(?:ahorita|ahora|now|rn|while|mientras|at the moment))"
    r"(?!.*\b(?:manejando|driving|at work|en el trabajo)\b)"
)


def channel_unread(normal: str, channel: str) -> Hit | None:
    """A channel the person says they never read: an unsure stop of it."""
    if (
        channel == "sms"
        and (call := _CALL_ME.search(normal))
        and (cannot := _CANNOT_TEXT.search(normal))
        and "?" not in normal
    ):
        return Hit("cannot use texts", f"{call[0]} {cannot[0]}", frozenset({"sms"}), sure=False)
    if not (m := _NEVER_CHECK.search(normal)) or "?" in normal[m.end() :]:
        return None
    if re.match(
        r" (?:much|often|that often|every day|daily|on weekends|at work)\b", normal[m.end() :]
    ):
        return None
    said = (
        m["ch"]
        or m["ch2"]
        or {"mensajes": "texts", "textos": "texts", "buzon": "voicemail"}.get(m["es"], "email")
    )
    if "voicemail" in said:
        refused = frozenset({"call"})
    elif "text" in said or said == "messages":
        refused = frozenset({"sms"})
    elif "mail" in said or said == "address" or channel == "email":
        refused = EMAIL
    else:
        refused = frozenset({channel})  # "I rarely check this account"
    return Hit("a channel never read", m[0], refused, sure=False)


# Putting it off with no day named: "Maybe later, I'm dealing with a lot right now", "hold off
# for now", "we'll see", "I'll reach out when I'm ready", "not sure I want to pursue anything",
# "Ahorita no, gracias. Luego les aviso", "por ahora no". Whether to go on at all is left
# open; an unsure stop, so a person decides before the cadence goes on. Where the person names
# a time or asks to be reached ("not right now, call me tomorrow", "hold off until Monday"), it
# is a reply a person answers.
_DEFERS = re.compile(
    # "yo les hablo cuando esté listo"
    r"\b(?:yo )?(?:les|le) (?:hablo|llamo|aviso|escribo|marco|contacto) cuando (?:este|estemos)"
    r" list[oa]s?\b"
    r"|\b(?:maybe (?:later|another time|some other time|down the road|in the future|in a few"
    r" (?:days|weeks|months)|after the holidays|next (?:month|year))"
    r"|(?:hold|holding) off(?: (?:for now|for a while|for the time being|on (?:it|this|that"
    r"|everything|anything|things)))*"
    r"|we ll see|well see|we will see|wait and see|let me think(?: about it)?(?: some more)?"
    r"|(?:i am|im|i m|we are|were|we re) (?:just |really |still )?not ready(?: (?:to|for|yet)\b)?"
    r"|(?:i ll|ill|i will|we ll|we will) (?:let you know|reach out|reach back out|get back to you"
    r"|be in touch|get in touch)(?: later)?(?: (?:when|if|once|whenever) (?:i am|im|i m|we are"
    r"|i|we)"
    r" (?:ready|need|decide|change|want|feel)\b[^.]*)?(?= \.|$)"
    r"|not sure (?:if )?(?:i|we) (?:want|wanna) to (?:do|pursue|go through with|move forward"
    r"|continue|go ahead)(?: (?:this|it|anything|with (?:it|this|anything)))?"
    r"(?: (?:anymore|any more|at this point|right now))*"
    r"|(?:i am|im|i m) (?:kinda |kind of |just |pretty much |honestly )?over (?:it|this)"
    r"|(?:i|we) (?:do not|dont) think (?:i|we) (?:have|got) (?:a|much of a|any) (?:case|claim)"
    r"|(?:idk|i do not know|not sure|no se) (?:if|si) (?:i|we)? ?(?:want|need|quiera|quiero)"
    r" (?:a lawyer|an attorney|to do this|to continue|to go on|seguir)(?: anymore| any more)?"
    r"|(?:i )?(?:just )?want to forget (?:this|it|about it|this whole thing)(?: happened)?"
    r"|can we pause (?:this|it|things)(?: for now)?|(?:i am |im )?still thinking(?: about it)?"
    r"|(?:let us|lets|let s) pause(?: (?:this|it|things))?(?: for now)?"
    r"|(?:i ll|ill|i will) (?:call|reach out|let you know|get back to you) if (?:anything"
    r"|something|things) changes?"
    r"|a lo mejor (?:despues|luego|mas adelante)"
    r"|(?:orita|ahorita|ahora) no tengo tiempo(?: para (?:eso|esto))?|por el momento no"
    r"|(?:vamos|voy) a esperar a ver (?:que pasa|como sale)"
    r"|give me (?:some|a little|more) (?:time|space)(?: (?:for now|please|pls))*"
    r"|(?:^|\. )(?:kinda |kind of )?over it\b"
    r"|(?:let me|lemme) talk to my \w+ (?:first )?(?:and )?get back to (?:you|u|yall)"
    r"|(?:going to |gonna )?(?:just )?(?:handle|deal with) (?:it|this|things) (?:myself|ourselves"
    r"|on (?:my|our) own)"
    r"|ahorita no(?! puedo (?:hablar|contestar))|ahora no puedo(?! (?:hablar|contestar))"
    r"|por ahora no|(?:luego|despues) (?:les|le|te) aviso"
    r"|tal vez (?:mas adelante|despues|luego|otro dia|el (?:proximo|otro) (?:mes|ano))"
    r"|mas adelante|todavia no estoy list[oa]"
    # "maybe in a month", "después les hablo yo", "déjenme pensarlo y yo les marco"
    r"|maybe in a (?:month|week|year|couple (?:of )?(?:weeks|months)|few (?:weeks|months))"
    r"|maybe after(?= \.|$)|(?:luego|despues|ya) (?:vemos|veremos)"
    r"|(?:lo )?(?:vamos a|voy a) pensar(?:lo)?(?: (?:en familia|bien|con calma))?(?: y (?:si acaso"
    r" |si acaso ya )?(?:les|le) (?:avisamos|aviso|hablamos|llamamos))?"
    r"|(?:we ll|well|we will|i ll|ill|i will) (?:reach out|let you know|call|get back to you|be in"
    r" touch) if (?:that|it|this) changes"
    r"|(?<!ahorita no puedo )(?:despues|luego|mas tarde) (?:yo )?(?:les|le) (?:hablo|marco|escribo"
    r"|llamo)(?: yo)?(?= \.|$)"
    r"|(?:dejenme|dejeme|dejame) pensarlo(?: bien)?(?: (?:y|,) (?:yo )?(?:les|le) (?:aviso|marco"
    r"|hablo|escribo|llamo))?)\b"
)
# "until then", "hasta agosto", "until the spring": no day to arrange, only a while to wait.
_A_WHILE = re.compile(
    r"\b(?:until|till|hasta) (?:then|entonces|que|after|the end of|next (?:month|year|spring"
    r"|summer|fall|year)"
    r"|(?:the )?(?:spring|summer|fall|winter|new year)|(?:january|february|march|april|may|june"
    r"|july|august|september|october|november|december|enero|febrero|marzo|abril|mayo|junio|julio"
    r"|agosto|septiembre|octubre|noviembre|diciembre))\b"
)
# A time named or contact asked for: the person is arranging, not putting off.
_ARRANGES = re.compile(
    r"\b(?:call me|text me|email me|llamame|llameme|llamenme|escribeme|me pueden llamar"
    r"|tomorrow|tonight|manana|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes"
    r"|martes|miercoles|jueves|viernes|sabado|domingo|in \d+|until|hasta|next week|works|can you"
    r"|could you|send|paperwork|forms|papers|mail(?:ing)?|surgery|should i|should we|mandenme"
    r"|can (?:someone|somebody|anyone)|explain|my options|this week|appt|appointment|thurs|fri"
    r"|mandame|escribanme|escribeme|en la (?:tarde|noche|manana)|a las \d+|(?:los|le|les) llamo)\b"
)


# Busy at this moment, not putting it off: "no me llamen ahorita, estoy en el trabajo, luego les
# hablo", "Ahorita ando manejando, luego le marco".
_BUSY_NOW = re.compile(
    r"\b(?:ahorita|ahora|orita|right now|rn)\b.*\b(?:manejando|trabajando|en el trabajo|no puedo"
    r" (?:hablar|contestar)|driving|at work|in a meeting)\b"
    r"|\b(?:ando|estoy|voy) (?:manejando|trabajando|en el trabajo)\b"
)


def deferred(normal: str) -> Hit | None:
    """Putting it off with no time named: an unsure stop of every channel."""
    if not (m := _DEFERS.search(normal)) or _ARRANGES.search(_A_WHILE.sub(" ", normal)):
        return None
    if _BUSY_NOW.search(normal):
        return None
    if len(re.findall(r"\w+", normal)) > 45:
        return None
    if re.search(r"\bi (?:know (?:i )?)?(?:said|told you)(?: \w+){0,5}\s*$", normal[: m.start()]):
        return None  # "I know I said last week I was going to handle it on my own, but …"
    return Hit("puts it off", m[0], ALL, sure=False)


# Contact sent to a relative instead: "all contact through my daughter Pam please. Not me", "My
# daughter handles all that now", "talk to my son instead". Whether the firm may still reach the
# writer is for a person to decide: an unsure stop of every channel. "Please also call my
# daughter" asks for more contact, and is a reply.
_KIN_WORD = (
    r"(?:son|daughter|wife|husband|sister|brother|niece|nephew|grandson|granddaughter|mom|mother"
    r"|dad|father|kids?|children|hijo|hija|esposo|esposa|hermano|hermana|sobrin[oa]|niet[oa])"
)
_REDIRECTED = re.compile(
    r"\b(?:all (?:contact|calls|communication|correspondence|of that|that)|everything|please)"
    rf"(?: (?:should|must|has to))?(?: go(?:es)?)? (?:through|thru|to|with) my {_KIN_WORD}"
    r"(?: [a-z]+)?(?: (?:please|instead|from now on))*(?: \. (?:not|no) (?:me|to me))?"
    rf"|\b(?:talk|speak|deal|communicate|call) (?:to|with) my {_KIN_WORD}(?: [a-z]+)? (?:instead"
    r"|not me|from now on)\b"
    rf"|\bmy {_KIN_WORD}(?: [a-z]+)? (?:handles|takes care of|deals with|is handling|manages"
    r"|will handle) (?:all (?:of )?(?:that|this|it|my \w+(?: stuff| things| business)?)|everything"
    r"|my (?:affairs|paperwork|mail|email|legal stuff))(?: (?:now|for me|from now on))*"
    r"(?= \.|$| , (?:please |so )?(?:you ll have to |you will have to |you need to |youll have to"
    r" )?(?:talk|speak) (?:to|with) (?:him|her|them))"
    # "My son is taking care of it for me, y'all can talk to him", "my son is handling all that,
    # call him"
    rf"|\bmy {_KIN_WORD}(?: [a-z]+)? (?:is|s) (?:taking care of|handling|dealing with) (?:it|this"
    r"|that|everything|all (?:of )?(?:that|this|it)|all my \w+)(?: for (?:me|us))?"
    r"(?= \.|$| , (?:(?:you|yall|y all|you guys) (?:can|should|need to|will have to|ll have to) )?"
    r"(?:talk|speak|call|text) (?:to |with )?(?:him|her|them))"
    # "My daughter is the one who needs help, not me. Please talk to her directly"
    rf"|\bmy {_KIN_WORD}(?: [a-z]+)? (?:is|s) the one (?:who|that) needs? (?:help|a lawyer|the"
    r" lawyer|you)(?: ,| \.)? not me\b"
    # "My son is handling the estate, contact him"
    rf"|\bmy {_KIN_WORD}(?: [a-z]+)? (?:is|s) (?:handling|taking care of|dealing with) (?:the|my"
    r"|our|her|his) (?:estate|case|claim|paperwork|probate|house|matter|affairs|business)"
    r"(?= , (?:please )?(?:contact|call|text|email|reach|talk to) (?:him|her|them)\b)"
    # "My brother is the executor, he deals with the lawyer stuff not me"
    rf"|\bmy {_KIN_WORD}(?: [a-z]+)? (?:is|s) the (?:executor|administrator|trustee|personal"
    r" representative|one handling (?:it|this|everything))\b(?= .*\bnot (?:me|to me)\b)"
    # "Please contact my son Andrzej about this, he is handling everything"
    rf"|\b(?:contact|call|reach out to|email|text|write to) my {_KIN_WORD}(?: [a-z]+)? (?:about"
    r" (?:this|it|that)|instead|for this) , (?:he|she) (?:is|s) (?:handling|taking care of|in"
    r" charge of|dealing with) (?:everything|it|this|all of it|all of this)"
    # "Mi esposo es el que se encarga de eso, hablen con él"
    rf"|\bmi {_KIN_WORD}(?: [a-z]+)? es (?:el|la) que (?:se (?:encarga|ocupa) de|ve) (?:eso|esto"
    r"|todo|todo eso|todo esto)\b"
    # "Hable con mi hija ella ve todo eso, yo no entiendo"
    rf"|\b(?:hablen|hable) con mi {_KIN_WORD}(?: [a-z]+)?(?: ,)? (?:ella|el) (?:ve|se encarga de"
    r"|maneja) (?:todo )?(?:eso|esto)\b"
    # "mi hija se encarga de eso, hablen con ella"
    rf"|\bmi {_KIN_WORD}(?: [a-z]+)? (?:se encarga|se ocupa|ve) de (?:eso|esto|todo|todo eso"
    r"|todo esto)(?= \.|$| , (?:hablen|hable|comuniquense|comuniquese) con (?:el|ella))"
    rf"|\b(?:hablen|hable|comuniquense|comuniquese) (?:con|a) mi {_KIN_WORD}(?: [a-z]+)?"
    r" (?:mejor|en vez de a mi|no conmigo|(?:,|\.)? yo no entiendo|(?:,|\.)? (?:el|ella) se"
    r" (?:encarga|ocupa))"
)


# "Please don't call my work number, use my cell": another number to reach the writer at.
_ANOTHER_NUMBER = re.compile(
    r"\b(?:use|call|text|try|reach (?:me|us|her|him) (?:at|on)) (?:my|this|her|his) (?:cell|number"
    r"|phone|mobile|personal)|\b(?:text|call|email) (?:her|him|them) (?:at|on)\b|\d{3}\W*\d{4}\b"
    r"|\bmy cell\b"
)
# "dont call my job again. if you need me text": calls where they reach the writer at work.
_CALLS_AT_WORK = re.compile(
    r"\b(?:do not|never|stop|quit|no more|no) (?:call|calling|ring|ringing|calls to|calls at)"
    r"(?: me at)? my (?:job|work|workplace|work number|work phone|office|work line)\b"
    r"|\b(?:do not|never|no) (?:call|calls|calling) (?:me )?at the (?:dairy|shop|job site"
    r"|jobsite|site|plant|warehouse|store|farm|ranch|restaurant|hotel|yard|office|job)\b"
)
_SOMEONE_ELSE_CALLS = re.compile(
    r"\b(?:get|make|have) (?:them|him|her|the \w+) (?:to )?stop\b|\b(?:collectors?|they|he|she"
    r"|creditors?|adjusters?|my ex)\b"
)


def calls_at_work(normal: str) -> Hit | None:
    """Calls to the writer's job refused, with no other number given: a stop of calls."""
    m = _CALLS_AT_WORK.search(normal)
    if not m or _ANOTHER_NUMBER.search(normal) or _SOMEONE_ELSE_CALLS.search(normal):
        return None
    return Hit("calls at work refused", m[0], frozenset({"call"}))


# "talk to my daughter Lupe she handles all my business 505-555-0143": the relative's number
# given with the redirect is where to reach the relative, not the writer
_REDIRECTED_WITH_NUMBER = re.compile(
    rf"\b(?:talk|speak) (?:to|with) my {_KIN_WORD}(?: [a-z]+)?(?: ,| \.)? (?:she|he) (?:handles"
    r"|takes care of|deals with|is handling|manages) (?:all (?:of )?)?(?:my|his|her|this|that|these"
    r"|the|of (?:this|that)|it|everything)\b"
    rf"|\bmy {_KIN_WORD}(?: [a-z]+)? (?:handles|takes care of|deals with|is handling|manages)"
    r" (?:all (?:of )?)?(?:this|that|it|my \w+|everything)(?: \w+)?(?: for me)?(?: ,| \.)?"
    r" (?:(?:please|pls) )?(?:talk|speak) (?:to|with) (?:her|him)\b"
    rf"|\bmy {_KIN_WORD}(?: [a-z]+)? (?:handles|takes care of|deals with|is handling|manages)"
    r" (?:all (?:of )?)?(?:this|that|it|my \w+|everything)(?: \w+)?(?: ,| \.)? (?:text|call"
    r"|email) (?:him|her)\b.*\bnot me\b"
)


def redirected(normal: str) -> Hit | None:
    """Contact sent to a relative instead of the writer: an unsure stop of every channel."""
    if (m := _REDIRECTED.search(normal)) and not _ANOTHER_NUMBER.search(normal):
        return Hit("sends us to a relative", m[0], ALL, sure=False)
    if m := _REDIRECTED_WITH_NUMBER.search(normal):
        return Hit("sends us to a relative", m[0], ALL, sure=False)
    return None
