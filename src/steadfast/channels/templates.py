"""Staff-editable message templates: the variables, rendering, checking, SMS segment counts (F5).

Templates are Jinja2 text rendered in a sandbox (ImmutableSandboxedEnvironment: no access to
Python internals, no mutating the data) with StrictUndefined, so a misspelt variable is an error
that names it instead of a text that goes out with a blank where the name should be. Every
problem (syntax, unknown variable, sandbox violation, anything else the template does wrong) is
a TemplateProblem with a message a firm's admin can act on.
"""

from __future__ import annotations

import difflib
import re
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal, cast

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)
import phonenumbers
import us
from jinja2 import StrictUndefined, Template, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from steadfast.channels.unsubscribe import unsubscribe_url

# Every variable a template can use, in one place: what the admin's help lists and what
# sample_context() and context_for() provide.
VARIABLES: dict[str, str] = {
    "lead.first_name": "The lead's first name, as they gave it",
    "lead.last_name": "The lead's last name (may be empty)",
    "lead.full_name": "First and last name",
    "lead.practice_area": "What the inquiry is about, as a phrase: 'personal injury'",
    "lead.phone": "The lead's phone number, formatted: (312) 555-0142",
    "lead.email": "The lead's email address",
    "firm.name": "The firm's name",
    "firm.phone": "The firm's main number, formatted: (312) 555-0100",
    "firm.email": "The firm's email address",
    "firm.website": "The firm's website",
    "firm.postal_address": "The firm's postal address on one line",
    "firm.practice_areas": "What the firm handles: 'personal injury and workers' compensation'",
    "firm.service_area": "The states the firm serves: 'Illinois and Wisconsin'",
    "firm.credentials": "A sentence about the firm's experience, if the firm wrote one",
    "agent.first_name": "The intake specialist's first name (empty for automatic messages)",
    "agent.full_name": "The intake specialist's full name (empty for automatic messages)",
    "callback_number": "The number the lead should call back, formatted",
    "booking_link": "A link to book a consultation, if the firm has one",
    "unsubscribe_url": "The lead's own link to stop emails",
    "talk_url": "Nurture emails: the lead's “talk to us” link (a click: back to a person)",
    "resource.title": "The title of the short guide for the lead's kind of matter",
    "resource.checklist": "Its points, a list: {% for item in resource.checklist %}",
    "resource.url": "A page on the firm's website about the matter, if set",
}


class TemplateProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- practice areas ------------------------------------------------------------------------------

# What a lead should have at hand for the first conversation: general information, not advice.
_INJURY = [
    "The date and place of the accident or injury",
    "Photos of the scene, the vehicles or the injury, if you have them",
    "Names and phone numbers of anyone who saw what happened",
    "The police or incident report number, if there is one",
    "The doctors, clinics and hospitals that have treated you, and any bills",
    "Your insurance details and any letters from an insurance company",
]
_WORK = [
    "The date you were hurt and when you told your employer",
    "Your employer's name and your job title",
    "The doctors who have treated you and any work restrictions they gave",
    "Any claim number and letters from your employer or its insurer",
    "Recent pay stubs",
]
_MEDICAL = [
    "The names of the doctors and facilities involved",
    "The dates of the treatment or procedure",
    "Any medical records, test results or bills you already have",
    "A short timeline of what happened, in your own words",
]
_GENERAL = [
    "A short timeline of what happened, with dates",
    "Any letters, contracts, notices or court papers you have received",
    "The names of the other people or companies involved",
]
# key → (phrase, checklist). Leads arrive with keys like "workers_comp" or vendor wording like
# "Car Accident"; both are looked up after normalising to a key.
PRACTICE_AREAS: dict[str, tuple[str, list[str]]] = {
    "personal_injury": ("personal injury", _INJURY),
    "auto_accident": ("car accident", _INJURY),
    "car_accident": ("car accident", _INJURY),
    "truck_accident": ("truck accident", _INJURY),
    "motorcycle_accident": ("motorcycle accident", _INJURY),
    "slip_and_fall": ("slip and fall", _INJURY),
    "premises_liability": ("premises injury", _INJURY),
    "dog_bite": ("dog bite", _INJURY),
    "wrongful_death": ("wrongful death", _INJURY),
    "product_liability": ("product injury", _INJURY),
    "workers_comp": ("workers' compensation", _WORK),
    "workers_compensation": ("workers' compensation", _WORK),
    "medical_malpractice": ("medical malpractice", _MEDICAL),
    "employment": ("employment", _GENERAL),
    "family_law": ("family law", _GENERAL),
    "divorce": ("divorce", _GENERAL),
    "child_custody": ("child custody", _GENERAL),
    "criminal_defense": ("criminal defense", _GENERAL),
    "dui": ("DUI", _GENERAL),
    "immigration": ("immigration", _GENERAL),
    "bankruptcy": ("bankruptcy", _GENERAL),
    "estate_planning": ("estate planning", _GENERAL),
    "social_security_disability": ("Social Security disability", _GENERAL),
}


def _practice(raw: str) -> tuple[str, list[str]]:
    key = re.sub(r"[^a-z0-9]+", "_", (raw or "").lower()).strip("_")
    if not key:
        return "legal", _GENERAL
    return PRACTICE_AREAS.get(key, (key.replace("_", " "), _GENERAL))


def practice_area_choices() -> list[tuple[str, str]]:
    """(key, 'Car accident') for each practice area the templates know, one key per phrase."""
    seen: dict[str, str] = {}
    for key, (phrase, _) in PRACTICE_AREAS.items():
        seen.setdefault(phrase, key)
    return [(key, phrase[:1].upper() + phrase[1:]) for phrase, key in seen.items()]


def practice_phrase(raw: str) -> str:
    """A practice area as a person says it: 'auto_accident' → 'car accident'."""
    return _practice(raw)[0]


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@lru_cache(maxsize=4096)
def _phone(raw: str) -> str:
    """(312) 555-0100 for a North American number, +44 20 7946 0000 for others (kept: the
    firm's number is formatted for every message)."""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return raw
    national = phonenumbers.region_code_for_number(number) in ("US", "CA")
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else (phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    )
    return phonenumbers.format_number(number, style)


# --- the context ---------------------------------------------------------------------------------


def sample_context() -> dict[str, Any]:
    """Realistic values for every variable: for previews and for validate()."""
    return {
        "lead": {"first_name": "Jane", "last_name": "Doe", "full_name": "Jane Doe",
                 "practice_area": "car accident", "phone": "(312) 555-0142",
                 "email": "jane.doe@example.com"},
        "firm": {"name": "Lakeshore Injury Law", "phone": "(312) 555-0100",
                 "email": "intake@lakeshore-injury.example",
                 "website": "https://lakeshore-injury.example",
                 "postal_address": "200 N LaSalle St, Suite 1400, Chicago, IL 60601",
                 "practice_areas": "personal injury, car accident and workers' compensation",
                 "service_area": "Illinois and Wisconsin",
                 "credentials": "The firm has represented injured people in Illinois for over "
                                "twenty years."},
        "agent": {"first_name": "Bob", "full_name": "Bob Alvarez"},
        "callback_number": "(312) 555-0100",
        "booking_link": "https://lakeshore-injury.example/book",
        "unsubscribe_url": "https://steadfast.example/u/sample-token",
        "talk_url": "https://steadfast.example/n/sample-token",
        "resource": {"title": "What to have at hand when we talk", "checklist": list(_INJURY),
                     "url": "https://lakeshore-injury.example/car-accidents"},
    }  # fmt: skip


def context_for(
    lead: Any,
    firm: Any,
    agent: Any = None,
    extra: Mapping[str, Any] | None = None,
    *,
    reads: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The variables for one lead of one firm (see VARIABLES). `extra` overrides or adds values,
    e.g. {"callback_number": the local-presence number, "booking_link": …}; a mapping in it is
    merged into the group of the same name ({"resource": {"url": …}}). `reads`: the variables
    the templates to fill in read (`variables_read`), when the caller knows: the signed
    unsubscribe link is made only if one of them reads it."""
    practice, checklist = _practice(lead.practice_area)
    states = [us.states.lookup(code) for code in firm.states or []]
    firm_areas = [_practice(area)[0] for area in firm.practice_areas or []]
    context: dict[str, Any] = {
        "lead": {"first_name": lead.first_name, "last_name": lead.last_name,
                 "full_name": f"{lead.first_name} {lead.last_name}".strip(),
                 "practice_area": practice, "phone": _phone(lead.phone) if lead.phone else "",
                 "email": lead.email},
        "firm": {"name": firm.name, "phone": _phone(firm.phone) if firm.phone else "",
                 "email": firm.email, "website": firm.website,
                 "postal_address": firm.postal_address,
                 "practice_areas": _joined(firm_areas) if firm_areas else "",
                 "service_area": _joined([s.name for s in states if s]) if states else "",
                 # Not a column today; a firm that gains one gets it here.
                 "credentials": getattr(firm, "credentials", "") or ""},
        "agent": {"first_name": agent.first_name if agent else "",
                  "full_name": (agent.get_full_name() or agent.first_name) if agent else ""},
        "callback_number": _phone(firm.phone) if firm.phone else "",
        "booking_link": "",
        "unsubscribe_url": _unsubscribe_url(lead)
                           if reads is None or "unsubscribe_url" in reads else "",
        "talk_url": "",
        "resource": {"title": "What to have at hand when we talk", "checklist": checklist,
                     "url": ""},
    }  # fmt: skip
    for key, value in (extra or {}).items():
        if isinstance(value, Mapping) and isinstance(context.get(key), dict):
            context[key] = {**context[key], **value}
        else:
            context[key] = value
    return context


def _unsubscribe_url(lead: Any) -> str:
    if lead.pk is None:
        return ""
    return unsubscribe_url(lead_id=lead.pk)


# --- rendering -----------------------------------------------------------------------------------


class _Group:
    """A group of variables (lead, firm, …) that knows its own name, for error messages."""

    def __init__(self, path: str, values: Mapping[str, Any]) -> None:
        self._path = path
        for key, value in values.items():
            setattr(self, key, _group(f"{path}.{key}", value))

    def _names(self) -> list[str]:
        return [key for key in vars(self) if not key.startswith("_")]


def _group(path: str, value: Any) -> Any:
    return _Group(path, value) if isinstance(value, Mapping) else value


def _unknown(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean {{{{ {close[0]} }}}}?)" if close else ""
    return f"unknown variable {{{{ {name} }}}}{hint}"


class _NamedUndefined(StrictUndefined):
    """StrictUndefined whose error names the whole variable: {{ lead.nickname }}."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:  # the sandbox's "access to attribute … is unsafe"
            return self._undefined_hint
        owner = self._undefined_obj
        if isinstance(owner, _Group):
            known = [f"{owner._path}.{n}" for n in owner._names()]
            return _unknown(f"{owner._path}.{self._undefined_name}", known)
        if owner is missing:
            return _unknown(str(self._undefined_name), [])
        return super()._undefined_message  # an attribute of a text or a list


# A message is short: what a template may produce, and the largest text or number it may build
# on the way. Far past anything a text or an email needs, far below what would hold a web
# thread or a worker (a preview of {{ 'x' * 5000000 }} must not take seconds and megabytes).
MAX_OUTPUT = 100_000
MAX_RANGE = 1_000
MAX_SECONDS = 1.0
_WIDTH = re.compile(r"%[-#0 +]*(\d+)?(?:\.(\d+))?")


class _TooBig(SecurityError):
    pass


def _refuse_if_too_long(size: int, what: str) -> None:
    if size > MAX_OUTPUT:
        raise _TooBig(f"{what} would be {size:,} characters; a message may have {MAX_OUTPUT:,}")


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, refusing what would build a huge text or number, and out of time after
    MAX_SECONDS (checked at each operation the sandbox sees and each piece of output)."""

    intercepted_binops = frozenset({"*", "**", "%"})
    deadline = threading.local()

    def check_time(self) -> None:
        deadline = getattr(self.deadline, "at", None)
        if deadline is not None and time.monotonic() > deadline:
            raise _TooBig(f"the template took longer than {MAX_SECONDS:g} s to fill in")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.check_time()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int):
                    _refuse_if_too_long(len(seq) * max(count, 0), "this repetition")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise _TooBig(f"an exponent of {right} is too large for a message")
        elif operator == "%" and isinstance(left, str):
            for width, precision in _WIDTH.findall(left):
                _refuse_if_too_long(int(width or 0) + int(precision or 0), "this format")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.check_time()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.check_time()
        if type(obj) is _Group and not attribute.startswith("_"):
            # A variable of the context ({{ lead.first_name }}): what the sandbox's checks
            # would let through anyway (a value stored on a plain object, not a method, not
            # private), read without them; they cost more than the rest of the rendering.
            found = vars(obj).get(attribute, missing)
            if found is not missing:
                return found
        return super().getattr(obj, attribute)


def _sized_filter(name: str, function: Any, size: Any) -> Any:
    """A filter that first checks the size of what it would return."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _refuse_if_too_long(size(*args, **kwargs), f"the {name} filter's result")
        return function(*args, **kwargs)

    bounded.jinja_pass_arg = getattr(function, "jinja_pass_arg", None)  # type: ignore[attr-defined]
    return bounded


def _center_size(value: Any, width: Any = 80) -> int:
    return max(len(str(value)), width if isinstance(width, int) else 0)


def _indent_size(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> int:
    text = str(value)
    pad = width if isinstance(width, int) else len(str(width))
    return len(text) + (text.count("\n") + 1) * max(pad, 0)


def _replace_size(context: Any, value: Any, old: Any, new: Any, count: Any = None) -> int:
    text, old, new = str(value), str(old), str(new)
    inserts = text.count(old) if old else len(text) + 1
    return len(text) + inserts * len(new)


def _format_size(value: Any, *args: Any, **kwargs: Any) -> int:
    return sum(int(w or 0) + int(p or 0) for w, p in _WIDTH.findall(str(value)))


def _environment(autoescape: bool) -> ImmutableSandboxedEnvironment:
    # Jinja's default whitespace: what staff type around {% if %} is what the lead gets.
    environment = _BoundedSandbox(undefined=_NamedUndefined, autoescape=autoescape)
    filters = environment.filters
    filters["center"] = _sized_filter("center", filters["center"], _center_size)
    filters["indent"] = _sized_filter("indent", filters["indent"], _indent_size)
    filters["replace"] = _sized_filter("replace", filters["replace"], _replace_size)
    filters["format"] = _sized_filter("format", filters["format"], _format_size)

    def bounded_range(*args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise _TooBig(f"a range may have at most {MAX_RANGE} numbers")
        return numbers

    environment.globals["range"] = bounded_range
    return environment


_TEXT = _environment(autoescape=False)
_HTML = _environment(autoescape=True)  # a lead who calls themselves "<b>" stays text
_HTML_TAG = re.compile(r"<\s*(?:html|body|p|div|table|br|a|span|h[1-6]|ul|ol|li|strong)\b", re.I)


@lru_cache(maxsize=1024)
def _compiled(source: str, html: bool) -> Template:
    """A template compiled once and kept: compiling costs far more than rendering. Keyed by the
    text itself, so an edited template is a new entry and can never be served stale; a source
    that does not compile raises each time and is not kept."""
    return (_HTML if html else _TEXT).from_string(source)


@lru_cache(maxsize=1024)
def variables_read(source: str) -> frozenset[str]:
    """The variables a template reads ({{ lead.first_name }} reads "lead"): the names it uses
    and does not set itself. A template that does not compile reads them all, as far as the
    caller knows: `render` then says what is wrong with it."""
    try:
        return frozenset(meta.find_undeclared_variables(_TEXT.parse(source)))
    except TemplateSyntaxError:
        return frozenset(VARIABLES)


def render_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as `render` reads it, made once for several templates of one message
    (`render` takes either)."""
    return {key: _group(key, value) for key, value in context.items()}


def render(source: str, context: Mapping[str, Any], *, html: bool | None = None) -> str:
    """The template filled in. HTML (the html part of an email) is escaped; when `html` is not
    given it is detected from the tags in the source."""
    escaped = bool(_HTML_TAG.search(source)) if html is None else html
    sandbox = cast(_BoundedSandbox, _HTML if escaped else _TEXT)
    sandbox.deadline.at = time.monotonic() + MAX_SECONDS
    try:
        template = _compiled(source, escaped)
        pieces, size = [], 0
        for piece in template.generate(render_context(context)):
            size += len(piece)
            _refuse_if_too_long(size, "the message")
            sandbox.check_time()
            pieces.append(piece)
        return "".join(pieces)
    except _TooBig as exc:
        raise TemplateProblem(f"too large: {exc}") from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"line {exc.lineno}: {exc.message}") from None
    except SecurityError as exc:
        raise TemplateProblem(f"not allowed in a template: {exc}") from None
    except UndefinedError as exc:
        raise TemplateProblem(str(exc)) from None
    except Exception as exc:  # staff-written: a bad filter call must not break a send or a page
        raise TemplateProblem(f"the template failed: {exc}") from None
    finally:
        sandbox.deadline.at = None


def validate(source: str) -> list[str]:
    """Every problem with a template, checked against sample_context(); [] when it is fine."""
    context = sample_context()
    try:
        tree = _TEXT.parse(source)
        problems = list(dict.fromkeys(_unknown_variables(tree, context)))
    except TemplateSyntaxError as exc:  # also an unknown filter, found while compiling
        return [f"line {exc.lineno}: {exc.message}"]
    if not problems:
        try:
            render(source, context)
        except TemplateProblem as exc:
            problems.append(exc.message)
    return problems


def _unknown_variables(tree: nodes.Template, context: Mapping[str, Any]) -> Iterator[str]:
    free = meta.find_undeclared_variables(tree)  # names not set inside the template itself
    known = sorted(VARIABLES) + sorted(context)
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if isinstance(node, nodes.Name):
            if node.ctx == "load" and node.name in free and node.name not in context:
                yield _unknown(node.name, known)
            continue
        path = _dotted(node)
        if not path or path[0] not in free or path[0] not in context:
            continue
        value: Any = context
        for depth, part in enumerate(path):
            if not isinstance(value, Mapping) or part.startswith("_"):
                break  # what the sandbox refuses, render() reports
            if part not in value:
                yield _unknown(".".join(path[: depth + 1]), known)
                break
            value = value[part]


def _dotted(node: nodes.Node) -> list[str] | None:
    """["lead", "first_name"] for lead.first_name or lead["first_name"]; None otherwise."""
    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        inner = _dotted(node.node)
        return [*inner, node.attr] if inner else None
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        inner = _dotted(node.node)
        return [*inner, node.arg.value] if inner else None
    return None


# --- SMS segments --------------------------------------------------------------------------------


# The GSM 03.38 tables come from the gsm0338 codec (3GPP TS 23.038 Rel-15): a character of the
# extension table ({ } [ ] ~ \ | ^ €) encodes as ESC + code, two septets. Segment sizes: a
# single message holds 140 octets, 160 septets or 70 UTF-16 units; a concatenated one loses 6
# octets to its header, leaving 153 septets or 67 units per segment.
@dataclass(frozen=True)
class SegmentInfo:
    encoding: Literal["GSM-7", "UCS-2"]
    characters: int  # septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2
    segments: int
    per_segment: int


@cache
def _septets(character: str) -> int | None:
    try:
        return len(character.encode("gsm03.38"))
    except UnicodeEncodeError:
        return None


def sms_segments(text: str) -> SegmentInfo:
    septets = [_septets(c) for c in text]
    if all(s is not None for s in septets):
        encoding: Literal["GSM-7", "UCS-2"] = "GSM-7"
        units = [s or 0 for s in septets]
        single, multi = 160, 153
    else:
        encoding = "UCS-2"
        units = [len(c.encode("utf-16-le")) // 2 for c in text]  # an emoji is 2
        single, multi = 70, 67
    total = sum(units)
    if total <= single:
        return SegmentInfo(encoding, total, 1 if total else 0, single)
    # Filled one by one: an escape pair or a surrogate pair is never split across segments.
    segments, used = 1, 0
    for size in units:
        if used + size > multi:
            segments, used = segments + 1, 0
        used += size
    return SegmentInfo(encoding, total, segments, multi)
