"""Normalising an inbound reply before its words are read (compliance.optout).

What a person types around their words is noise to the rules: the quoted original under an
email reply (which holds our own "Reply STOP to opt out"), a signature, emoji, accents, shouting
("STOPPPP"), spacing ("S T O P"), common misspellings ("textng", "intrested") and contractions.
`normalise` turns a reply into lower-case ASCII words with "," between clauses and "." between
sentences as tokens of their own, which every rule reads.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import DamerauLevenshtein

# The quoted original under an email reply contains our own "Reply STOP to opt out".
_QUOTE_HEADER = re.compile(
    r"^\s*(?:on .{0,200} (?:wrote|escribio|escribió):|-+ ?original message ?-+|from: .*"
    r"|de: .*|el .{0,200} escribi[oó]:)\s*$",
    re.IGNORECASE,
)
_BOTTOM_POSTED = re.compile(r"^\s*(?:on|el) .{0,200} (?:wrote|escribio|escribió):\s*$", re.I)
# A signature: the "-- " delimiter, a phone's "Sent from my iPhone", an app's footer.
_SIGNATURE_LINE = re.compile(
    r"^\s*(?:--+\s*|_{3,}\s*|sent from (?:my )?\S.*|sent via .*|get outlook for .*"
    r"|enviado desde (?:mi )?\S.*)$",
    re.IGNORECASE,
)
_SIGNATURE_INLINE = re.compile(
    r"\s*[-\u2013\u2014]*\s*(?:sent from (?:my )?|enviado desde (?:mi )?)[\w .]{2,40}$",
    re.IGNORECASE,
)
# "Thanks,\nMaria Lopez": a closing on its own line ends what the person wrote.
_CLOSING = re.compile(
    r"^\s*(?:thanks|thank you|thx|regards|best|best regards|kind regards|warm regards|sincerely"
    r"|cheers|respectfully|gracias|saludos|atentamente)\s*[,.!]?\s*$",
    re.IGNORECASE,
)


# A name, with its letters after it: "Maria Lopez", "Dr. Alan Pierce, DDS", "J. Ruiz, Esq."
# "T.", "Linda", "McKay", "O'Neil" (a typed apostrophe or a curly one)
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][a-z]+(?:['\u2019-]?[A-Z][a-z]+)?\.?)"
# A couple signs together: "Tom & Linda Reyes", "Bob and Jeanette Marsh", "Jim & Lorraine".
_NAME_LINE = re.compile(
    rf"^\s*[-~]?\s*{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}"
    rf"(?:\s*(?:&|and|y)\s*{_NAME_WORD}(?: {_NAME_WORD}){{0,2}})?"
    r"(?:,\s*(?:[A-Z]{2,5}|Esq\.?|Jr\.?|Sr\.?|Ph\.?D\.?|M\.?D\.?|R\.?N\.?))*\s*$"
)
# The other lines of a signature block: a phone number, an address for mail or the web, a title
# or a company ("Office Manager | Brightline Dental", "Miller Plumbing LLC", "RN, BSN").
_CONTACT_LINE = re.compile(
    r"^\s*(?:(?:[a-z]{1,6}\s*[:.]\s*)?[+(]?\d[\d ().+-]{6,}\d(?:\s*(?:x|ext\.?)\s*\d+)?"
    r"|\S+@\S+\.\w+|(?:https?://|www\.)\S+)\s*$",
    re.IGNORECASE,
)
_TITLE_LINE = re.compile(
    r"^\s*(?:[A-Z][\w.'&,-]*|[A-Z]{2,}|\||&|of|and|the|de|y|at|-)"
    r"(?:\s+(?:[A-Z][\w.'&,-]*|[A-Z]{2,}|\||&|of|and|the|de|y|at|-|\d+\w*))*\s*$"
)
# A notice pasted under every email: "This email and any attachments are confidential...".
_DISCLAIMER = re.compile(
    r"^\s*(?:confidentiality notice|this (?:e-?mail|message|communication|transmission)"
    r"(?: and any (?:attachments?|files?)(?: to it)?)? (?:is|are|may be|contains?)\b"
    r"|if you (?:are not|have received) (?:the intended|this (?:e-?mail|message) in error)"
    r"|este (?:correo|mensaje) (?:es|y sus anexos|puede) )",
    re.IGNORECASE,
)
# "stop -J", "Stop. - Maria": a name signed after a dash.
_SIGNED_NAME = re.compile(r"\s+[-\u2013\u2014~]+\s*[A-Z][A-Za-z]{0,20}\.?\s*$")


def drop_quoted_and_signature(text: str) -> str:
    kept: list[str] = []
    lines_in = text.splitlines()
    for n, line in enumerate(lines_in):
        if not any(k.strip() for k in kept) and re.match(r"\s*(?:subject|asunto)\s*:", line, re.I):
            continue  # "Subject: Unsubscribe??" pasted above the reply: the subject, not the reply
        if (
            not any(k.strip() for k in kept)
            and _BOTTOM_POSTED.match(line)
            and (rest := [k for k in lines_in[n + 1 :] if k.strip()])
            and rest[0].lstrip().startswith(">")
        ):
            continue  # "On Thu … wrote:", the quote, then "remove me": the reply is under it
        if _QUOTE_HEADER.match(line) or _SIGNATURE_LINE.match(line):
            break
        if _DISCLAIMER.match(line) and any(k.strip() for k in kept):
            break
        if _CLOSING.match(line) and any(k.strip() for k in kept):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    lines = [line for line in kept if line.strip()]
    # A name (and a company, a title, a phone number) on the last lines, under what the person
    # wrote: a signature. A block of such lines goes only when a name is among them.
    while len(lines) > 1 and _CONTACT_LINE.match(lines[-1]):
        lines.pop()
    block = 0
    while block < len(lines) - 1 and _signature_like(lines[-1 - block]):
        block += 1
    if any(_NAME_LINE.match(line) for line in lines[len(lines) - block :]):
        del lines[len(lines) - block :]
    while len(lines) > 1 and _NAME_LINE.match(lines[-1]):
        lines.pop()
    return _SIGNED_NAME.sub("", _SIGNATURE_INLINE.sub("", "\n".join(lines)))


def _signature_like(line: str) -> bool:
    return bool(
        _NAME_LINE.match(line) or _CONTACT_LINE.match(line) or _TITLE_LINE.match(line)
    ) and not re.match(r"\s*(?:STOP|UNSUBSCRIBE|REMOVE|QUIT|CANCEL|END|HELP|INFO|START)\W*$", line)


# Emoji that say something; every other symbol is dropped. A raised hand or a stop sign says
# stop; a "no entry" sign says no ("🚫 texts"), and stop when it is all the reply says; a thumbs
# down says no.
_EMOJI_WORDS = {
    "\U0001f6d1": " stop ", "\u26d4": " stop ", "\u270b": " stop ", "\U0001f91a": " stop ",
    "\U0001f590": " stop ", "\U0001f645": " stop ", "\U0001f6ab": " no ", "\U0001f44e": " no ",
    "\u274c": " no ", "\u2716": " no ",
}  # fmt: skip
_STOP_EMOJI_ONLY = re.compile(
    "^[\\s\U0001f6d1\u26d4\u270b\U0001f91a\U0001f590\U0001f645\U0001f6ab\ufe0f"
    "\u274c\u2716\u200d\u2640\u2642\U0001f3fb-\U0001f3ff]+$"
)

# Words as people type them -> as the rules know them. Keys are whole words after lower-casing,
# accent stripping and shortening letters repeated three or more times to two.
MISSPELLINGS = {
    # English
    "stopp": "stop", "stoop": "stop", "stoppit": "stop it", "stopit": "stop it", "stpo": "stop",
    "sotp": "stop", "stahp": "stop", "sto": "stop", "srop": "stop",
    "ducking": "fucking",  # what autocorrect makes of it: "Ducking stop"
    "stopall": "stopall", "stp": "stop", "st0p": "stop", "sstop": "stop", "stopt": "stop",
    "textng": "texting", "texing": "texting", "txtng": "texting", "textin": "texting",
    "textn": "texting", "textig": "texting", "txtn": "texting",
    "textting": "texting", "tetxing": "texting", "txts": "texts",
    "txt": "text", "tx": "text", "txs": "texts", "texs": "texts", "txtin": "texting",
    "msg": "message", "msgs": "messages", "msging": "messaging", "msgng": "messaging",
    "messagin": "messaging", "msgin": "messaging", "mesages": "messages",
    "massages": "messages", "messeges": "messages", "callin": "calling", "caling": "calling",
    "contactin": "contacting", "contating": "contacting", "conacting": "contacting",
    "emailin": "emailing", "agian": "again", "agin": "again", "harrassing": "harassing",
    "harasing": "harassing", "intrested": "interested", "intersted": "interested",
    "interesed": "interested", "instrested": "interested", "interseted": "interested",
    "leve": "leave", "alon": "alone", "mor": "more", "numer": "number", "numbr": "number",
    "nmbr": "number", "numba": "number", "unsubscrib": "unsubscribe",
    "unsubcribe": "unsubscribe", "unsuscribe": "unsubscribe", "unsubscibe": "unsubscribe",
    "usubscribe": "unsubscribe", "unsubsribe": "unsubscribe", "unsubscribed": "unsubscribed",
    "noo": "no", "nooo": "no", "strat": "start", "statr": "start", "satrt": "start",
    "strt": "start", "hlp": "help",
    "pls": "please", "plz": "please", "plse": "please", "pleas": "please", "pleae": "please",
    "dont": "do not", "dnt": "do not", "donot": "do not", "didnt": "did not",
    "doesnt": "does not", "wont": "will not",
    "cant": "can not", "im": "i am", "ive": "i have", "youre": "you are",
    "ur": "your", "u": "you", "wrng": "wrong", "remve": "remove",
    "helpp": "help", "hlep": "help", "hepl": "help", "infoo": "info",
    # Spanish, without accents
    "porfa": "por favor", "porfavor": "por favor", "xfa": "por favor", "xfavor": "por favor",
    "pf": "por favor", "q": "que", "msj": "mensajes", "msjs": "mensajes",
    "mensages": "mensajes", "mensage": "mensaje", "yama": "llama", "yamen": "llamen",
    "yamar": "llamar", "nomas": "no mas", "equibocado": "equivocado", "kien": "quien",
}  # fmt: skip

_CONTRACTIONS = [
    (re.compile(r"\b(?:won'?t)\b"), "will not"),
    (re.compile(r"\b(?:can'?t|cannot)\b"), "can not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (
        re.compile(r"\b(do|does|did|is|are|was|were|should|would|could|have|has|had)n'?t\b"),
        r"\1 not",
    ),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"\bi'll\b"), "i will"),
    (re.compile(r"\bi'd\b"), "i would"),
    (re.compile(r"\bi've\b"), "i have"),
    (re.compile(r"\by'?all\b"), "yall"),
    (re.compile(r"\b(you|we|they)'re\b"), r"\1 are"),
    (re.compile(r"\b(you|we|they)'ve\b"), r"\1 have"),
    (re.compile(r"\b(it|that|there|what|who)'s\b"), r"\1 is"),
]
_MASKED_FUCK = re.compile(r"(?<![a-z])f[u*#@$%]?[c*#@$%]?[k*#@$%](?:ing|in)?(?![a-z])")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Keywords people spell out letter by letter: "S T O P", "s.t.o.p", "Sto p".
_SPELLED_OUT = {
    "stop", "stopall", "help", "info", "start", "unstop", "quit", "end", "alto", "unsubscribe",
    "cancel", "remove", "basta", "ayuda", "unsub",
}  # fmt: skip
_LETTERS = re.compile(r"(?<![a-z])(?:[a-z][ .*_-]+){2,}[a-z](?![a-z])")


def _joined(m: re.Match[str]) -> str:
    word = re.sub(r"[ .*_-]", "", m[0])
    return word if word in _SPELLED_OUT else m[0]


def _join_spelled(text: str) -> str:
    text = _LETTERS.sub(_joined, text)
    words = text.split()
    if 2 <= len(words) <= 3 and "".join(words) in _SPELLED_OUT:
        return "".join(words)  # "sto p"
    return text


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower-case ASCII words; "," between clauses and "." between sentences as own tokens."""
    if _STOP_EMOJI_ONLY.match(text) and text.strip():
        return "stop"
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    text = strip_accents(text).lower()
    text = text.translate(str.maketrans("\u2019\u2018`\u00b4", "''''"))
    text = _MASKED_FUCK.sub("fuck", text)
    text = _LEET_WORD.sub(_unleet, text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = text.replace("'", "").replace("&", " and ").replace("/", " or ")
    text = re.sub(r"(?<=[a-z])\.(?=[a-z]\b)", ". ", text)  # "s.t.o.p" keeps its letters apart
    if _spelled(text):
        text = _join_spelled(re.sub(r"[^a-z0-9 .]+", " ", text).strip())
    else:  # a keyword spelled out beside other words: "s t o p please"
        text = _LETTERS.sub(_joined, text)
    text = re.sub(r"[-_+]", " ", text)  # opt-out, e-mail, do-not-call
    text = re.sub(r"[.!?;:\n\r]+", " . ", text)
    text = re.sub(r",+", " , ", text)
    text = re.sub(r"[^a-z0-9#., ]+", " ", text)  # other punctuation and emoji
    text = _REPEATS.sub(r"\1\1", text)
    words = [MISSPELLINGS.get(w) or _respelt(w) for w in text.split()]
    text = " ".join(words)
    text = re.sub(r"\b(take|get|took) (me|us|my number|this number) of\b", r"\1 \2 off", text)
    text = re.sub(r"\bopt (?:ot|oit|put|oyt|uot|otu|outt)\b", "opt out", text)
    text = re.sub(r"\bx (?:favor|fa)\b", "por favor", text)
    # dictation: "please stop text in me", "stop Collin me"
    text = re.sub(r"\btext in (me|us)\b", r"texting \1", text)
    text = re.sub(r"\b(?:collin|calln|callin) (me|us)\b", r"calling \1", text)
    return re.sub(r"\s+", " ", text).strip()


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words the rules are written in. A word the person typed that is not one of them but is one
# slip away (a doubled, dropped, swapped or wrong letter) is read as it: "unsubscirbe", "stpp",
# "pleeease", "mesages". Fuzzy matching (rapidfuzz's Damerau-Levenshtein distance) is limited so
# that real words stay themselves: short words are respelt only when they use no letter the
# target lacks ("stpp" -> stop, but never "shop"), long ones only to a word with the same first
# letter, and the real words nearest to the targets are listed and left alone.
INTENT_WORDS = _wordset(
    "stop please help unsubscribe subscribe texting texts text messages message messaging"
    " calling contacting contact remove delete interested harassing harassment bothering"
    " emailing emails number leave alone anymore again attorney represented counsel"
    " consent permission blocked blocking reporting cancel enough lawyer mensajes llamadas"
    " llamen molesten contacten escriban manden envien borren quiten saquen eliminen favor"
    " molestar contactar interesa optout stopall list"
)
# Spanish words are respelt only by their doubled letters: Spanish inflects ("interesado",
# "contactarme"), and a one-slip match would eat the ending that carries the meaning.
_FUZZY_TARGETS = tuple(
    w for w in sorted(INTENT_WORDS) if not re.search(r"(?:en|an|ar|amadas|ajes|vor|esa)$", w)
)
_SHORT_TARGETS = ("stop", "please", "help", "texts", "text", "quit", "cancel", "remove")
_REAL_NEIGHBOURS = _wordset(
    "step shop spot post pots tops opts slop stow atop stoop stomp lease tests test"
    " testing contract contracts contacts context messy massage massages calming falling"
    " killing filling telling selling removed remote remover emailed texted texas teens"
    " helps hello held hell heap quiet quite suit quilt number numbed lawyers blocker"
    " counsels consents interest interests interesting interestingly repented represent"
    " represents contacted harass harassed bothered cancer candle cancels canceled again"
    " against agent along alone alones anyone anytime mensaje llamada llamar escriba"
    " blacked blackout backed locked clocked flocked"
    " representado representada representados representadas representante interesante"
    " represente representen representar representa"
)


def _respelt(word: str) -> str:
    if word in INTENT_WORDS or word in _REAL_NEIGHBOURS or not word.isalpha() or len(word) < 4:
        return word
    single = re.sub(r"([a-z])\1", r"\1", word)  # "pleease" -> "please", "texxt" -> "text"
    if single in INTENT_WORDS:
        return single
    if len(word) <= 6:
        for target in _SHORT_TARGETS:
            if set(word) <= set(target) and DamerauLevenshtein.distance(word, target) <= 1:
                return target
        return word
    limit = 1 if len(word) < 10 else 2
    best, distance = word, limit + 1
    for target in _FUZZY_TARGETS:
        if len(target) < 10 and limit > 1:
            continue  # two slips only between long words
        if word.startswith(target):
            continue  # an inflection ("deleted", "texts"), not a slip
        if target[0] == word[0] and abs(len(target) - len(word)) <= limit:
            d = DamerauLevenshtein.distance(word, target, score_cutoff=limit)
            if d < distance:
                best, distance = target, d
    return best


# Letters typed as digits or symbols: "st0p", "$top", "unsubscr1be".
_LEET_WORD = re.compile(r"(?<![\w@$])[a-z0-9@$]*[a-z][a-z0-9@$]*(?![\w@$])")
_LEET = str.maketrans("013457@$", "oieastas")


def _unleet(m: re.Match[str]) -> str:
    word = m[0]
    if word.isalpha() or word.isdigit():
        return word
    plain = word.translate(_LEET)
    return plain if plain in INTENT_WORDS or plain in MISSPELLINGS else word


def _spelled(text: str) -> bool:
    """Is the message a keyword spelled out letter by letter (and nothing more)?"""
    letters = re.sub(r"[^a-z]", "", text)
    return letters in _SPELLED_OUT and bool(re.search(r"[a-z][ .*_-]+[a-z]", text.strip()))


# A rough language guess, to answer in the language the person wrote in.
_SPANISH = (
    "por favor gracias mensajes mensaje llamen llamar llamadas llame llames quiero no me"
    " de la el los las su mis mi ya mas basta alto baja lista numero equivocado ayuda"
    " informacion estoy interesado interesada interesa nada paz dejen deje dejenme manden"
    " mande envien textos correos usted que es esto pueden puede otra vez hola si soy"
    " tengo abogado molesten escriban escriba contacten quiten saquen borren eliminen"
    " cancelar suscripcion parar detener nadie ninguna ninguno aqui vive equivoco"
    " equivocaron persona reportar bloqueado trabajo antes despues tarde noche manana"
    " cuando gracias sus con para pero"
)
_SPANISH_WORDS = frozenset(_SPANISH.split())
_ENGLISH = (
    "the you your me my i to please stop text texts texting call calling calls is this"
    " and of it not do dont am are was wrong number remove take off list help info start"
    " contact again want any more leave alone thanks thank yes email interested"
)
_ENGLISH_WORDS = frozenset(_ENGLISH.split())


def language_of(normal: str) -> str:
    """ "es" when the reply reads as Spanish, else "en"."""
    words = normal.split()
    spanish = sum(w in _SPANISH_WORDS and w not in _ENGLISH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS and w not in _SPANISH_WORDS for w in words)
    return "es" if spanish > english else "en"


# A stop taken back at once: "Stop. Lol jk. Yes I still need a lawyer", "Stop! I mean wait".
KIDDING = re.compile(
    r"\b(?:jk|j k|just kidding|jus kidding|i am kidding|kidding|bromeando|es broma"
    r"|(?:you|u) got me|i mean wait|nvm|never ?mind|digo esperen|esperenme"
    r"|me confundi de mensaje|i meant to (?:send|text) (?:that|this|it) to|wrong (?:chat|thread))\b"
)
