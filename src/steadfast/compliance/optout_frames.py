"""Intent frames: the shape of a request, rather than its exact words (compliance.optout).

A phrase list only knows the sentences someone thought of. A frame says what a request is
made of, so that wordings nobody listed are read too:

- a **ceasing or negated contact verb addressed to the firm**, in any person and form the
  request takes — Spanish "no me escriban / no me llame / no vuelvas a textearme / dejen de
  mandarme", whatever the verb of contact (llamar, escribir, mandar, enviar, textear,
  contactar, molestar, marcar, buscar) and whichever clitic is attached;
- **removal**: a removing verb with the person or their details as its object ("bórrenme",
  "quiten mi número");
- **never consented**: a denial that the person ever asked for, allowed or signed up for this,
  with or without its "I" ("never gave you permission to text me", "no autoricé que me
  contactaran");
- **represented**: the person points the firm at their own lawyer ("contact my attorney");
- **threat**: a report or complaint to a regulator, or a block, aimed at the firm;
- **switch**: "call instead of texting", "llámenme en vez de mandar mensajes" — the channel
  named after "instead of" is revoked, the other kept;
- **decline**: a whole reply that only declines ("I'm good, thanks", "I already have a lawyer",
  "no gracias") — a person decides (`sure=False`);
- **start**: "resume the texts", "vuelvan a escribirme".

Each frame keeps the guards of the grammar rules: negation ("la aseguradora no deja de
llamarme" is a complaint about someone else), another person's doing, and a time or place
attached to the request ("no me llamen en el trabajo"), which makes it a limit a person reads.
Works on text from optout_text.normalise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from steadfast.compliance.optout_english import (
    _DONT_CONTACT,
    _OTHERS,
    _THINGS,
    ALL,
    BASE_RUN,
    CONTEXT,
    ONGOING_RUN,
    PHONE,
    Hit,
    _imperative_before,
    _qualified,
)
from steadfast.compliance.optout_english import actor as _actor
from steadfast.compliance.optout_english import channels_in as _channels_in
from steadfast.compliance.optout_english import negated as _negated
from steadfast.compliance.optout_phrases import (
    ES_HOW,
    ES_THINGS,
    ES_THIRD,
    ES_WHEN_BEFORE,
    es_reported,
)

CALL, SMS, EMAIL = frozenset({"call"}), frozenset({"sms"}), frozenset({"email"})
CAME = frozenset({"came"})  # the channel the reply came on

# --- Spanish -----------------------------------------------------------------------------------

# Verbs of contact by stem, and what they name. Writing and sending name the channel the reply
# came on unless a noun says otherwise ("no me manden correos").
_ES_STEMS: dict[str, frozenset[str]] = {
    "llam": CALL, "marc": CALL, "marqu": CALL, "habl": CALL,
    "texte": SMS, "textie": SMS,
    "escrib": CAME, "mand": CAME, "envi": CAME,
    "contact": ALL, "molest": ALL, "busc": ALL, "busqu": ALL, "fastidi": ALL, "acos": ALL,
}  # fmt: skip
_AR = "llam|marqu|habl|texte|textie|mand|envi|contact|molest|busqu|fastidi|acos|chingu"
# The forms a request takes: usted/ustedes/tu imperative or subjunctive, or the infinitive
# ("favor de no llamarme"), each with an optional clitic.
_ES_ASKED = rf"(?:(?:{_AR})(?:e|en|es|ar)|(?:escrib|jod)(?:a|an|as|ir|er))(?:me|nos|le|les)?"
_ES_GERUND = (
    r"(?:(?:llam|marc|habl|texte|mand|envi|contact|molest|busc|fastidi|acos)ando|escribiendo)"
)
_ES_INFINITIVE = (
    r"(?:(?:llam|marc|habl|texte|mand|envi|contact|molest|busc|fastidi|acos)ar|escribir)"
)
_ES_NOUNS = [
    (re.compile(r"\b(?:llamadas?|telefono)\b"), CALL),
    (re.compile(r"\b(?:mensaj\w*|textos?|sms|whatsapp)\b"), SMS),
    (re.compile(r"\b(?:correos?|emails?|e mails?|mails?)\b"), EMAIL),
]
_ES_OTHERS = re.compile(
    r"\b(?:aseguradora|aseguranza|seguro|jefe|jefa|ex|esposo|esposa|marido|ellos|ellas|el|ella|banco"
    r"|compania|cobradores|abogado|doctor|hospital|nadie|la otra|el otro|ajustador|policia"
    r"|mama|papa|hijo|hija|hermano|hermana)\b"
)
# "no me llamen ahora": not now, rather than not ever. "en el trabajo": a limit.
_ES_NOT_NOW = re.compile(
    r"\b(?:ahora|ahorita|hoy|manana|luego|mas tarde|en este momento|todavia|por el momento)\b"
)
_ES_LIMIT = re.compile(
    r"\b(?:trabajo|antes|despues|noche|temprano|tarde|fines? de semana|horas?|domingos?"
    r"|sabados?|lunes|martes|miercoles|jueves|viernes)\b"
)
_ES_DONT = re.compile(
    rf"\b(?:no|nunca|jamas|ni)\s+(?:me\s+|nos\s+|le\s+|les\s+)?(?:mas\s+)?"
    rf"(?:(?:vuelv(?:a|an|as|e|en)|sig(?:a|an|as))\s+(?:a\s+)?)?(?:(?:me|nos)\s+)?"
    rf"(?:(?:esten|este|estes)\s+(?=\w+(?:ando|iendo)))?"
    rf"(?P<verb>{_ES_ASKED}|{_ES_INFINITIVE}(?:me|nos)?|{_ES_GERUND})\b(?P<rest>.*)$"
)
_ES_CEASE = re.compile(
    rf"\b(?:dej|par)(?:en|e|a|es|ar|ad|eis)(?:me|nos)?\s+(?:ya\s+)?de\s+(?:estar\s+)?(?:(?:me|nos)\s+)?"
    rf"(?P<verb>{_ES_INFINITIVE}|{_ES_GERUND}|chingar|joder|chingando|jodiendo|insistir)"
    rf"(?:me|nos|le|les)?\b(?P<rest>.*)$"
)
# "que no me sigan mandando mensajes", "ya no sigan llamando": keeping on, refused.
_ES_KEEP_ON = re.compile(
    rf"\b(?:no|ya no)\s+(?:me\s+|nos\s+)?(?:sig(?:a|an|as)|continu(?:e|en|es))\s+"
    rf"(?:(?:me|nos)\s+)?(?P<verb>{_ES_GERUND})(?:me|nos)?\b(?P<rest>.*)$"
)
_ES_REMOVE_ME = re.compile(
    r"\b(?:borr|quit|saqu|sac|elimin|dese?)(?:en|e|a|ar)(?:me|nos)\b(?P<rest>.*)$"
)
_ES_REMOVE_DETAILS = re.compile(
    r"\b(?:borr|quit|saqu|elimin|cancel)(?:en|e|a|ar)\s+(?:mi|mis|este|el|nuestro)\s+"
    r"(?P<what>numero|telefono|cel\w*|correo|email|informacion|datos|nombre|contacto)\b"
)
_ES_NEVER_ASKED = re.compile(
    r"\b(?:no|nunca|jamas)\s+(?:les\s+|te\s+)?(?:autorice|autorize|autorizo|doy permiso|acepto"
    r"|di|he dado|pedi|solicite"
    r"|me inscribi|me suscribi|me registre|me apunte|acepte|consenti|me anote|firme"
    r"|les escribi|los contacte|me comunique con ustedes)\b(?P<rest>.*)$"
)
_ES_NEVER_ASKED_WHAT = re.compile(
    r"(?:\s+(?:(?:a|en|para|con|de)\s+)?(?:(?:(?:llamar|contactar|escribir|mandar|enviar|textear)"
    r"(?:me|nos)?(?: mensajes)?|nada|esto|eso|que me \w+|que me \w+ \w+|permiso|mi numero"
    r"|mi telefono"
    r"|mi correo|sus servicios|informacion|ninguna? \w+|para (?:esto|eso)|a nadie|ustedes"
    r"|por favor)\b.*)?)?\s*"
)
_ES_THREAT = re.compile(
    r"\b(?P<who>(?:los|las|lo|la|les|te)\s+)?(?:(?:voy|vamos)\s+a\s+(?:reportar|denunciar"
    r"|demandar|bloquear|acusar)|(?<!el )(?<!un )(?<!mi )(?<!su )(?<!del )(?<!al )(?<!hizo )"
    r"(?<!hice )(?<!hicieron )(?<!tengo )(?<!con )(?:ya\s+)?"
    r"(?:reporte|denuncie|demande|bloquee|reportamos"
    r"|bloqueamos))(?P<clitic>los|las|lo|la|les|te)?\b(?P<rest>.*)$"
)
_ES_THREAT_WHAT = re.compile(
    r"\s*(?:$|(?:este|su|el|a este) (?:numero|telefono)(?! del? )|a ustedes|ustedes"
    r"|su (?:firma|oficina"
    r"|empresa|compania|despacho)|(?:con|ante|a) (?:la )?(?:fcc|ftc|procuraduria|profeco"
    r"|policia|autoridades)|como spam|(?:esto|todo esto|este numero) (?:a|con|ante) (?:la )?(?:fcc"
    r"|ftc|procuraduria|profeco|policia|autoridades))"
)
_ES_SWITCH = re.compile(
    r"\b(?:en vez de|en lugar de)\s+(?P<obj>(?:mandar|enviar|escribir|textear|llamar)\w*"
    r"|mensajes|textos|llamadas|correos|emails)"
)
_ES_START = re.compile(
    r"\b(?:(?:vuelv(?:an|a|e|as)|pued(?:en|e|es) volver|ya pued(?:en|e|es)(?: volver)?)\s+(?:a\s+)?"
    r"(?P<obj>(?:escrib|llam|contact|mand|envi|texte|marc)(?:ir|ar)(?:me|nos)(?: (?:mensajes"
    r"|correos|textos))?(?: (?:y|o) (?:escrib|llam|contact|mand|envi|texte|marc)(?:ir|ar)(?:me|nos)"
    r"(?: (?:mensajes|correos|textos))?)?))"
)
# "quiero cancelar", "quiero darme de baja", "quiero salirme de la lista".
_ES_WANT_OUT = re.compile(
    r"\b(?:quiero|queremos|deseo|quisiera|necesito)\s+(?:cancelar(?:\s+(?:mi\s+|la\s+)?"
    r"(?:suscripcion|registro|todo|esto|los mensajes|el servicio|sus mensajes))?(?: a (?:sus|los"
    r"|las) (?:correos|mensajes|emails|boletines|boletin)(?: [a-z]+)?)?\s*$"
    r"|darme de baja|desuscribirme|desinscribirme|salirme"
    r"|que me (?:borren|quiten|saquen|eliminen|den de baja|desuscriban))"
)
# "sí quiero los mensajes", "todavía quiero recibir mensajes": wanting them again.
_ES_STILL_WANT = re.compile(
    r"\b(?:si|todavia|aun|siempre si)\s+quiero\s+(?:recibir\s+)?(?:los\s+|sus\s+)?"
    r"(?P<obj>mensajes|textos|llamadas|correos)"
)
# "No me interesa lo que ofrece la aseguranza": the offer, not us.
_AN_OFFER = (
    r" (?:lo que|la oferta|el acuerdo|esa oferta|la cantidad|el dinero|su oferta|la propuesta"
    # "No me interesa reconciliarme, solo quiero el divorcio": a step in the matter, declined
    r"|reconciliar\w*|arreglar\w*|negociar\w*|conciliar\w*|llegar a un acuerdo|volver con"
    r"|regresar con|vender\w*|mudar\w*|pagar\w*)"
)
# Words of address around a decline: "No gracias asere", "Pana ya no", "mae".
_VOCATIVE = r"asere|pana|mano|bro|compa|hermano|tio|guey|wey|mae|parce|chamo|acho|diache"
_ES_DECLINE = re.compile(
    rf"(?:(?:ok|bueno|pues|ya|oiga|hola|no gracias|gracias|{_VOCATIVE})\s+)*"
    r"(?:no gracias|no muchas gracias|gracias pero no|estoy bien(?: gracias)?"
    r"|(?:ya )?tengo (?:un |una |mi )?abogad[oa](?: de [a-z]+)?"
    r"|(?:ya )?tengo quien me lleve (?:el|mi) caso"
    r"|(?:ya )?no (?:voy|vamos) a seguir(?: con (?:el|mi|este) (?:caso|reclamo|proceso))?"
    r"|(?:ya )?tengo (?:quien me ayude|quien me"
    r" represente|representacion)(?: con (?:mi |el |este |esto|eso)?(?:caso|reclamo|asunto)?)?"
    r"|no necesito (?:un |una |el |los |su |sus )?(?:abogad[oa]|sus servicios|servicios?|ayuda"
    r"|nada)|no quiero nada"
    r"|no me interesa(?: nada)?|no (?:lo|la|los|las) (?:necesito|ocupo|quiero))"
    r"(?:\s+(?:gracias|por favor|ya|muchas gracias|de todos modos|igual|mija|mijo|joven"
    rf"|senorita|senor|{_VOCATIVE}))*"
)


def _es_channels(verb: str, rest: str, channel: str) -> frozenset[str]:
    named = frozenset().union(*(ch for pattern, ch in _ES_NOUNS if pattern.search(rest)))
    if named:
        return named
    for stem, channels in sorted(_ES_STEMS.items(), key=lambda kv: -len(kv[0])):
        if verb.startswith(stem):
            return frozenset({channel}) if channels == CAME else channels
    return ALL


def _es_addressed(prefix: str) -> bool:
    return not _ES_OTHERS.search(prefix)


def _spanish(clause: str, channel: str) -> Iterator[Hit]:
    for pattern, rule in (
        (_ES_DONT, "es: do not contact"),
        (_ES_CEASE, "es: stop contacting"),
        (_ES_KEEP_ON, "es: do not keep contacting"),
    ):
        m = pattern.search(clause)
        if not m or not _es_addressed(clause[: m.start()]) or es_reported(clause[: m.start()]):
            continue
        if m[0].startswith("ni ") and not re.search(r"\b(?:me|nos)\b|(?:me|nos)\b", m["verb"]):
            continue  # "no lo dejan ni llamar": someone else cannot call, not a request
        if rule == "es: stop contacting" and re.search(
            r"\bno\s*$|\bno\s+(?:me\s+|nos\s+)?(?:hay que|quiero que|deben|tienen que|pueden"
            r"|vayan a|van a)?\s*$",
            clause[: m.start()],
        ):
            continue  # "no deja de llamarme": a complaint; "no hay que dejar de": the opposite
        rest = m["rest"]
        if ES_HOW.search(rest):
            continue  # "no me llamen con número privado porque no contesto": how, not whether
        if _ES_NOT_NOW.search(rest) or ES_THINGS.search(rest) or ES_THIRD.search(rest):
            continue  # "no me llamen ahora", "no manden los papeles", "... los cobradores"
        if m["verb"].startswith("habl") and re.match(r"\s*con\b", rest):
            continue  # "que no hable con abogados": talking to someone, not calls
        scope = _es_channels(m["verb"], rest, channel)
        for more in re.finditer(r"\bni\s+(?:a\s+|me\s+|nos\s+|tampoco\s+)*(?P<verb>\w+)", rest):
            if any(more["verb"].startswith(stem) for stem in _ES_STEMS):
                scope |= _es_channels(more["verb"], "", channel)  # "no me llamen ni me escriban"
        yield Hit(
            rule,
            m[0][: len(m[0]) - len(rest)].strip(),
            scope,
            sure=not _ES_LIMIT.search(rest) and not ES_WHEN_BEFORE.search(clause[: m.start()]),
        )
    m = _ES_REMOVE_ME.search(clause)
    if (
        m
        and _es_addressed(clause[: m.start()])
        and not re.search(r"\bno\s*$", clause[: m.start()])
        and not re.match(
            r"\s*(?:de (?:aqui|alli|ahi|dudas?|esto)|el dolor|la duda|a (?:mis?|mi) \w+|la casa"
            r"|el carro|la custodia)\b",
            m["rest"],
        )  # "quieren quitarme a mis hijos": taken from them, not a list
        and not ES_THINGS.search(m["rest"])
    ):
        nouns = [ch for pattern, ch in _ES_NOUNS if pattern.search(m["rest"])]
        yield Hit("es: remove me", m[0], frozenset().union(*nouns) if nouns else ALL)
    if (
        (m := _ES_REMOVE_DETAILS.search(clause))
        and _es_addressed(clause[: m.start()])
        # "quitar el nombre de él del acta de nacimiento": someone's name off a document
        and not re.match(
            r"\s*de (?:el|ella|mi (?!lista)\w+|su (?!lista|base|sistema|registro|directorio)\w+)\b"
            r"|\s*del? (?:acta|titulo|contrato|testamento|lease|deed|escritura)\b",
            clause[m.end() :],
        )
    ):
        what = m["what"]
        named = (
            PHONE
            if what in ("numero", "telefono") or what.startswith("cel")
            else EMAIL
            if what in ("correo", "email")
            else ALL
        )
        yield Hit("es: remove my details", m[0], named)
    m = _ES_NEVER_ASKED.search(clause)
    if (
        m
        and "firme" in m[0].split()
        and not re.search(
            r"\b(?:llam|contact|escrib|mand|envi|mensaj|permiso|autoriz|numero)", m["rest"]
        )
    ):
        m = None  # "no firmé nada": nothing signed (with another firm, a release), not consent
    if m and _ES_NEVER_ASKED_WHAT.fullmatch(m["rest"]) and _es_addressed(clause[: m.start()]):
        yield Hit("es: never asked for this", m[0], ALL)
    m = _ES_THREAT.search(clause)
    if m and re.match(
        r"\s*(?:el numero |su numero )?a (?:mi|su|ese|esa|este|el|la) \w+", m["rest"]
    ):
        m = None  # "Le bloqueé el número a mi ex": someone else blocked
    if m and (m["who"] or m["clitic"] or _ES_THREAT_WHAT.match(m["rest"])):
        yield Hit("es: threat", m[0], ALL)
    if (
        (m := _ES_WANT_OUT.search(clause))
        and not re.search(r"\bno\s*$", clause[: m.start()])
        and not re.match(
            r"\s*(?:del|de la|de mi|en el|en la) (?:trabajo|empleo|empresa|compania|plan|contrato"
            r"|casa|grupo|escuela|seguro|sindicato)\b",
            clause[m.end() :],
        )
    ):  # "quiero darme de baja del trabajo": leaving a job
        nouns = [ch for pattern, ch in _ES_NOUNS if pattern.search(clause[m.end() :])]
        yield Hit("es: wants out", m[0], frozenset().union(*nouns) if nouns else ALL)
    if (m := _ES_STILL_WANT.search(clause)) and _es_addressed(clause[: m.start()]):
        yield Hit(
            "es: wants them again", m[0], _es_channels(m["obj"], m["obj"], channel), intent="start"
        )
    if m := _ES_SWITCH.search(clause):
        obj = m["obj"]
        named = (
            CALL
            if obj.startswith("llam")
            else EMAIL
            if obj.startswith(("correo", "email"))
            else SMS
        )
        yield Hit("es: instead of", m[0], named)
    if (m := _ES_START.search(clause)) and not re.search(r"\bno\s*$", clause[: m.start()]):
        named = frozenset().union(
            *(_es_channels(part, part, channel) for part in re.split(r" (?:y|o) ", m["obj"]))
        )  # "ya pueden llamarme y mandarme mensajes": each verb its channel
        yield Hit("es: start again", m[0], named, intent="start")


# --- English -----------------------------------------------------------------------------------

_DECLINE = re.compile(
    r"(?:(?:no|na+h+|nope|naw|thanks|thank you|sorry|ok|okay|lol|but|oh|hey|hi|yeah)\s+)*"
    r"(?:no|na+h+|nope|naw|no way|no sir"
    r"|(?:(?:i|we)\s+)?already\s+(?:have|got|hired|found|retained)\s+(?:a\s+|an\s+|my\s+)?"
    r"(?:own\s+)?(?:lawyer|attorney|law firm|counsel|representation|someone|somebody"
    r"|another (?:firm|lawyer|attorney)|a firm)"
    r"|(?:i am|we are|am|i m|im)\s+(?:good|fine|ok|okay|set)\s+(?:on|with|without)\s+(?:that"
    r"|this|it|them|those|your services)"
    r"|(?:i am|we are|am|i m|im)\s+(?:good|all set|set|ok|okay|fine|straight|all good"
    r"|good here|ok for now|good for now|covered|taken care of|handled|squared away)"
    r"|(?:i|we)\s+(?:already\s+)?(?:have|got|hired|found|have got|signed with)\s+(?:a\s+|an\s+"
    r"|my\s+|our\s+)?(?:own\s+)?(?:lawyer|attorney|law firm|legal representation|legal help)"
    r"|(?:i|we)\s+(?:am|are)\s+(?:already\s+)?(?:working with|with|talking to)\s+(?:a|an|another"
    r"|my)\s+(?:lawyer|attorney|law firm)"
    r"|no need(?:\s+(?:thanks|thank you))?|(?:hard\s+)?pass|i will pass|i am done|we are done"
    r"|i said no|i already said no"
    r"|(?:i am\s+)?(?:going to|gonna)\s+pass|i ll pass|i will have to pass|i must pass"
    r"|(?:i am|we are) done here|(?:i am|we are) not interested\s+(?:and\s+)?(?:i|we)\s+"
    r"(?:already\s+)?have\s+(?:a\s+|an\s+)?(?:lawyer|attorney)"
    r"|(?:i|we)\s+do not\s+need\s+(?:a\s+|an\s+)?(?:lawyer|attorney|legal help|help|anything))"
    r"(?:\s+(?:already|now|thanks|thank you|thx|ty|though|anyway|for now|bye|lol|sorry"
    r"|appreciate it|but thanks|but thank you))*"
)
# "this is annoying", "you guys are so annoying": a complaint about the contact; a person reads.
_ANNOYED = re.compile(
    r"\b(?:this|that|it|you|yall|you guys|you people|these|these texts|these messages|these calls"
    r"|your texts|your messages|your calls|the calls|the texts|the messages|the emails"
    r"|your emails|these emails)\s+(?:is|are)\s+(?:so\s+|really\s+|very\s+"
    r"|getting\s+)*(?:annoying|irritating|ridiculous|obnoxious|relentless|excessive"
    r"|too much(?! for))\b"
)
# "4 texts in one day is too much", "three calls a day is excessive": how often, a complaint.
_TOO_OFTEN = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|so many|this many|that many)\s+"
    r"(?P<obj>texts|text messages|messages|calls|phone calls|emails)\s+(?:(?:in\s+)?(?:a|one|1"
    r"|per|each|the same)\s+(?:day|week|morning|hour|afternoon)\s+|today\s+|this (?:week"
    r"|morning)\s+|in a row\s+)?(?:is|are|seems|seem)\s+(?:a bit\s+|way\s+|just\s+|kind of\s+"
    r"|kinda\s+|really\s+|honestly\s+)*(?:too much|too many|excessive|a lot|ridiculous|overkill"
    r"|insane|crazy|overboard)\b"
)
# "could you ease up on the texts", "tone down the calls", "fewer texts please": less contact.
_LESS_OFTEN = re.compile(
    r"\b(?:ease up|let up|lay off|back off|go easy|slow down|tone it down|cool it|chill)\s+"
    r"(?:(?:a bit|a little)\s+)?(?:on|with)\s+(?:the|your|these|all the|all these|all your)\s+"
    r"(?P<obj>texts|text messages|messages|calls|phone calls|emails)\b"
    r"|\b(?:tone|dial|cut|turn)\s+(?:down|back)\s+(?:on\s+)?(?:the|your|these|all the)\s+"
    r"(?P<obj2>texts|text messages|messages|calls|phone calls|emails)\b"
    r"|\b(?P<obj4>email|text|call|message) (?:me )?less(?: often)?\b"
    r"|^(?:(?:please|pls|can you|could you|can you guys|could you guys|maybe)\s+)*(?:send\s+)?"
    r"(?:fewer|less)\s+(?P<obj3>texts|text messages|messages|calls|emails)(?:\s+(?:please|pls"
    r"|thanks|per day|a day))*$"
)
# "Oh great, another text from a lawyer. Exactly what I needed today": sarcasm at being texted.
_SARCASM = re.compile(
    r"^(?:oh\s+)?(?:great|wonderful|fantastic|perfect|lovely|awesome|yay|just great|oh joy"
    r"|how nice|love that)\s+(?:,\s+)?(?:yet\s+)?another\s+(?P<obj>text|call|email|message"
    r"|voicemail)\b"
    r"|\b(?:just|exactly) what i needed\b.*\banother\s+(?P<obj2>text|call|email|message)\b"
)


# "This is ridiculous, I've left 3 voicemails. Someone call me TODAY": annoyed at not hearing.
_ASKS_FOR_CONTACT = re.compile(
    r"\b(?:(?:someone|somebody|anyone|anybody|please|pls|just) )?(?:call|text|email) me"
    r"(?: back)?\b(?! again (?:and|&))|\b(?:call|get) back to me\b|\bnobody (?:calls|called)"
    r"|\bno one (?:calls|called)|\bi (?:have|ve) (?:left|called|texted|emailed)"
)
# "remove it", "delete that", after the person named their number or details.
_REMOVE_IT = re.compile(
    r"\b(?:remove|delete|erase|lose|forget|drop)\s+(?:it|that|this|them)"
    r"(?=\s*$|\s+(?:now|please|pls|asap|immediately|too|and|,|\.)\b)"
)
_DETAILS_NAMED = re.compile(
    r"\b(?:my|this|your|that|the)\s+(?:number|phone number|cell|info|information|details|data"
    r"|email|email address|contact info)\b"
)
# "I'll file a complaint if I get another text", "I'll sue if you keep calling".
_THREAT_IF = re.compile(
    r"\b(?:complaint|report|reporting|sue|suing|lawsuit|legal action|police|fcc|ftc|attorney"
    r" general|my lawyer|my attorney|block|blocking)\b.*\bif\s+(?:i|we|you|yall|u)\s+"
    r"(?:\w+\s+){0,3}?(?:again"
    r"|another|one more|anymore|any more|keep|keeps|continue|continues|ever)\b"
)
# "your texts are harassment", "these calls are unwanted".
_CALLED_UNWANTED = re.compile(
    r"(?:\b(?:your|these|the|this|those|all these|all your)\s+(?:\w+\s+)?|^)(?P<obj>texts"
    r"|text messages|messages|calls|emails|phone calls)\s+(?:are|is)\s+(?:\w+\s+)?(?:harassment"
    r"|harassing|spam|unwanted|unsolicited|illegal|not welcome|unwelcome|not wanted"
    r"|not appreciated)\b"
)
# "you are not authorized to text me", "you're not allowed to call".
_NOT_ALLOWED = re.compile(
    r"\b(?:you|yall|u|your firm)\s+(?:are|re)\s+not\s+(?:authorized|allowed|permitted"
    r"|authorised)\s+to\s+(?P<run>contact|text|call|email|message)\b"
)
# "it would be great if you stopped texting me", "I'd be grateful if you quit calling".
_GLAD_IF = re.compile(
    rf"\b(?:great|nice|good|better|best|appreciate\w*|grateful|thankful|helpful|kind|prefer\w*"
    rf"|love)\b.*\bif\s+(?:you|yall|u|your office)\s+(?:would\s+|could\s+|can\s+)?(?:(?:stopped"
    rf"|stop|quit|ceased|cease|discontinued|no longer|did not|would not|do not)\s+(?:\w+\s+)?"
    rf"(?P<run>{ONGOING_RUN}|{BASE_RUN})|(?:took|take|removed|remove|deleted|delete|dropped)"
    rf" (?:me|my number|my info|my name|this number) (?:off|from|out of))"
)
# "text me no more": an old-fashioned order.
_NO_MORE_AFTER = re.compile(
    r"\b(?P<run>text|call|email|message|contact|bother|write)\s+(?:me|us)\s+no\s+(?:more|longer)\b"
)
# "paren ya con esto", "basta con esto".
_ES_ENOUGH = re.compile(
    r"^(?:(?:ya|por favor|oigan)\s+)*(?:paren|pare|para|basta|alto|ya basta)\s+(?:ya\s+)?"
    r"(?:con\s+)?(?:esto|eso|todo esto|esta situacion)(?:\s+(?:por favor|ya))*$"
    # "para ya", "ya párale", "paren ya por favor": "ya" makes "para" an order.
    r"|^(?:(?:oiga|oigan|por favor)\s+)*(?:(?:para|paren|pare|parale|parenle|parele)\s+ya"
    r"|ya\s+(?:para|paren|pare|parale|parenle|parele))(?:\s+(?:por favor|porfa|ya))*$"
)
# "quiero recibir mensajes otra vez", "que me manden mensajes de nuevo".
_ES_AGAIN = re.compile(
    r"\b(?:quiero|deseo|quisiera)\s+que\s+(?:me\s+)?vuelvan\s+a\s+(?P<obj2>escribir|llamar|mandar"
    r"|contactar|enviar|textear)\w*"
    r"|\b(?:quiero|deseo|quisiera)\s+(?:recibir|que me (?:manden|envien|escriban|llamen))\s+"
    r"(?:los\s+|sus\s+)?(?P<obj>mensajes|textos|llamadas|correos)?\s*(?:otra vez|de nuevo"
    r"|nuevamente)"
)
# "I want the texts back", "I changed my mind, you can text me".
_WANT_BACK = re.compile(
    r"\bwant\s+(?:the|your|my)\s+(?P<obj>texts|messages|emails|calls|updates|text messages)"
    r"\s+back\b"
)
_CHANGED_MIND = re.compile(
    r"\b(?:changed my mind|change of heart|on second thought)\b.*\b(?:(?:you|yall|u)\s+(?:can"
    r"|may)\s+(?:now\s+)?|(?:please\s+)?(?:keep|continue|go ahead and|feel free to)\s+"
    r"(?:on\s+)?|please\s+(?:do\s+)?)(?P<obj>text|call|email|contact|message|reach out)"
)
# "do not use my number", "stop using my info".
_DONT_USE = re.compile(
    r"\b(?:do not|never|stop|quit|cease)\s+(?:ever\s+)?us(?:e|ing)\s+(?:my|this)\s+(?P<what>number"
    r"|phone number|phone|cell|info|information|details|email|email address|contact info)\b"
)
# "keep texting me and see what happens".
_KEEP_AND_SEE = re.compile(
    rf"\b(?:keep|continue|go ahead and keep)\s+(?P<run>{ONGOING_RUN})\s+(?:me\s+)?(?:and|&)\s+see\b"
)
# "bother someone else", "go spam somebody else".
_SOMEONE_ELSE = re.compile(
    r"\b(?:go\s+)?(?:bother|harass|pester|spam|text|call|annoy|bug)\s+(?:someone|somebody"
    r"|anyone|anybody)\s+else\b"
)
# "take a hint and stop", "delete my number and stop": a request ending in a bare stop.
_AND_STOP = re.compile(r"\band\s+stop(?:\s+(?:it|now|please|already|for good))*$")
# "direct all questions to him", after the person named their attorney.
_DIRECT_TO = re.compile(
    r"\b(?:direct|send|forward|refer|route)\s+(?:all\s+|any\s+)?(?:questions|communication"
    r"|communications|calls|inquiries|correspondence|contact|messages)\s+to\s+(?:him|her|them"
    r"|my \w+)\b"
)
_NAMES_COUNSEL = re.compile(r"\bmy\s+(?:attorney|lawyer|counsel|legal team)\b")
# "si me vuelven a escribir los demando".
_ES_THREAT_IF = re.compile(
    r"\bsi\s+(?:me\s+)?(?:vuelven|siguen|continuan|vuelve|sigue|insisten)\b.*\b(?:los|las|lo|la|les"
    r"|te)?\s*(?:demando|denuncio|reporto|bloqueo|demandare|denunciare|reportare|voy a)\b"
)
_DECLINE_BARE = re.compile(
    r"(?:(?:ok|okay|no|na+h+|thanks|thank you)\s+)*(?:all set|all good|good here|set here)"
    r"(?:\s+(?:thanks|thank you|thx|ty|though|for now|bye))*"
)
# "I want nothing to do with your firm".
_NOTHING_TO_DO = re.compile(
    r"\b(?:want|wants|need)\s+nothing\s+to\s+do\s+with\s+(?:you|yall|your|this|any of this"
    r"|lawyers|law firms|it)\b"
)
# "I asked you to stop last week. Why am I still hearing from you?": a stop told before and a
# complaint that contact goes on; the earlier request stands.
_ASKED_BEFORE = re.compile(
    r"\b(?:i|we)\s+(?:(?:have|had|already|previously|just|did|even|clearly)\s+)*(?:asked|told"
    r"|begged|requested|said|replied|texted|wrote|typed)\s+(?:(?:you|yall|u|you guys|your firm"
    r"|your office)\s+)?(?:(?:to|that you)\s+)?(?:please\s+)?(?:stop|quit|unsubscribe|opt out"
    r"|remove me|take me off|leave me alone|not (?:to )?(?:contact|call|text|email|message))\b"
)
# "I texted STOP to the other firm, not you": a stop sent somewhere else.
_SENT_ELSEWHERE = re.compile(
    r"\s+to (?:the|a|an|another|that|some|this)? ?(?:other |different |wrong )?(?:firm|company"
    r"|number|business|place|office|lawyer|law firm|attorney|one|guys|people)\b"
    # "I replied STOP to the insurance company's text messages"
    r"|\s+to (?:the|my|their|his|her) (?:insurance|insurer|adjuster|hospital|bank|landlord"
    r"|employer|doctor|pharmacy|school|other)\b"
)
_STILL_HEARING = re.compile(
    r"\b(?<!want )(?<!need )(?:still|keep|keeps|continue|continues)\s+(?:(?:to|on)\s+)?"
    r"(?:hearing|getting|receiving|texting|calling|emailing|messaging|contacting|bothering"
    r"|sending|get|receive|hear|text|call|email|contact|bother|send)\b"
    r"|\b(?:why|how come)\b.*\b(?:still|keep|keeps)\b"
)
# "I am requesting removal from your database".
_REMOVAL_NOUN = re.compile(
    r"\b(?:request|requesting|want|demand|demanding|ask for|asking for)\s+(?:immediate\s+)?"
    r"(?:removal|deletion|erasure)\b"
)
# "this is the 5th text today", "you called me 3 times today": counting, a person reads.
_COUNTING = re.compile(
    r"\b(?:(?:the\s+)?(?:\d+(?:st|nd|rd|th)?|second|third|fourth|fifth|tenth)\s+(?P<obj>text|call"
    r"|message|email)\w*\s+(?:today|this week|this morning|in a row)|(?P<verb>called|texted"
    r"|messaged|emailed)\s+(?:me\s+)?(?:\d+|three|four|five|ten|so many|a million)\s+times)\b"
)
# "you do not have my permission to contact me": consent denied in the present.
_NO_PERMISSION = re.compile(
    r"\b(?:you|yall|u|your firm|you guys)\s+(?:do not|no longer|never)\s+(?:have|had|got)\s+"
    r"(?:my\s+)?(?:permission|consent|authorization|authorisation|ok)\b"
)
# "I've reported this number", "flagged you": done already, aimed at the firm.
_REPORTED = re.compile(
    r"\b(?:reported|blocked|flagged)\s+(?:you|yall|u|this number|your number|ur number|this"
    r"|your (?:firm|office|company|texts|messages|calls)|this (?:firm|text|message))\b"
)
_BY_MISTAKE = re.compile(
    r"\b(?:by (?:mistake|accident)|accidentally|on accident|unblock\w*|i think|my phone"
    r"|my carrier|spam risk|spam likely)\b"
)
# "want it deleted", "need my info removed".
_WANT_DELETED = re.compile(
    r"\b(?:want|need|would like|wish|demand)\s+(?P<obj>it|this|that|them|my (?:info|information"
    r"|data|details|number|phone number|email|name|contact info(?:rmation)?))\s+(?:deleted"
    r"|removed|erased|taken off|gone|wiped|purged)\b"
)
# "why am I getting so many texts", "so many calls": a complaint; a person reads.
_SO_MANY = re.compile(
    r"\b(?:so many|this many|all these|all of these|constant|nonstop|non stop|a lot of|lots of"
    r"|way too many|a ton of|tons of)\s+(?:\w+\s+)?"
    r"(?P<obj>texts|text messages|messages|calls|emails)\b"
)
# "enough texts already", "enough of the calls".
_ENOUGH = re.compile(
    r"^(?:(?:ok|okay|seriously|please)\s+)*enough\s+(?:of\s+|with\s+)?(?:the\s+|these\s+"
    r"|your\s+|all\s+)?(?P<obj>texts|text messages|messages|calls|emails|spam)\b"
)
# "text me one more time", "call me again and see": a dare, as the whole message.
_DARE = re.compile(
    r"(?:(?:text|call|message|email|contact)\s+(?:me|us)\s+(?:one more time|again and see"
    r"|one more time and see))(?:\s+(?:and see|i dare you|lol))*"
)
# Wanting them again: "I want to resubscribe", "that STOP was a mistake", "I still want updates".
_WANTS_BACK = re.compile(
    r"\b(?:want|wanna|would like|like|wish|need)\s+(?:to\s+)?(?:resubscribe|re subscribe"
    r"|subscribe again|opt back in|opt in again|sign back up|sign up again|be added back"
    r"|be opted back in|be opted in)\b"
    r"|\b(?:stop|unsubscribe|opt out|that)\s+(?:was|were)\s+(?:a mistake|an accident|by mistake"
    r"|by accident|a typo|an error|not for you|meant for someone else)"
    r"|\b(?:still|do)\s+want\s+(?:the\s+|your\s+)?(?P<obj>updates|texts|messages|emails|calls"
    r"|text messages)\b"
)
_NO_NEED = re.compile(
    r"(?:(?:ok|okay|thanks|thank you)\s+)*(?:there is\s+|theres\s+)?no\s+(?:need|reason)\s+"
    r"(?:for you\s+)?"
    r"to\s+(?:keep\s+)?"
    r"(?P<run>contact|text|call|email|message|reach out|follow up|get back|write)(?:ing)?"
    r"(?:\s+(?:to\s+)?(?:me|us))?(?:\s+(?:anymore|any more|again|thanks|thank you|further))*"
)
_ASKED_REMOVED = re.compile(
    r"\b(?:asked|requested|told you|begged|said)\s+(?:\w+\s+){0,4}?to\s+be\s+(?:removed|taken off"
    r"|unsubscribed|left alone|deleted|opted out|put on (?:the|your) do not (?:call|contact)"
    r" list)\b"
)
_NEVER_CONSENTED_BARE = re.compile(
    r"^(?:(?:and|but|so|plus|also|who is this)\s+)?(?:never|did not|have never)\s+"
    r"(?:gave|give|given)\s+(?:you\s+|yall\s+|anyone\s+)?(?:my\s+)?(?:consent|permission"
    r"|number|phone number|email|cell|info)\b(?P<rest>.*)$"
    r"|^(?:never|did not|have never)\s+(?:signed up|sign up|opted in|opt in|asked for|requested"
    r"|consented|agreed)\b(?P<rest2>.*)$"
)
_REPRESENTED = re.compile(
    r"^(?:(?:please|pls|kindly|just|you can|you may|you should|you need to|only|so|then)\s+)*"
    r"(?:contact|call|talk to|speak to|speak with|reach out to|deal with|go through"
    r"|communicate with|email|text|direct (?:\w+\s+){0,2}to)\s+my\s+(?:attorney|lawyer|counsel"
    r"|legal team|law firm)\b"
    r"|\b(?:all\s+)?(?:communication|communications|contact|correspondence)\s+(?:should|must"
    r"|needs to|need to|has to|have to|will)\s+(?:go|be)\s+(?:to|through|with)\s+my\s+"
    r"(?:attorney|lawyer|counsel)\b"
    r"|\ball\s+(?:communication|communications|contact|correspondence|calls|messages)\s+"
    r"(?:goes\s+|go\s+|should go\s+|must go\s+|is\s+)?(?:through|via|to)\s+(?:him|her|them|my"
    r"\s+(?:attorney|lawyer|counsel|legal team))\b"
)
_REGULATOR = re.compile(
    r"\b(?:calling|contacting|call|contact|reported\s+(?:you\s+|this\s+(?:number\s+)?)?to"
    r"|reporting\s+(?:you\s+|yall\s+|this\s+(?:number\s+)?"
    r"|your\s+(?:firm|office)\s+)?to|report\s+(?:you\s+|yall\s+|this\s+(?:number\s+)?"
    r"|your\s+(?:firm|office)\s+)?to|complain(?:ing)?\s+to|(?:filing|file|filed)\s+a\s+"
    r"complaint\s+with)\s+(?:the\s+)?(?:fcc|ftc|attorney general|bbb|better business bureau"
    r"|state bar|bar association|consumer protection)\b(?P<rest>.*)$"
)
_NEXT_TIME = re.compile(
    r"\b(?:next|one more)\s+(?:text|call|message|email|time)\b.*\b(?:report|reporting|sue|suing"
    r"|block|blocking|complaint|police|fcc|ftc|lawyer|attorney|lawsuit)\b"
)
_MAKE_IT_STOP = re.compile(
    r"\b(?:how|is there a way|any way)\s+(?:do|can|could|would|to)?\s*(?:i|we)?\s*(?:make|get)"
    r"\s+(?:this|it|these|them|you|yall|this stuff|all this|all of this)\s+(?:to\s+)?stop\b"
)
_RESUME = re.compile(
    r"\b(?:resume|restart|turn back on|start back|turn on|bring back|reactivate|re enable"
    r"|reenable)\s+(?:the\s+|your\s+|my\s+|all\s+)?(?:text\s+)?(?P<obj>texts|text messages"
    r"|messages|emails|calls|notifications|updates|reminders|alerts)\b"
)
_SUBSCRIBE_ME = re.compile(
    r"\b(?:subscribe|resubscribe|re subscribe|sign)\s+me\s+(?:up\s+)?(?:again\s+|back\s+)?"
    r"(?:(?:up\s+)?(?:to|for)\s+(?:the\s+|your\s+)?(?P<obj>emails|texts|messages|calls"
    r"|newsletter|updates|text messages))?"
)


def _english(clause: str, message: str, channel: str) -> Iterator[Hit]:
    if m := _NO_NEED.fullmatch(message):
        yield Hit("no need to contact", m[0], _channels_in(m["run"]) or ALL)
    if (m := _ASKED_REMOVED.search(clause)) and _actor(clause[: m.start()]) != "other":
        yield Hit("asked to be removed", m[0], ALL)
    if m := _NEVER_CONSENTED_BARE.search(clause):
        rest = m["rest"] if m["rest"] is not None else m["rest2"] or ""
        if not re.match(r"\s+(?:for|to)\s+(?:the|a|an|my|his|her)\s+(?!text|call|email)", rest):
            yield Hit("never consented", m[0], _channels_in(rest) or ALL)
    if (m := _REPRESENTED.search(clause)) and not _negated(clause[: m.start()]):
        yield Hit("represented", m[0], ALL)
    m = _REGULATOR.search(clause)
    if (
        m
        and _actor(clause[: m.start()]) != "other"
        and not _negated(clause[: m.start()])
        and not re.match(
            r"\s*(?:about|against|regarding|on|for)\s+(?:my|the|his|her|their)\b", m["rest"]
        )
    ):
        yield Hit("threat to report", m[0][: len(m[0]) - len(m["rest"])].strip(), ALL)
    if m := _NEXT_TIME.search(clause):
        yield Hit("threat if contacted again", m[0], ALL)
    if (m := _GLAD_IF.search(clause)) and _actor(clause[: m.start()]) != "other":
        yield Hit("glad if you stopped", m[0], _channels_in(m["run"] or "") or ALL)
    if m := _NO_MORE_AFTER.search(clause):
        yield Hit("no more", m[0], _channels_in(m["run"]) or ALL)
    if m := _ES_ENOUGH.search(clause):
        yield Hit("es: enough", m[0], CONTEXT)  # "ya estuvo con los mensajes, ya paren": those
    if m := _ES_AGAIN.search(clause):
        obj = m["obj"] or m["obj2"] or ""
        yield Hit("es: wants them again", m[0], _es_channels(obj, obj, channel), intent="start")
    if (m := _WANT_BACK.search(clause)) and not _negated(clause[: m.start()]):
        yield Hit("wants them back", m[0], _channels_in(m["obj"]), intent="start")
    if m := _CHANGED_MIND.search(message):
        yield Hit("changed mind", m[0], _channels_in(m["obj"]) or ALL, intent="start")
    m = _REMOVE_IT.search(clause)
    if (
        m
        and _DETAILS_NAMED.search(message)
        and not _negated(clause[: m.start()])
        and _actor(clause[: m.start()]) != "other"
    ):
        yield Hit("remove what they named", m[0], ALL)
    if m := _THREAT_IF.search(clause):
        yield Hit("threat if contacted again", m[0], ALL)
    if m := _CALLED_UNWANTED.search(clause):
        yield Hit("calls it unwanted", m[0], _channels_in(m["obj"]) or ALL)
    if m := _NOT_ALLOWED.search(clause):
        yield Hit("not allowed", m[0], _channels_in(m["run"]) or ALL)
    if (m := _DONT_USE.search(clause)) and _actor(clause[: m.start()]) != "other":
        yield Hit("do not use my details", m[0], ALL)
    if m := _KEEP_AND_SEE.search(clause):
        yield Hit("dare", m[0], ALL)
    if m := _SOMEONE_ELSE.search(clause):
        yield Hit("go bother someone else", m[0], ALL)
    if (m := _AND_STOP.search(clause)) and _actor(clause[: m.start()]) == "":
        yield Hit("request ending in stop", clause, CONTEXT)
    if (m := _DIRECT_TO.search(clause)) and _NAMES_COUNSEL.search(message):
        yield Hit("represented", m[0], ALL)
    if m := _ES_THREAT_IF.search(clause):
        yield Hit("es: threat if contacted again", m[0], ALL)
    if m := _NOTHING_TO_DO.search(clause):
        yield Hit("wants nothing to do with the firm", m[0], ALL)
    if (m := _REMOVAL_NOUN.search(clause)) and _actor(clause[: m.start()]) != "other":
        yield Hit("asks for removal", m[0], ALL)
    if (m := _COUNTING.search(clause)) and _actor(clause[: m.start()]) != "other":
        yield Hit("counts the contact", m[0], _channels_in(m[0]) or ALL, sure=False)
    if m := _NO_PERMISSION.search(clause):
        yield Hit("no permission", m[0], _channels_in(clause[m.end() :]) or ALL)
    m = _REPORTED.search(clause)
    if (
        m
        and _actor(clause[: m.start()]) != "other"
        and not _negated(clause[: m.start()])
        and not _BY_MISTAKE.search(message)
    ):
        yield Hit("reported or blocked", m[0], ALL)
    if (m := _WANT_DELETED.search(clause)) and not _negated(clause[: m.start()]):
        obj = m["obj"]
        named = PHONE if "number" in obj else EMAIL if "email" in obj else ALL
        yield Hit("wants details deleted", m[0], named)
    m = _SO_MANY.search(clause)
    if (
        m
        and not set(clause.split()) & _OTHERS
        # "a lot of calls since the wreck": from everyone, since the matter began
        and not re.search(r"\b(?:from|by|since|about)\s+(?:the|my|a|an)\b", clause[m.end() :])
    ):
        yield Hit("so many", m[0], _channels_in(m["obj"]), sure=False)
    if m := _ENOUGH.search(clause):
        yield Hit("enough", m[0], _channels_in(m["obj"]) or CONTEXT)
    if m := _DARE.fullmatch(message):
        yield Hit("dare", m[0], _channels_in(m[0]) or ALL)
    if (m := _WANTS_BACK.search(clause)) and not _negated(clause[: m.start()]):
        named = _channels_in(m["obj"]) if m["obj"] else frozenset()
        yield Hit("wants them again", m[0], named or frozenset({channel}), intent="start")
    if (
        (m := _ANNOYED.search(clause))
        and _actor(clause[: m.start()]) != "other"
        and not _ASKS_FOR_CONTACT.search(message)
    ):
        yield Hit("annoyed", m[0], CONTEXT, sure=False)
    words = set(message.split())
    if (m := _TOO_OFTEN.search(clause)) and _actor(clause[: m.start()]) != "other":
        yield Hit("too often", m[0], _channels_in(m["obj"]), sure=False)
    if (m := _LESS_OFTEN.search(clause)) and not _negated(clause[: m.start()]):
        obj = m["obj"] or m["obj2"] or m["obj3"] or m["obj4"]
        yield Hit("asks for less contact", m[0], _channels_in(obj), sure=False)
    if (
        (m := _SARCASM.search(message))
        and not words & (_OTHERS - {"lawyer", "lawyers", "attorney", "attorneys"})
        and not re.search(r"\b(?:from|by) (?:the|my|their|his|her)\b", message)
    ):
        yield Hit("sarcasm at the contact", m[0], _channels_in(m["obj"] or m["obj2"]), sure=False)
    if (m := _MAKE_IT_STOP.search(clause)) and not words & (
        _OTHERS | _THINGS - {"it", "this"} | _TROUBLES
    ):
        yield Hit("make it stop", m[0], CONTEXT)
    if re.fullmatch(
        r"(?:(?:yes|ok|okay|please)\s+)*(?:resume|restart|resubscribe)(?:\s+(?:me|us))?"
        r"(?:\s+please)?",
        message,
    ):
        yield Hit("resume", message, frozenset({channel}), intent="start")
    if (m := _RESUME.search(clause)) and not _negated(clause[: m.start()]):
        yield Hit("resume", m[0], _channels_in(m["obj"]) or frozenset({channel}), intent="start")
    if (m := _SUBSCRIBE_ME.search(clause)) and not _negated(clause[: m.start()]):
        named = _channels_in(m["obj"]) if m["obj"] else frozenset()
        yield Hit("subscribe me", m[0], named or frozenset({channel}), intent="start")


# "Water is pouring thru the ceiling. how do I make it stop?": a trouble at home, not our messages
_TROUBLES = {
    "water", "leak", "leaking", "leaks", "ceiling", "noise", "barking", "dog", "dogs", "smell",
    "mold", "heat", "alarm", "ringing", "bleeding", "garnishment", "harassment", "foreclosure",
    "eviction", "construction", "music", "flooding", "dripping", "roaches", "rats", "mice",
    "bugs", "neighbor", "neighbors", "upstairs", "downstairs", "super", "landlord",
}  # fmt: skip


# A reply made only of declines and courtesies ("We decided to go with another firm. Thanks
# anyway.", "I'm good, handled it myself", "ahorita no, gracias"): clause by clause, each one a
# decline or a courtesy, at least one a decline. A person decides, as for "not interested"; a
# clause of anything else ("No worries, Tuesday works") makes it a reply.
_KIN = (
    r"(?:brother|sister|cousin|uncle|aunt|dad|father|mom|mother|son|daughter|husband|wife|friend"
    r"|family|brother in law|sister in law|son in law|daughter in law|neighbor|boss|partner)"
)
_DECLINE_CLAUSE = re.compile(
    r"(?:(?:no|na+h+|nope|oh|well|honestly|actually|yeah|ok|okay|sorry|hey|hi|um|uh|lol|please|pls"
    r"|eh|meh|hmm|mija|mijo"
    r"|ight|aight|alright)\s+)*(?:"
    r"no|n|na+h+|nope|naw|nel|(?:no|know) thanks|(?:no|know) thank you|pass|hard pass|i will pass"
    # "So I guess thats a no", "We're going a different direction", "we already filed chapter
    # 13 with another office", "we have decided to work with the attorney who did our wills",
    # "we already have someone from disability advocates helping with the appeal"
    r"|(?:so )?(?:i )?guess (?:that s|thats|that is|it s|its) a no"
    r"|(?:we are|we re|were|i am|im|i m) (?:going|heading|gonna go) (?:in )?a different direction"
    r"|(?:(?:we|i) )?already filed(?: (?:chapter \d+|bankruptcy|for bankruptcy|the case|it))? with"
    r"(?: [a-z0-9]+){1,8}"
    r"|(?:at this time )?(?:(?:we|i) )?(?:have )?decided to (?:work|go|stay|stick) with (?:the|our"
    r"|my|a|another|an)(?: [a-z]+){0,3} (?:attorney|lawyer|firm|law firm|office)(?: [a-z]+){0,8}"
    r"|(?:(?:we|i) )?already (?:have|got) (?:someone|somebody)(?: from(?: [a-z]+){1,4})? (?:helping"
    r"|handling|working on)(?: [a-z]+){0,5}"
    r"|probably not|(?:the )?case is (?:over|done|closed)"
    r"|(?:i|we) (?:do not|dont) need (?:anyone|anybody|nobody|no one)"
    r"|(?:i )?changed my mind about (?:suing|the lawsuit|the case|it|all this|doing this)"
    r"|(?:ya )?no (?:necesito|ocupo) (?:un |una |el )?(?:lawyer|attorney|abogad[oa])"
    r"|i ll pass|ill pass"
    # "I am not needing the lawyer now, problem is finish"
    r"|(?:i am |im |i m )?not needing (?:the |a |an |any )?(?:lawyer|attorney|help|services)"
    r"(?: (?:now|anymore|any more))?"
    r"|(?:the )?problem is (?:finish|finished|solved|fixed|over|resolved|done)"
    # "Mi esposo ya arregló todo con la aseguranza", "ya me lo arreglaron"
    r"|(?:mi|nuestro|nuestra) [a-z]+ (?:ya )?(?:arreglo|resolvio|soluciono|se encargo de)"
    r" (?:todo|eso|esto)(?: con (?:el|la|mi) (?:seguro|aseguradora|aseguranza|compania|abogado))?"
    r"|(?:ya )?(?:me|nos) (?:lo|la) (?:arreglaron|resolvieron|solucionaron)"
    rf"|(?:ya )?no me interesa(?!{_AN_OFFER})(?: (?:el|la|los|las) [a-z]+)?"
    r"|(?:ya )?tengo quien me (?:lleve|represente|ayude con)(?: (?:el|mi) caso)?"
    # "the other driver's insurance is handling it"
    r"|(?:the |my |their )?(?:other driver s |other drivers )?(?:insurance|insurance company"
    r"|insurer|adjuster) (?:is|s|are) (?:handling|taking care of|covering|dealing with) (?:it"
    r"|this|everything|that)"
    # "Already have representation", "got a lawyer already"
    r"|(?:(?:i|we) )?(?:already )?(?:have|got|hired|retained|found) (?:a |an |my |our |legal )?"
    r"(?:own )?(?:representation|counsel|lawyer|attorney|law firm)(?: already| now)?"
    r"|(?:please|pls|plz) no|no (?:please|pls|plz)|ya no|ya no (?:gracias|por favor)"
    r"|(?:(?:i )?(?:think|guess) )?(?:i am |im |i m |i will |ill )?(?:going to |gonna )?pass"
    r"(?: on (?:it|this|that|this one|that one))?(?: for now)?"
    r"|(?:maybe|perhaps) (?:later|another time|some other time|next time|down the road"
    r"|in the future|some day|someday)|not (?:right )?now|not at (?:this|the) (?:time|moment)"
    r"|not today|not for now|not anymore|not any more|no longer"
    # "I think I'm just gonna drop it": the claim let go
    r"|(?:(?:i )?(?:think|guess) )?(?:i am |im |i m |i will |ill |we are |we will |well )?"
    r"(?:just )?"
    r"(?:going to |gonna )?(?:just )?(?:drop|let go of|forget about|walk away from) (?:it|this"
    r"|the (?:whole )?(?:claim|case|thing|matter)|my (?:claim|case)|the whole thing)"
    r"|(?:(?:i )?(?:think|guess) )?(?:i am |im |i m |i will |ill |we are |we will )?(?:going to"
    r" |gonna )?(?:just )?let (?:it|this|the (?:whole )?(?:claim|case|thing|matter)) go"
    r"|(?:(?:i|we) )?(?:have |already |just |ended up |finally )*(?:decided|chose|chosen|went|gone"
    r"|are going|am going|will go|signed|retained|hired|found|picked|got)\s+(?:to go |going )?"
    r"(?:with )?(?:(?:another|a different|other|someone else|somebody else|a local|my own"
    r"|our own|a|an)\s+)?(?:firm|lawyer|attorney|office|law firm|law office|company|one"
    r"|someone|somebody|someone else|somebody else|attorney"
    r" instead|lawyer instead|firm instead)(?: instead| already| for (?:it|this|that))?"
    # "I went with another firm closer to home"
    r"(?: (?:closer to (?:home|me|work)|near (?:me|home|my house)|in my area|nearby|locally"
    r"|in town|down the street))?"
    r"|(?:(?:i|we) )?(?:have |already |just |finally )*(?:handled|worked|sorted|figured|taken care"
    r"|took care|settled|resolved|dealt|fixed|closed)(?: of| with| out)? (?:it|this|that|things"
    r"|everything|it all|all of it|the claim|the case|my claim|my case|the matter|everything"
    r" out)(?: out)?(?: (?:myself|ourselves|on my own|on our own|already|now|directly|with (?:the"
    r"|my|their|his|her) (?:insurance|insurer|adjuster)(?: company)?))*"
    r"|(?:it|this|that|the (?:case|claim|matter|issue)|my (?:case|claim)|everything)"
    r" (?:is|has been|was|got|s) (?:already )?(?:settled|resolved|closed|handled|taken care of"
    r"|over|done|sorted|sorted out|worked out|fixed)"
    r"|(?:(?:i|we) )?(?:do not|no longer|really do not) need (?:a |an |the |any |your |legal )?"
    r"(?:lawyer|attorney|help|services|legal help|representation|anything|it|one|law firm|yall"
    r"|you|you guys|you all|y all"
    r"|assistance|legal assistance)"
    r"(?: anymore| any more| now| after all| right now| at this time)?"
    # "so I dont think I need you guys anymore"
    r"|(?:(?:i|we) )?(?:do not|dont) think (?:i|we) (?:need|will need) (?:a |an |the |any |your"
    r" |legal )?(?:lawyer|attorney|help|services|representation|you|you guys|yall|y all|you all"
    r"|one)(?: anymore| any more| now| after all| right now)?"
    r"|(?:i am |we are |am )?not looking for (?:a |an |any )?(?:lawyer|attorney|representation"
    r"|help|legal help|law firm)(?: anymore| any more| right now| at this time)?"
    r"|(?:(?:i am|we are|im|i m|am)\s+(?:good|all good|all set|set|fine|ok|okay|straight|covered"
    r"|good on that|ok on that|fine without)|all good|all set|we re good|were good|we are good)"
    r"(?: (?:now|here|thanks|for now|on my end|on our end|on this end|over here|already"
    r"|at the moment|at this point|with that|on that|fr|frfr|tho|though|bro|fam))*"
    # "My son found me an attorney already", "my brother already helped me con lo de la corte"
    rf"|(?:my|our|mi) (?:{_KIN}|hijo|hija|hermano|hermana|esposo|esposa|primo|prima|tio"
    r"|tia)"
    r" (?:already |ya )?(?:(?:me|nos) )?(?:found|got|hired|helped|ayudo|consiguio|encontro"
    r"|contrato)"
    r"(?: (?:me|us))?(?: (?:an? |un |una |el |la )?(?:attorney|lawyer|abogad[oa]))?(?: already)?"
    r"(?: (?:alla |aqui |aca )?(?:with|con|en|in)(?: [a-z]+){1,5})?"
    r"|(?:(?:i|we) )?(?:will not|wont|do not|dont|would not) (?:be needing|need) (?:your|any)"
    r" (?:assistance|help|services|representation)"
    r"|(?:(?:i|we) )?(?:have |already |just )*(?:retained|hired|found|got) (?:a |an |my |our )?"
    r"(?:attorney|lawyer|law firm|counsel) (?:already )?for (?:this|the|my) (?:matter|case|claim"
    r"|accident|issue)"
    r"|not today(?: satan)?"
    r"|(?:(?:i|we) )?(?:(?:do not|really do not) want|no longer want) (?:a|an|any) (?:lawyer"
    r"|attorney|law firm)(?: (?:anymore|right now|thanks))*"
    # "we have decided to handle my mom's probate ourselves", "You can close our file"
    r"|(?:(?:i|we) )?(?:have |already |just )*(?:decided|chose|choose|plan|are going|am going)"
    r" to (?:handle|deal with|take care of|do) (?:it|this|that|(?:my|our|the) [a-z ]{1,30}?)"
    r" (?:ourselves|myself|on (?:my|our) own)"
    r"|(?:you can |please |pls )?close (?:my|our|the) (?:file|inquiry|case|request|matter)"
    r"|(?:we|i) (?:will|are|am) not (?:be )?(?:moving|going) forward(?: with [a-z ]{1,30})?"
    r"|(?:please )?do not send (?:me |us )?(?:any )?(?:further|more|additional) (?:information"
    r"|info|materials|details)"
    r"|(?:ya )?(?:estoy|soy) (?:muy )?(?:grande|viej[oa]|viejit[oa]|mayor) para [a-z ]{1,30}"
    r"|(?:i )?already (?:talked|spoke|spoken) (?:to|with) (?:someone|somebody|a lawyer|an attorney"
    r"|another lawyer|another firm)"
    # "we settled with the insurance company last month", "already settled with insurance"
    r"|(?:(?:i|we) )?(?:have |already |just |finally )*(?:settled|resolved|closed|finished)"
    r"(?: (?:it|this|that|everything|the claim|my claim|the case|my case|the matter))?"
    r"(?: (?:with|through) (?:the |my |their |his |her )?(?:other driver s |other party s "
    r"|other drivers |other partys )?"
    r"(?:insurance|insurance company|insurer|adjuster|other driver|other party|them"
    r"|[a-z]+ insurance))?(?: (?:already|last (?:week|month|year)|yesterday|a while ago"
    r"|(?:a )?(?:few |couple (?:of )?)?(?:days?|weeks?|months?|years?) ago|out of court))*"
    r"|(?:i|we) (?:have |already |just )?changed (?:my|our) minds?"
    r"|(?:at this time )?(?:(?:i|we) )?(?:have )?(?:decided|chose|choose|prefer|would rather)"
    r" (?:not to|to not)"
    r" (?:pursue|go forward with|move forward with|proceed with|do anything about|file|sue"
    r"|get a lawyer for|get a lawyer)(?: (?:it|this|that|anything|a claim|the claim|a case|the"
    r" case|the matter|this matter|this further|it further))?(?: further)?(?: (?:at this time"
    r"|right now|for now|at the moment|anymore|after all))?"
    r"|(?:i am |im |we are )?not pursuing (?:it|this|anything|a claim|the claim|a case"
    r"|legal action)"
    r"|(?:the |my |their )?(?:insurance|insurance company|insurer|other driver s insurance"
    r"|other drivers insurance|other drivers insurance company)"
    r" (?:already |has already |has |have |just )?(?:settled|paid|covered|took care of)"
    r"(?: it| everything| with me| me| the claim| my claim| my bills| in full| already)*"
    r"|(?:(?:i|we) )?(?:have |got |ve got )?(?:it|this|that|everything|it all) (?:all )?(?:handled"
    r"|covered|taken care of|under control|sorted|sorted out|squared away)"
    # "we're all squared away", "everything's been taken care of by my insurance"
    r"|(?:(?:i am|we are|im|i m) )?all (?:squared away|sorted|sorted out|taken care of|handled"
    r"|covered|settled|done)(?: (?:now|here|thanks|already|on my end|on our end))*"
    r"|(?:everything|it|this|that|it all|the (?:case|claim|matter))(?: s| is| has| was| got)?"
    r"(?: been)? (?:already )?(?:taken care of|handled|sorted|sorted out|resolved|settled"
    r"|squared away|covered|paid)(?: (?:by|through|with) (?:the |my |their )?(?:insurance"
    r"|insurer|adjuster|other driver s insurance)(?: company)?)?(?: (?:now|already))*"
    r"|everythings (?:already )?(?:been )?(?:already )?(?:taken care of|handled|sorted|resolved"
    r"|settled"
    r"|squared away|covered|paid)(?: (?:by|through|with) (?:the |my |their )?(?:insurance"
    r"|insurer|adjuster)(?: company)?)?"
    r"|(?:it is |its |it s |this is |that is |thats |that s )?(?:not needed|no longer needed"
    r"|not necessary|no longer necessary"
    r"|not required)(?: anymore| any more| now)?"
    # Spanish
    r"|no gracias|ahorita no|ahora no|por ahora no|no por ahora|ahorita no puedo"
    r"|(?:tal vez|quizas|quiza|a lo mejor) (?:despues|luego|mas tarde|mas adelante|otro dia"
    r"|en otra ocasion)|mas adelante|en otra ocasion"
    r"|(?:ya )?(?:lo )?(?:resolvi|arregle|solucione|resolvimos|arreglamos)(?: todo)?(?: (?:con"
    r" (?:el|la|mi) (?:seguro|aseguradora|aseguranza)|yo sol[oa]|por mi cuenta))?"
    # "ya me pagó la aseguranza", "la aseguradora ya me pagó"
    r"|(?:ya )?(?:me |nos )?(?:pago|pagaron|cubrio|cubrieron|arreglo|arreglaron|resolvio"
    r"|resolvieron)(?: todo)? (?:el|la|mi) (?:seguro|aseguradora|aseguranza|compania)"
    r"|(?:el|la|mi) (?:seguro|aseguradora|aseguranza) ya (?:me |nos )?(?:pago|cubrio|arreglo"
    r"|resolvio)(?: todo)?"
    r"|(?:ya )?se (?:arreglo|resolvio|soluciono)(?: todo)?"
    # "ya todo quedó arreglado con el seguro", "ya no hace falta"
    r"|(?:ya )?(?:todo )?(?:quedo|esta|ya esta|quedamos) (?:todo )?(?:arreglado|resuelto"
    r"|solucionado|pagado|arreglados|bien)(?: con (?:el|la|mi) (?:seguro|aseguradora"
    r"|aseguranza|compania))?"
    r"|ya no (?:hace falta|es necesario|lo necesito|se necesita)"
    # "ya no requiero asesoría", "así déjelo": no longer needed, leave it
    r"|(?:ya )?no (?:requiero|necesito|ocupo) (?:la |su |sus |de )?(?:asesoria|asesoramiento"
    r"|servicios|representacion)(?: legal)?(?: ya)?"
    r"|(?:asi )?(?:dejelo|dejalo|dejenlo|dejemoslo)(?: asi)?(?: por la paz)?"
    r"|(?:ya )?no necesito (?:un |una |el |la |los |su )?(?:abogad[oa]|ayuda|sus servicios"
    r"|servicios?|nada)"
    r"(?: ya)?|(?<!\bno )(?:ya )?(?:contrate|tengo|consegui|encontre"
    r"|busque) (?:a )?(?:(?:otr[oa]|un|una"
    r"|mi) )?(?:abogad[oa]|despacho|firma|oficina|bufete)|(?:ya )?me fui con otr[oa]"
    r" (?:abogad[oa]|despacho|firma|oficina|bufete)"
    r"|(?:estoy|estamos) bien(?: asi| ya| gracias)?|no me interesa|no estoy interesad[oa]"
    # "ya me ayudó otro abogado", "otro abogado me está ayudando": someone else helps.
    r"|(?:ya )?(?:me|nos) (?:ayudo|ayudaron|esta ayudando|estan ayudando|representa|representan"
    r"|atiende|atendio|lleva|llevan|esta llevando) (?:el caso |mi caso |el reclamo )?(?:otr[oa]"
    r"|un|una|mi) (?:abogad[oa]|despacho|firma|oficina|bufete)"
    r"|(?:ya )?(?:otr[oa]|mi) (?:abogad[oa]|despacho|firma|oficina|bufete) (?:ya )?(?:me|nos)"
    r" (?:ayudo|ayudaron|esta ayudando|representa|atiende|atendio|lleva)(?: el caso| mi caso)?"
    # "ya no voy a seguir con el reclamo", "decidí no seguir con el caso": the claim dropped.
    r"|(?:ya )?no (?:voy|vamos|quiero|queremos) (?:a )?(?:seguir|continuar|proceder|reclamar"
    r"|demandar|hacer nada)(?: (?:adelante )?con (?:el|mi|la|este|esto|nuestro) ?(?:reclamo|caso"
    r"|demanda|asunto|proceso)?)?"
    r"|(?:ya )?(?:decidi|decidimos) no (?:seguir|continuar|proceder|reclamar|demandar)(?: (?:con"
    r" (?:el|mi|la|este|esto) ?(?:reclamo|caso|demanda|asunto|proceso)?))?"
    # "already taken care of", "all handled".
    r"|(?:already|all|been) (?:taken care of|handled|sorted|sorted out|resolved|settled"
    r"|squared away)(?: (?:now|already|thanks))*"
    # "we have decided to handle this on our own", "I'll deal with it myself".
    r"|(?:(?:i|we) )?(?:(?:have |already |just )*(?:decided|chose|choose|plan|prefer|want|would"
    r" like|are going|am going) to |(?:will|can|am going to|are going to|gonna) )(?:handle|deal"
    r" with|take care of|manage|sort out|pursue|fight|settle|do) (?:this|it|that|things"
    r"|everything|the claim|my claim|the case|my case|the matter)(?: (?:on (?:my|our) own"
    r"|myself|ourselves|alone|by (?:myself|ourselves)|without (?:a )?(?:lawyer|attorney|help"
    r"|representation)|directly(?: with (?:the|my|their) (?:insurance|insurer|adjuster))?))+"
    # "my brother is a lawyer, he's handling it": someone else handles it.
    rf"|(?:my|our) {_KIN} (?:is|s) (?:a |an )?(?:lawyer|attorney|paralegal)"
    rf"(?: (?:and )?(?:(?:he|she|they) (?:is|s|are|re|will be|has been)|hes|shes|theyre)"
    rf" (?:handling|taking care of"
    rf"|dealing with|helping (?:me|us) with) (?:it|this|that|everything|the claim|the case|my"
    rf" claim|my case))?"
    rf"|(?:(?:he|she|they) (?:is|s|are|re|will be|has been)|hes|shes|theyre|(?:my|our) {_KIN}"
    rf" (?:is|s|will be|has been)|someone else is|somebody else is|another (?:lawyer|attorney"
    rf"|firm) is) (?:already )?(?:handling|taking care of|dealing with|helping (?:me|us) with"
    rf"|working on) (?:it|this|that|everything|the claim|the case|my claim|my case)(?: for"
    rf" (?:me|us))?"
    # "We got back together", "My wife and I reconciled": the marriage, not the firm
    rf"|(?:(?:my|our) {_KIN} and (?:i|me) |(?:we|i) )?(?:have |ve |just |finally )*(?:reconciled"
    r"|got back together|are back together|re back together|(?:are|re) working (?:it|things) out)"
    r"(?: (?:now|again|after all|last (?:week|month)))*"
    # "I hired the lawyer my cousin used", "my husband decided to go with the union lawyer"
    rf"|(?:(?:i|we) |(?:my|our) {_KIN} )?(?:have |ve |already |just )*(?:hired|retained|went with"
    r"|got|chose|decided to go with|decided to use|is going with|went ahead with) (?:the|a|our"
    rf"|my) (?:(?:union|company|local|family|[a-z]+ s) )?(?:lawyer|attorney|firm|law firm)"
    rf"(?: (?:my|our) {_KIN} (?:used|had|recommended|uses|knows))?(?: for (?:hers|his|theirs"
    r"|her case|his case|it|this))?(?: too)?"
    # "so we won't need this"
    r"|(?:so )?(?:(?:i|we) )?(?:will not|wont|won t) (?:be needing|need) (?:this|it|that|you|yall"
    r"|you guys|a lawyer|an attorney|your (?:help|services))(?: (?:anymore|after all|now))?"
    # "We already have an attorney handling my father's claim"
    r"|(?:(?:i|we) )?(?:already )?(?:have|got) (?:a |an |our |my )?(?:attorney|lawyer|law firm)"
    r" (?:handling|working on|helping (?:us |me )?with|taking care of) (?:it|this|that|(?:my|our"
    r"|the|his|her) [a-z ]{1,30}?)(?: already| now)?"
    # "At this time I've decided not to pursue anything against my employer"
    r"|(?:at this time )?(?:(?:i|we) )?(?:ve |have )(?:decided|chosen) (?:not to|to not)"
    r" (?:pursue|file|sue|go forward with|move forward with|proceed with|do)(?: (?:it|this|that"
    r"|anything|a claim|the claim|a case|the case|the matter))?(?: (?:against|with) (?:my|the"
    r"|our|his|her) [a-z]+)?(?: (?:at this time|right now|for now|anymore))?"
    # "dont need nothing", "I don't think I need anything"
    r"|(?:(?:i|we) )?(?:do not|dont) (?:think (?:i|we) )?need (?:nothing|anything|no help"
    r"|no lawyer|any help)(?: (?:else|anymore|any more|now|right now|from (?:you|yall)))*"
    # "I'm just gonna let comp handle it": the claim left to the employer's insurance
    r"|(?:i am |im |i m |we are |were )?(?:just )?(?:going to |gonna )?(?:just )?let (?:comp"
    r"|workers comp|work comp|the insurance|insurance|the insurance company|my employer"
    r"|the company|the union|the adjuster) (?:handle|take care of|deal with) (?:it|this|that"
    r"|everything)"
    # "I went back to work Monday": the injured worker back at the job
    r"|(?:(?:i|we) )?(?:am |m )?(?:already )?(?:went back|back|going back|returned) (?:to|at)"
    r" work(?: (?:now|already|full time|full duty|last week|this week|on monday|monday|tuesday"
    r"|wednesday|thursday|friday|yesterday))*"
    # Tagalog: "okay na kami" (we're fine now), "ayos na po"
    r"|(?:no thank you po|salamat po|salamat)|(?:okay|ok|ayos) na(?: po)?(?: (?:kami|ako)(?: po)?)?"
    # "My auntie doesnt need help no more"
    rf"|(?:my|our) (?:{_KIN}|auntie|grandma|grandpa|granny) (?:does not|doesnt|no longer) needs?"
    r" (?:help|a lawyer|an attorney|anything|you|yall|your help)(?: (?:no more|anymore|any more))?"
    # "he has engaged other counsel for the renewal of the lease"
    r"|(?:(?:he|she|we|i|they|mr [a-z]+|ms [a-z]+) )?(?:has |have |ve |s )?(?:engaged|retained"
    r"|hired) (?:other|another|different|new|outside) (?:counsel|attorney|lawyer|firm)"
    r"(?: for [a-z ]{1,40}?)?"
    # "My case was resolved through my employer's insurance carrier last month"
    r"|(?:my|our|the) (?:case|claim|matter) (?:was|has been|got|is) (?:already )?(?:resolved"
    r"|settled|closed|taken care of) (?:through|with|by) (?:my |the |their |our )?[a-z ]{1,40}?"
    r"(?: (?:last (?:week|month|year)|yesterday|already))?"
    r"|(?:ya )?conseguimos (?:un |una |otr[oa] )?abogad[oa](?: para [a-z ]{1,40}?)?"
    # "i went with legal aid, they're helping me for free"
    r"|(?:(?:i|we) )?(?:already |just )?(?:went|am going|are going|signed up) with (?:the )?"
    r"(?:legal aid|legal services|a legal clinic|the union lawyer|the union)(?: [a-z]+){0,3}"
    r"|(?:they|legal aid) (?:are|re|is|s) (?:helping|representing) (?:me|us)(?: for free)?"
    # "I already retained an attorney yesterday", "so I think I'm all set"
    r"|(?:(?:i|we) )?(?:already )?(?:retained|hired|got|found) (?:an? |my )?(?:attorney|lawyer)"
    r" (?:yesterday|today|last (?:week|month)|this (?:week|morning))"
    r"|(?:so )?(?:i|we) think (?:i am|im|i m|we are|we re) (?:all set|good|covered|ok|okay)"
    # "Legal aid took my case so I'm good", "my claim got closed already, nothing to do"
    r"|(?:legal aid|another (?:lawyer|firm|attorney)|a lawyer|an attorney|my union|the union)"
    r"(?: from (?:the |my )?[a-z]+)? (?:took|has taken|is taking|picked up) (?:my|the|our)"
    r" (?:case|claim)"
    r"|nothing (?:to do|left to do|more to do)(?: here| now)?"
    r"|(?:(?:i|we) )?(?:do not|dont) need (?:this|that|it) (?:no more|anymore|any more)"
    # "Ya llegamos a un acuerdo con el dueño del apartamento"
    r"|(?:ya )?(?:llegamos|llegue) a un acuerdo(?: con (?:el|la|mi) [a-z]+(?: del? [a-z]+)?)?"
    # "Ya nos arreglamos con el dueño, no hace falta"
    r"|no hace falta(?: nada)?|(?:ya )?nos arreglamos(?: con (?:el|la|mi|mis) [a-z]+)?"
    # "I'll reach out if I need you": the person will call when they want the firm.
    r"|(?:(?:i|we) (?:will|can|may|might)|ill|well) (?:reach out|contact you|call you"
    r"|get in touch|let you know"
    r"|be in touch|get back to you|text you|email you|reach out to you|give you a call"
    r"|call)(?: again)? if (?:i|we) (?:ever )?(?:need|change (?:my|our) minds?|decide|want)"
    r"(?: (?:you|anything|help|a lawyer|an attorney|to|it|your (?:help|services)|one|something))*"
    r")(?: (?:mija|mijo|joven|hon|honey|dear|sir|maam|buddy|bro|fam|man|dude|senora|senor"
    r"|gracias a dios|gracias|thank god|praise god))?"
)
_COURTESY_CLAUSE = re.compile(
    r"(?:(?:hey|hi|hello|ok|okay|well|and)\s+)?"
    r"(?:thanks|thank you|thx|ty|tysm|just letting you know|fyi|just so you know"
    r"|thanks anyway|thanks though|thank you anyway|thanks again"
    r"|thank u|thanks u|thx u|(?:thanks|thank you) for getting back to me"
    r"|(?:thanks|thank you) for (?:reaching out|getting back to me|responding|the quick (?:reply"
    r"|response)) so (?:quickly|fast|soon|promptly)"
    r"|(?:thanks|thank you)(?: (?:so|very) much)? for (?:your|the) (?:kind |kindly )?(?:help|time"
    r"|offer|message|info|information|follow ups?|concern|email|e mail|note|letter|reply|response"
    r"|prompt reply|prompt response|outreach)"
    r"|thank you though|appreciate it|i appreciate it|appreciate you|appreciate you reaching out"
    r"|i appreciate you reaching out|thanks for reaching out|thank you for reaching out"
    r"|thanks for checking|thank you for checking in|thanks for checking in|sorry|bye|have a good"
    r"|(?:thanks|thank you) for (?:your time|the info|the information|the offer|the follow up"
    r"|following up|the help|everything|your help|the message|the text|the email|asking"
    r"|understanding)|i appreciate (?:the|your) (?:follow up|help|time|offer|message|info"
    r"|information|concern)|appreciate (?:the|your) (?:follow up|help|time|offer)"
    r"|best|regards|best regards|kind regards|sincerely|cheers|respectfully"
    r" (?:day|one|night|evening|week)|take care|god bless|ok|okay|lol|hi|hello|hey|good morning"
    r"|good afternoon|i mean|anyway|anyways|regardless|though|tho|but|no worries|all the best"
    r"|gracias|muchas gracias|gracias de todos modos|gracias igual|igual gracias|de todos modos"
    r"|gracias a dios|bendiciones|dios los bendiga"
    r"|gracias por todo(?: (?:licenciad[oa]|lic|abogad[oa]))?|thanks (?:anyway )?for trying"
    r"|done|that is it|thats it|that s it"
    r"|best of luck|good luck|good luck to you|wish you (?:the best|luck|well)"
    r"|gracias por (?:su|tu) (?:correo|mensaje|tiempo|ayuda|atencion|informacion|llamada)"
    r"|saludos|buen dia|buenos dias|buenas tardes|buenas|hola|disculpe|disculpa|perdon"
    r"|bendiciones|que tenga buen dia|que le vaya bien|ok gracias|please|pls|por favor"
    r"|que dios (?:los|lo|la|te|les|le) bendiga|dios (?:los|lo|la|te|les|le) bendiga"
    r"|que pena con (?:usted|ustedes)|(?:muchas )?gracias por (?:la|su) atencion"
    r"|(?:muy|son muy|es muy) amables?|(?:le|les) agradezco(?: mucho| de corazon)?"
    r"|que (?:este|esten) bien|respectfully|saludos desde [a-z]+|estimad[oa]s?"
    r"|(?:you|yall) (?:have|ve) been (?:really |so |very )?(?:nice|kind|helpful)"
    r"|que pena con (?:usted|ustedes)|k|kk|k bye|ok bye|bye bye"
    r"|thank you for understanding|thanks for understanding)"
    r"(?:\s+(?:though|anyway|anyways|again|so much|very much|a lot|tho))*"
)


# A decline that stands whatever reason follows it ("I don't need a lawyer, it was a minor
# fender bender"), unless another clause asks or engages ("... but I need one for the crash").
_STRONG_DECLINE = re.compile(
    r"(?:(?:no|na+h+|nope|sorry|thanks|thank you|ok|okay)\s+)*(?:(?:i|we) )?(?:do not|no longer"
    r"|really do not) need (?:a |an |any |your |legal )?(?:lawyer|attorney|help|services"
    r"|representation|law firm)(?: anymore| any more| now| after all)?(?: (?:lol|tbh|honestly))*"
    r"|(?:(?:no|na+h+|nope|sorry|thanks|thank you|ok|okay|eh|meh|um|uh|hmm)\s+)*"
    r"(?:i am |we are |im |am )?"
    r"(?:(?:i )?(?:do not|dont) think (?:i am|im|i m|we are) (?:really |still )?"
    r"|(?:not|no longer) (?:really |that |very |too )?)interested(?: in (?:a |an |any |your )?"
    r"(?:lawyer|attorney|law firm|consult|consultation"
    r"|legal help|representation|services|help|lawyers|attorneys|suing|a claim|a lawsuit"
    r"|pursuing (?:this|it|a claim|anything)))?(?: anymore| any more| at all)?"
    r"(?: (?:thanks|thank you|thx"
    r"|anyway|though|sorry|tbh|honestly|rn|atm|lol|at this point|at this time|right now|for now))*"
    r"|(?:ya )?no necesito (?:un |una )?(?:abogad[oa]|ayuda|sus servicios)"
    rf"|no me interesa(?!{_AN_OFFER})"
    r"|no estoy interesad[oa]"
    # "I went with somebody else", "Please close my case", "the case got dismissed i dont need
    # nothing", "Ya no quiero seguir con el caso"
    r"|(?:(?:i|we) )?(?:am |are |m |re )?going with (?:another|a different|somebody else"
    r"|someone else|other) (?:firm|lawyer|attorney|office|one)(?: sorry| thanks)?"
    r"|(?:nvm |never mind )?(?:i am |im |we are )?not (?:gonna|going to) (?:do the case|do this"
    r"|sue|pursue (?:it|this|the case))(?: anymore)?"
    r"|not rn"
    r"|(?:(?:i|we) )?(?:am |are |m |re )?going to go with (?:the|a|another) (?:firm|lawyer"
    r"|attorney|office)(?: [a-z]+){0,4}"
    r"|(?:i )?(?:already )?said no(?: (?:yesterday|already|before|last week|earlier))?"
    r"|(?:i am |im )?not doing this(?: anymore)?|que no"
    r"|(?:(?:i|we) )?(?:already |just |finally )?went with (?:another|a different|somebody else"
    r"|someone else|other|another one|a local)(?: (?:firm|lawyer|attorney|office|one))?"
    r"|(?:you can |please |pls )?close (?:out )?(?:my|our|the) (?:file|case|matter|claim)"
    r"|(?:(?:the|my) (?:case|claim) (?:got|was|has been|is) (?:dismissed|dropped|thrown out|closed)"
    r" )?(?:i|we) (?:do not|dont) need (?:nothing|anything|no lawyer|no help)(?: (?:anymore|now))?"
    r"|(?:ya )?no (?:quiero|queremos) seguir(?: con (?:el|mi|este|nuestro) (?:caso|reclamo|proceso"
    r"|tramite))?"
    # "so I don't think I will need your services", "he has engaged other counsel", "ya
    # conseguimos un abogado para lo de la herencia": a decline a long email may wrap
    r"|(?:so )?(?:i|we) (?:do not|dont) think (?:i|we) (?:will |would )?need (?:your|any)"
    r" (?:services|help|assistance|representation)"
    r"(?: (?:anymore|any more|at this time|now|after all))*"
    r"|(?:(?:he|she|we|i|they) )?(?:has |have |ve |s )?(?:engaged|retained) (?:other|another"
    r"|different|outside) (?:counsel|attorney|lawyer|firm)(?: for (?:the |this |our |his |her )?"
    r"[a-z0-9 ]{1,40}?)?"
    r"|(?:pero )?(?:ya )?conseguimos (?:un |una |otr[oa] )?abogad[oa](?: para [a-z ]{1,40}?)?"
)
_ENGAGING = re.compile(
    r"\b(?:need|needs|want|wants|help|call me|text me|email me|can you|could you|would you"
    r"|do you|how|what|when|where|why|who|is it|is there|should|still|can we|let me know"
    r"|tell me|yes|yeah|yep|sure|necesito|quiero|ayuda|ayudar|ayudarme|llamenme|pueden|puede"
    r"|como|cuando|donde|todavia|si me)\b"
)


# "... Best, Robert", "Regards, Thomas Okafor": a sign-off with the writer's name.
_SIGN_OFF = re.compile(
    r"\s(?:best|regards|best regards|kind regards|sincerely|cheers|thanks|thank you|saludos"
    r"|atentamente)\s*,?\s*(?:[a-z]+\s*){1,2}\.?\s*$"
)


# Short declines of any wording: "no I don't want to", "not for me", "not suing anyone", "I'm not
# doing anything about it"; and clauses that only soften one ("never mind", "it's fine").
_DECLINE_SHORT = re.compile(
    r"(?:(?:no|na+h+|nope|oh|well|honestly|ok|okay|yeah)\s+)*(?:"
    r"(?:i|we) (?:just |really |honestly )?do not want (?:to|it|that|one|any|this|them)"
    r"|(?:it is |this is |that is |its |thats )?(?:just |really )?not for (?:me|us)"
    # "I don't want to move forward", "I don't want to talk about the accident anymore"
    r"|(?:i|we) (?:just |really |honestly )?do not want to (?:move forward|go forward|proceed"
    r"|go ahead|continue|pursue (?:it|this|anything|a claim|the claim|a case)|do (?:this|it)"
    r"|talk about (?:it|this|that|the accident|the crash|the case|the claim|my case|my claim))"
    r"(?: with (?:it|this|that|the claim|the case|anything|you))?(?: (?:anymore|any more"
    r"|at all|right now))*"
    r"|(?:i am |im |i m |we are )?not (?:going to |gonna |planning to |planning on )?(?:sue|suing"
    r"|pursuing|filing|doing anything|doing nothing)(?: (?:anyone|anybody|anything|it|this|that"
    r"|a claim|a case|a lawsuit|about it|about this|about that))*)"
)
_SOFTENER_CLAUSE = re.compile(
    r"(?:it is|its|that is|thats|it s) (?:fine|ok|okay|alright|all good)|oh well"
    # reasons beside a decline: "I did not fill out any form", "my husband and I have reconciled"
    r"|(?:i|we) (?:did not|never|didnt) (?:fill out|fill in|sign up for|request|ask for|submit)"
    r"(?: (?:any|a|this|anything|the|that))?(?: [a-z]+)?"
    r"|(?:my|our) (?:husband|wife|partner|spouse|ex|boyfriend|girlfriend)"
    r"|(?:(?:i|we) )?(?:have )?(?:reconciled|got back together|worked (?:it|things) out)"
    r"|ok then|okay then"
    r"|(?:i )?(?:thought|have thought|ve thought|been thinking|was thinking) (?:about it|it over)"
    r"(?: (?:more|some more|a lot|a bit))?"
    # "ahorita no tengo dinero pa abogado": a reason given beside a decline, not one alone
    r"|(?:el seguro|la aseguranza|la aseguradora|ya)(?: ya)? me (?:pago|pagaron)"
    r"|(?:ok )?(?:so )?(?:i )?talked (?:to|with) my (?:wife|husband|family|partner|mom|dad|kids)"
    r"(?: about it)?|have a (?:good|great|nice) (?:one|day|night|week|weekend)"
    r"|(?:it is|its|it s) not worth (?:it|the stress|the hassle|the trouble|the time)"
    r"|(?:the injury|it) (?:was not|wasnt|wasn t) (?:that |so |very )?(?:bad|serious)"
    r"|(?:(?:ahorita|ahora|por ahora) )?no tengo (?:dinero|con que pagar|para pagar)"
    r"(?: (?:pa|para) (?:un |el )?abogad[oa])?"
)


_GREETING_FIRST = re.compile(
    r"(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenas(?: tardes| noches)?"
    r"|buenos dias)(?: (?:sir|maam|there|all|team|senor|senora))?\s+"
)
_GREETING = re.compile(
    r"(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenas(?: tardes| noches)?"
    r"|buenos dias)(?: (?:mr|ms|mrs|miss|dr|sir|maam|sr|sra|lic))?(?: [a-z]+){0,3}"
)


def _decline_clause(clause: str) -> bool:
    return bool(_DECLINE_CLAUSE.fullmatch(clause) or _DECLINE_SHORT.fullmatch(clause))


def _only_declines(normal: str) -> bool:
    normal = _SIGN_OFF.sub(" ", f" {normal}")
    clauses = [
        c.strip()
        for c in re.split(
            r"\s(?:\.|,|but|pero|and|y|so(?! (?:quickly|fast|soon|much|promptly)\b)|though|tho"
            r"|anyway)(?=\s)"
            r"|(?=\s(?:who gave|(?:how|where) did (?:you|u) (?:even |ever )?get)\s)",
            f" {normal} ",
        )
    ]
    clauses = [c for c in clauses if c and c != "."]
    if (
        clauses
        and (greeting := _GREETING_FIRST.match(clauses[0]))
        and not _GREETING.fullmatch(clauses[0])
    ):
        clauses[0] = clauses[0][greeting.end() :]  # "hello sir i am not needing the lawyer now"
    if clauses and _GREETING.fullmatch(clauses[0]):
        # "Hi Ms. Tran, thanks for the info, but ...": the greeting, and a name cut off it
        clauses = clauses[2:] if len(clauses) > 1 and len(clauses[1].split()) == 1 else clauses[1:]
    declines = [c for c in clauses if _decline_clause(c)]
    if declines and all(
        _decline_clause(c) or _COURTESY_CLAUSE.fullmatch(c) or _SOFTENER_CLAUSE.fullmatch(c)
        for c in clauses
    ):
        return True
    strong = [c for c in clauses if _STRONG_DECLINE.fullmatch(c)]
    return bool(strong) and not any(
        _ENGAGING.search(c)
        for c in clauses
        if c not in strong and not _DECLINE_CLAUSE.fullmatch(c) and not _SUSPICIOUS.search(c)
    )


# "who gave u my email", "how did you get my number": asked in suspicion, not engaging.
_SUSPICIOUS = re.compile(
    r"\b(?:who gave (?:you|u|yall)|(?:how|where) did (?:you|u|yall) (?:even |ever )?get)"
    r" (?:my|this)\b"
)


def frame_hits(normal: str, channel: str) -> Iterator[Hit]:
    """Every frame found in normalised `normal`, clause by clause; the declines only as the
    whole message."""
    message = " ".join(normal.replace(",", " ").replace(".", " ").split())
    message = re.sub(r"(?: (?:bro|bruh|dude|man|fam|homie))+$", "", message)  # "nah im good bro"
    if (
        (asked := _ASKED_BEFORE.search(message))
        and _STILL_HEARING.search(message[asked.end() :])
        and not _SENT_ELSEWHERE.match(message[asked.end() :])
    ):
        yield Hit("asked before, still contacted", asked[0], _channels_in(message) or ALL)
    if _DECLINE.fullmatch(message):
        yield Hit("declines", message, ALL, sure=False)
    if _DECLINE_BARE.fullmatch(message):
        yield Hit("declines", message, ALL, sure=False)
    if _ES_DECLINE.fullmatch(message):
        yield Hit("es: declines", message, ALL, sure=False)
    elif _only_declines(normal):
        yield Hit("declines", message, ALL, sure=False)
    for sentence in (s.strip() for s in re.split(r"\s\.\s|\bbut\b|\bpero\b", f" {normal} ")):
        if not sentence or sentence == ".":
            continue
        # "do not call , text , or email me": a list of channels runs across the commas.
        m = _DONT_CONTACT.search(sentence)
        if (
            m
            and " , " in m["run"]
            and _imperative_before(sentence[: m.start()])
            and not _qualified(m["rest"], now_counts=True)
        ):
            yield Hit("do not contact", m[0][: len(m[0]) - len(m["rest"])], _channels_in(m["run"]))
        for clause in (c.strip() for c in sentence.split(" , ")):
            if clause:
                yield from _spanish(clause, channel)
                yield from _english(clause, message, channel)
