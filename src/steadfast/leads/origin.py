"""Who started the contact: recorded per lead at intake, with what showed it.

The lawyers' conduct rules turn on it (docs/bar-rules.md): a contact the person asked this firm
for is a reply to a request, not a solicitation. Steadfast reads it from how the lead came:

- the firm's own web form or phone number: the person asked this firm (`firm`);
- a lead vendor (API or CSV) whose stored consent wording names this firm, by its name or its
  website: `vendor_named`, treated as a request;
- a vendor whose wording does not: `vendor`, treated as a solicitation (the cautious reading);
- a person of the firm typing it in: `staff`, treated as a request (the person who entered it
  is on the record).

Pure functions of strings, so a data migration can use them too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

FIRM = "firm"
VENDOR_NAMED = "vendor_named"
VENDOR = "vendor"
STAFF = "staff"
REQUESTED = frozenset({FIRM, VENDOR_NAMED, STAFF})

# Source kinds (leads.models.SourceKind values) and what they say about who started the contact.
FIRM_KINDS = frozenset({"web_form", "phone"})
STAFF_KINDS = frozenset({"manual"})

# Words a firm's name ends with that people (and vendors' wording) leave out.
_SUFFIXES = re.compile(
    r"(?:,?\s+(?:llp|llc|pllc|pc|p\.c\.|pa|p\.a\.|ltd|inc|chartered|and associates|& associates"
    r"|law firm|law group|law offices?|attorneys(?: at law)?|lawyers|injury law|law))+$",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces: 'Núñez & Co.' → 'nunez co'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def firm_names(name: str, website: str = "") -> list[str]:
    """The ways a consent wording may name the firm: its name, the name without the usual
    suffixes (at least two words, or one of 6+ letters, so "Smith" alone never counts), and
    its website's domain."""
    names = [_fold(name)]
    short = _fold(_SUFFIXES.sub("", name.strip()))
    if short and short not in names and (len(short.split()) >= 2 or len(short) >= 6):
        names.append(short)
    domain = re.sub(r"^(?:https?://)?(?:www\.)?", "", website.strip().lower()).split("/")[0]
    if domain and "." in domain:
        names.append(_fold(domain))
    return [n for n in names if n]


def naming(text: str, name: str, website: str = "") -> str | None:
    """What in the consent wording names the firm (the matched name), or None."""
    folded = f" {_fold(text)} "
    for candidate in firm_names(name, website):
        if f" {candidate} " in folded:
            return candidate
    return None


def classify(
    *,
    source_kind: str,
    source_name: str,
    consent_text: str,
    firm_name: str,
    firm_website: str = "",
    page_url: str = "",
    external_id: str | None = None,
    actor: str = "",
) -> tuple[str, dict[str, Any]]:
    """(initiated_by, evidence) for a lead that came this way."""
    evidence: dict[str, Any] = {"source": source_name, "source_kind": source_kind}
    if page_url:
        evidence["page_url"] = page_url[:500]
    if external_id:
        evidence["vendor_lead_id"] = external_id
    if source_kind in FIRM_KINDS:
        evidence["why"] = f"came through the firm's own {source_kind.replace('_', ' ')}"
        return FIRM, evidence
    if source_kind in STAFF_KINDS or actor:
        evidence["why"] = f"entered by {actor or 'staff'}"
        if actor:
            evidence["entered_by"] = actor
        return STAFF, evidence
    evidence["consent_text"] = consent_text[:2000]
    matched = naming(consent_text, firm_name, firm_website) if consent_text else None
    if matched is not None:
        evidence["named_firm_as"] = matched
        evidence["why"] = f"the vendor's consent wording names the firm ({matched!r})"
        return VENDOR_NAMED, evidence
    evidence["why"] = (
        "the vendor's consent wording does not name the firm"
        if consent_text.strip()
        else "the vendor sent no consent wording"
    )
    return VENDOR, evidence
