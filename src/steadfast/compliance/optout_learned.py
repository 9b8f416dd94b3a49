"""A learned backstop for the wordings no rule knows (compliance.optout).

Rules read what someone thought of; people keep finding new ways to say stop. So when every
rule has said "message", one more reader looks: a scikit-learn logistic regression over which
words, word pairs, four-letter shapes, stems and negated stems ("no more texts" gives
NOT_text) the normalised reply contains, learned from the labelled replies in
`optout_examples.txt` (stop, or anything else). It can only make a reply *unsure*: the
automated texts pause and a person decides with one click, as for "not interested". It never
makes a sure stop, never touches a keyword, a start or a help, and it stays quiet where the
person is plainly engaging ("sí, me interesa", "yes call me") or writes about something else
(someone else's doing, a stop word negated, not now, what happened rather than a request).

Measured on batches of replies it had not learned from (docs/inbound-replies.md): alone, left
out of each batch of optout_unseen.txt in turn, it finds 66 % of the stops (2,253 of 3,413)
with 14 false stops in 4,544 other replies.

A second regression over the same features reads the replies that ask who is writing and why
("Sorry who is Brennan & Ruiz?", "which office are you with", "¿me podrían decir de qué se
trata este correo?"), learned from the help requests and the other messages of the same sets:
where no rule placed a reply, it may make it a help request, which the HELP answer serves (who
we are, how to reach us, how to stop) while a person reads the reply as for any message. Left
out of each batch of optout_unseen.txt from L on in turn, it read 11 of 2,800 messages as help
(0.4 %).

A third, the second reader, reads what both the rules and the backstop left a message: one
logistic regression over every kind at once (stop, start, help, other), weighing TF-IDF letter
runs of two to five and words and word pairs. Where it weighs a stop likely (SECOND_STOP) the
reply becomes an unsure stop a person decides, and where it weighs "who is this" likely
(SECOND_HELP) the HELP answer goes out; it never makes a start. On five blind batches no set had
(AH-AJ, before anything else of that round was taught) it added 1.3-4 points of stop recall for
0-0.7 of false stops (docs/inbound-replies.md).

The models are fitted once per installation (about ten seconds on 16,800 examples) and kept in
var/cache (about 5 MB); a process reads them on the first reply that reaches them, or as the web
app starts; a reply that goes through all three then costs a few milliseconds.

To teach it, add labelled replies to the sets under tests/compliance and rebuild the examples:
`python -m steadfast.compliance.optout_learned tests/compliance/optout_*.txt`.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
import sys
from pathlib import Path

from steadfast.compliance.optout_text import KIDDING, drop_quoted_and_signature, normalise
from steadfast.var_files import write_whole

EXAMPLES = Path(__file__).with_name("optout_examples.txt")
THRESHOLD = 0.95  # the probability of "stop" above which a person is asked
SURE_DESPITE = 0.999  # ... where the reply seems to be about someone else (_ABOUT_OTHERS)
HELP_THRESHOLD = 0.6  # the probability of "asks who and why" above which HELP answers
# The second reader (_Model.kinds): where the rules and the backstop have said "message", the
# probability of "stop" above which a person is asked, and of "help" above which HELP answers.
SECOND_STOP = 0.75
SECOND_HELP = 0.7
SECOND_DESPITE = 0.95  # ... of "stop" where the reply seems to be about someone else
# Part of the cache file's name: a model kept by an earlier version of this class is not read.
_VERSION = 3
_WORD = r"[^\s,.]+"  # a word of the normalised reply (its commas and full stops are not words)
_MIN_KNOWN = 3  # features the model has seen; "👍" alone tells it nothing
# The person is engaging, not leaving: left to the person who reads every message anyway.
_ENGAGES = re.compile(
    r"\b(?:(?:si|yes|yeah|yep|sure)\b.*\b(?:interes\w*|llam\w*|call|need|necesito|quiero|want)"
    r"|(?:i am|estoy|we are) (?:still |very |really )?interest\w*|me interesa mucho"
    r"|si me interesa|call me|llamame|llameme|llamenme"
    # "please text this number again", "calls any time are fine now": asked to be reached
    r"|(?:calls|texts|emails)(?: any ?time| whenever)? (?:are|is) (?:fine|ok|okay) now"
    r"|please (?:text|call|email|contact)(?: (?:or|and) (?:text|call|email))?(?: me| us| this"
    r" number| this phone)? again"
    r"|(?:do not|never|not|no)\s+(?:ever\s+)?(?:stop|quit|cancel|end|remove|dejen|deje|paren)"
    r"|gracias a (?:usted|ustedes|ti|dios)|thank (?:you|u) for|thanks for|do not hesitate"
    r"|feel free|no bother|no problem|basta con (?:una?|que)"
    r"|keep me on (?:your|the|ur) (?:list|texts|emails)"
    r"|(?:have|get|got|earn|earned) my business"
    r"|(?:fine|ok|okay|good|happy|cool) with (?:texting|texts|text|calls|calling|email|emails|that"
    r"|it|this)"
    r"|nvm|never ?mind|figured it out|lo resolvi yo"
    r"|nadie|nobody|no one|nikt|ninguem|(?:ha|han|has|have) (?:contactado|llamado|escrito"
    r"|contacted|called"
    r"|texted)"
    # "no me dejen solo con esto, necesito un abogado": asking not to be left alone
    r"|no (?:me|nos) (?:dejen|deje|dejes|abandonen) sol[oa]s?"
    r"|(?<!no )necesito (?:un |una )?(?:abogad[oa]|ayuda))\b"
)


# Replies about someone else, which a model of words reads as stops because they share the
# words: someone else's doing ("my lawyer quit", "mi jefe no deja de escribirme", "don't call
# my mom's number"). The rules read these; the backstop speaks only when it is all but certain
# (SURE_DESPITE): "My husband passed away. Please stop sending him these messages" is about
# someone else and still a stop. Left out of each batch it was checked on, this found 117 more
# of 2,571 stops for 3 more false ones of 4,077 other replies.
_ABOUT_OTHERS = re.compile(
    r"\b(?:(?:my|mi|mis|his|her|the|el|la|su|al|a la|a mi) (?:(?:old|former|previous|other"
    r"|new|current|ex) )?(?:(?:ex|boss|wife|husband|mom"
    r"|mother|dad|father|son|daughter|sister|brother|landlord|employer|insurance|insurer|adjuster"
    r"|lawyer|attorney|doctor|hospital|bank|job|work|jefe|jefa|esposo|esposa|marido|mama|papa"
    r"|hijo|hija|hermano|hermana|patron|patrona|seguro|aseguradora|ajustador|abogado|abogada"
    r"|banco|trabajo|doctora|collector|creditor|party|partys|driver|drivers)s?|collections)\b"
    r"|child support|baja medica"
    r"|de incapacidad"
    r"|\b(?:he|she|they|hes|shes|theyre|theyve) (?:is|s|are|re|was|were|keeps?|will not|does not"
    r"|do not|did not|never|not|has|have|had)\b|\b(?:hes|shes|theyre|el seguro|la aseguradora"
    r"|ellos)\b"
    r"|\b(?:want|wants|need|tell|told) (?:him|her|them|he|she|they)\b"  # someone else's doing
    r"|\b(?:can|could|should|do) i (?!be |get off|get out|unsubscribe|opt|stop|make)"
    r")"
)
# Replies about something else: a stop word negated ("I'm not cancelling", "no, don't take me
# off the list"), not now ("no me llamen ahora"), a statement of what happened rather than a
# request ("no me contactaron", "no me molesta que me escriban"), pain and treatment ("ya no me
# duele tanto", "no more pain meds"). The backstop stays out whatever it weighs.
_SOMETHING_ELSE = re.compile(
    r"\b(?:(?:not|no|never|do not|nor|dont)\s+(?:(?:want|wanna|going|gonna|to|be|me|need|trying"
    r"|planning|will|would|i|am|a)\s+){0,3}(?:cancel\w*|stop\w*|take me off|remov\w*|drop\w*"
    r"|opt\w* out|unsubscrib\w*|quit\w*|block\w*|end\w*|spam\w*)"
    r"|\bno (?:me )?(?:quiero |voy a |vayan a |van a )?(?:cancelar|dar(?:me)? de baja|salirme"
    r"|bloquear)"
    r"|\b(?:now|right now|today|tomorrow|later|ahora|ahorita|hoy|manana|luego|mas tarde)\b"
    # "hold off until Monday please": a day named, a reply to arrange (optout_situations.deferred)
    r"|\b(?:until|till|hasta|monday|tuesday|wednesday|thursday|friday|lunes|martes|miercoles"
    r"|jueves|viernes)\b"
    # "Mornings are no good, afternoons?": the time of day to talk, not whether.
    r"|\b(?:mornings?|afternoons?|evenings?|weekends?|weekdays?)\b"
    r"|\bnever\b.*\bbefore\b|\bnunca\b.*\bantes\b"
    r"|\b(?:(?:llam|contact|mand|molest|texte|envi|lleg)(?:aron|aba|aban)|escrib(?:ieron|io|ia"
    r"|ian))\b"
    r"|\b(?:no|not|do not|dont|never)\s+(?:trabaj\w*|work|works|working)\b"  # one's own work
    r"|\b(?:wants|told|asked|advised|warned) me to (?:stop|quit|not|cut off|end)\b"
    r"|\b(?:and|which|so|now) (?:you|yall|u) (?:did|have|stopped|finally did)\b"  # done
    r"|\bme molesta\b|\b(?:duele|duelen|doler|dolor|pain|hurts?|hurting|meds|medication"
    r"|surgery|therapy|terapia|cirugia)\b"
    r"|\bdej(?:e|en|a)(?:me|nos) (?!en paz|tranquil|sol|de )"
    r"|\b(?:report|reporte|claim|reclamo|form|forma|formulario|police|policia)\b"
    r"|\b(?:did not|never|have not|has not) (?:get|got|receive|received|see|seen|hear|heard)\b"
    r"|\b(?:got|get|received|receive|getting|had) no\b"
    r"|\bstop (?:sign|signs|light|lights|by|at|me if)\b"
    # what happened at work: "terminated with no warning", "no write ups ever"
    r"|\b(?:terminated|fired|laid off|let go|write ups?|writeups?|demoted|wrongful|end up|ended up"
    r"|perder mi caso|perder el caso|la cita)\b"
    # "no me llamen con número privado": how the call comes, not whether
    r"|\b(?:numero (?:privado|oculto|bloqueado|desconocido)|(?:private|blocked|unknown|hidden)"
    r" (?:number|caller id))\b"
    r"|\b(?:by (?:mistake|accident)|accidentally|on accident|sin querer|por error"
    r"|por equivocacion)\b"
    r")"
)


# The second reader's gate: the backstop's, less "now" and "later" ("Not right now. Harvest is
# on.", "ahorita estoy muy ocupado, luego": putting it off, which the reader knows).
_NOW_OR_LATER = (
    r"|\b(?:now|right now|today|tomorrow|later|ahora|ahorita|hoy|manana|luego|mas tarde)\b"
)
_SOMETHING_ELSE_TO_READER = re.compile(_SOMETHING_ELSE.pattern.replace(_NOW_OR_LATER, "", 1))
# ... and more it would read as stops by their words: the writer stopping ("I'll stop texting
# you now"), reaching the writer instead ("stop texting his phone, use my number"), a time asked
# about ("para ya mañana?").
_NOT_TO_READER = re.compile(
    r"\b(?:i ll|ill|i will|i am going to|im going to|i m going to|i am gonna|im gonna|i m gonna"
    r"|voy a|we ll|we will) (?:stop|quit|dejar de)\b"
    r"|\buse (?:my|mine|this)\b|\bthis is my (?:cell|number|phone|email)\b"
    r"|\b(?:este|aqui) (?:es )?mi (?:numero|cel|celular|telefono)\b"
    # "No me llamen al teléfono de la oficina, mejor a este": the number to use
    r"|\bmejor (?:a|al) (?:este|mi (?:cel|celular|numero))\b"
    # "Don't call, I'm at work. Text is fine": not now, as the rules read it, unless for good
    r"|^(?!.*\b(?:all day|every day|can not|cannot|cant|can t)\b).*\b(?:do not|dont) call\b"
    r"[^.]*\b(?:i am|im|i m) (?:at work|driving|in a meeting|in class|busy)\b"
)
# A reply of courtesies only ("God bless you all", "Thanks and God bless"): the reader has
# learned those words from declines wrapped in them.
_COURTESY_ONLY = re.compile(
    r"(?:(?:thanks?|thank you|thank u|ty|tysm|many thanks|(?:and )?god bless(?: you)?(?: all)?"
    r"|bless you|have a (?:good|nice|great|blessed|wonderful) (?:day|one|week|weekend|evening)"
    r"|appreciate (?:it|you|yall|you all)|gracias|muchas gracias|(?:que )?dios (?:los|le|te|les)"
    r" bendiga|bendiciones|amen|ok|okay|and|y|you all|yall|everyone|so much|very much|a lot)"
    r"\s*[.,!]?\s*)+"
)
_WHEN = re.compile(r"\b(?:now|today|tonight|tomorrow|later|manana|hoy|luego|ahorita|ya)\b")


def _stem(word: str) -> str:
    for ending in ("ing", "ed", "es", "s"):
        if len(word) > 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _stems_and_negations(normal: str) -> list[str]:
    """Stems ("texting" gives ~text), and the stems a negation governs up to the end of its
    clause ("no more texts" gives NOT_text): what the library's n-grams cannot see."""
    found = [f"~{_stem(w)}" for w in normal.replace(",", " ").replace(".", " ").split()]
    negated = False
    for word in normal.split():
        if word in (",", "."):
            negated = False
        elif negated:
            found.append(f"NOT_{_stem(word)}")
        negated = negated or word in ("not", "no", "never", "nunca", "ni")
    return found


class _Model:
    """Stop or not, by scikit-learn: whether each word, word pair, four-letter shape, stem and
    negated stem is present, weighed by a logistic regression; weighed by a second one over the
    same features, whether a reply that is neither a stop nor a start asks for help; and, by the
    second reader, every kind at once over letter runs and words."""

    def __init__(self, examples: list[tuple[str, str]]) -> None:
        # Imported here, not at the top: only a reply that reaches the backstop pays for it.
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion

        self.exact = dict((normal, kind) for kind, normal in examples)  # a reply it was taught
        words = CountVectorizer(token_pattern=_WORD, ngram_range=(1, 2), binary=True)
        shapes = CountVectorizer(analyzer="char_wb", ngram_range=(4, 4), binary=True)
        stems = CountVectorizer(analyzer=_stems_and_negations, binary=True)
        self.features = FeatureUnion([("words", words), ("shapes", shapes), ("stems", stems)])
        self.weigh, self.help_weigh = (
            LogisticRegression(C=3, solver="liblinear", dual=True, max_iter=1000, random_state=0)
            for _ in range(2)
        )
        matrix = self.features.fit_transform([normal for _, normal in examples])
        self.weigh.fit(matrix, [kind == "stop" for kind, _ in examples])
        # Help or not, among the replies that are neither: a stop's wording says nothing of it.
        asked = [i for i, (kind, _) in enumerate(examples) if kind not in ("stop", "start")]
        helps = [examples[i][0] == "help" for i in asked]
        if any(helps) and not all(helps):  # else there is nothing to learn: never help
            self.help_weigh.fit(matrix[asked], helps)
        # The second reader: every kind at once, over letter runs of two to five (misspellings,
        # Spanish endings, words run together) and words and word pairs, weighed by how rare
        # they are.
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.reading = FeatureUnion(
            [
                (
                    "letters",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=(2, 5),
                        min_df=2,
                        sublinear_tf=True,
                        dtype=np.float32,
                    ),
                ),
                (
                    "words",
                    TfidfVectorizer(
                        token_pattern=_WORD, ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
                    ),
                ),
            ]
        )
        self.reader = LogisticRegression(C=10, max_iter=3000, random_state=0)
        self.reader.fit(
            self.reading.fit_transform([normal for _, normal in examples]),
            [kind for kind, _ in examples],
        )

    def stop_probability(self, normal: str) -> float:
        if normal in self.exact:
            return 1.0 if self.exact[normal] == "stop" else 0.0
        row = self.features.transform([normal])
        if row.nnz < _MIN_KNOWN:
            return 0.0
        return float(self.weigh.predict_proba(row)[0, 1])

    def help_probability(self, normal: str) -> float:
        if normal in self.exact:
            return 1.0 if self.exact[normal] == "help" else 0.0
        row = self.features.transform([normal])
        if row.nnz < _MIN_KNOWN or not hasattr(self.help_weigh, "coef_"):
            return 0.0
        return float(self.help_weigh.predict_proba(row)[0, 1])

    def kinds(self, normal: str) -> dict[str, float]:
        """The second reader's probability of each kind: stop, start, help and other."""
        if normal in self.exact:
            return {self.exact[normal]: 1.0}
        row = self.reading.transform([normal])
        if not row.nnz:
            return {}
        weights = map(float, self.reader.predict_proba(row)[0])
        return dict(zip(self.reader.classes_, weights, strict=True))


def _read(path: Path) -> list[tuple[str, str]]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, text = line.split(" | ", 1)
            kind = kind if kind in ("stop", "start", "help") else "other"
            examples.append((kind, normalise(drop_quoted_and_signature(text.replace("\\n", "\n")))))
    return examples


@functools.cache
def _model() -> _Model:
    """The model, read from STEADFAST_VAR_DIR/cache when one was fitted on these very examples
    with this scikit-learn, else fitted (reading and normalising 9,000 examples and fitting
    take about 2.5 s) and kept there. The file is one this installation wrote itself."""
    path = _cache_file()
    if path is not None:
        try:
            with path.open("rb") as kept:
                model = pickle.load(kept)  # noqa: S301 - written by this installation only
            if isinstance(model, _Model):
                return model
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    model = _Model(_read(EXAMPLES))
    if path is not None:  # on a read-only var folder: fitted again in the next process
        write_whole(path, lambda out: pickle.dump(model, out, protocol=pickle.HIGHEST_PROTOCOL))
    return model


def warm() -> None:
    """Fit or read the model now (the web app, as it starts), not on the first reply."""
    _model()


def _cache_file() -> Path | None:
    from django.conf import settings

    if not settings.configured:
        return None
    import sklearn

    kept_by = f"{sklearn.__version__} {_VERSION}".encode()
    key = hashlib.sha256(EXAMPLES.read_bytes() + kept_by).hexdigest()[:16]
    return Path(settings.VAR_DIR) / "cache" / f"optout-backstop-{key}.pickle"


# The writer asks to be reached another way, which the rules read as a reply: "my son says stop
# texting his phone, use my number, this is my cell"; "no me manden nada por correo postal, por
# email está bien" (paper mail refused, email welcome).
_REACH_ME_INSTEAD = re.compile(
    r"\b(?:says|said|wants|asked)\b.*\b(?:use (?:mine|my (?:number|phone|cell))\b|this is my"
    r" (?:cell|number|phone)(?= \.|$| ,)|(?:text|call) me (?:instead|here)\b)"
    r"|\b(?:correo postal|por correo (?:normal|regular|fisico)|paper mail|snail mail|postal mail)\b"
    r".*\b(?:esta bien|is fine|is ok|are fine|are ok)\b"
)


def stop_probability(normal: str) -> float:
    """How likely the learned model thinks normalised `normal` is a stop; 0 when it is
    plainly engaging or the model knows too little of its words."""
    words = normal.replace(",", " ").replace(".", " ").split()
    if len(words) < 2 or _ENGAGES.search(normal):
        return 0.0
    if _SOMETHING_ELSE.search(normal) or _REACH_ME_INSTEAD.search(normal):
        return 0.0
    p = _model().stop_probability(normal)
    return 0.0 if p < SURE_DESPITE and _ABOUT_OTHERS.search(normal) else p


# A question, by its words: the help model weighs only replies that ask something ("I'll stop
# texting you now" shares its words with "will texting STOP stop the calls?").
_ASKING = re.compile(
    r"\b(?:who|whos|what|whats|wat|which|where|why|how|quien|quienes|que|cual|donde|como|porque"
    r"|por que|explain|explica\w*|tell me|decir|idk|not sure|no se|is this|es esto)\b"
)


def help_probability(normal: str, question: bool) -> float:
    """How likely the learned model thinks normalised `normal`, which no rule placed, asks who
    is writing and why; 0 when it asks nothing (`question`: the reply had a question mark) or
    the model knows too little of its words."""
    if len(normal.replace(",", " ").replace(".", " ").split()) < 2:
        return 0.0  # "?", "Huh": the rules read these
    if not question and not _ASKING.search(normal):
        return 0.0
    return _model().help_probability(normal)


def second_reading(normal: str, question: bool = False) -> tuple[str, float] | None:
    """Where the rules and the backstop have said "message": ("stop", p) when the second reader
    weighs a stop likely (a person is asked), ("help", p) when it weighs a question of who and
    why likely; None otherwise. A stop is kept out where the backstop's is, save for "now" and
    "later" (where the person is plainly engaging, or writes about something else or someone
    else), and where the writer stops, asks to be reached instead, or asks about a time
    (`question`: the reply had a question mark); help only where the reply asks something. The
    model is read only when one of them may come out (a process that never needs it does not
    import scikit-learn)."""
    if not normal.replace(",", " ").replace(".", " ").split():
        return None
    may_stop = not (
        _ENGAGES.search(normal)
        or _SOMETHING_ELSE_TO_READER.search(normal)
        or _NOT_TO_READER.search(normal)
        or (question and _WHEN.search(normal))
        or (question and re.search(r"\b(?:who|whos|quien|quienes)\b", normal))
        # "Is everything taken care of?": a yes-or-no question about the matter, put to us
        or (
            question
            and re.match(r"\W*(?:is|are|was|were|did|do|does|has|have|will|should|would)\b", normal)
            and not re.search(
                r"\b(?:text|call|e ?mail|messag|contact|stop|spam|number|phone|unsubscrib"
                r"|remov)\w*",
                normal,
            )
        )
        or _COURTESY_ONLY.fullmatch(normal)
        or _REACH_ME_INSTEAD.search(normal)
        or (re.match(r"\W*stop\b", normal) and KIDDING.search(normal))  # "Stop! I mean wait"
    )
    may_help = question or bool(_ASKING.search(normal))
    if not may_stop and not may_help:
        return None
    kinds = _model().kinds(normal)
    p = kinds.get("stop", 0.0)
    if may_stop and p >= SECOND_STOP and (p >= SECOND_DESPITE or not _ABOUT_OTHERS.search(normal)):
        return "stop", p
    if may_help and (p := kinds.get("help", 0.0)) >= SECOND_HELP:
        return "help", p
    return None


def write_examples(sources: list[Path], out: Path = EXAMPLES) -> int:
    """Gather the labelled replies of `sources` (the evaluation-set format) into `out` as
    "KIND | TEXT" lines; returns how many."""
    lines = []
    for source in sources:
        for raw in source.read_text(encoding="utf-8").splitlines():
            if raw.strip() and not raw.startswith("#"):
                head, text = raw.split(" | ", 1)
                lines.append(f"{head.split()[0]} | {text}")
    header = (
        "# Labelled replies the learned backstop (optout_learned.py) learns from: KIND | TEXT.\n"
        "# Built from the evaluation sets under tests/compliance; do not edit by hand.\n"
    )
    out.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    count = write_examples([Path(p) for p in sys.argv[1:]])
    print(f"{count} labelled replies written to {EXAMPLES}")
