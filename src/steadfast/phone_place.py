"""Where a phone number is, in English, as phonenumbers' geocoder says it ("Chicago, IL").

The geocoder builds its table of every prefix of every country (287,000 entries) when it is
imported: a third of a second, paid by every process that validates a lead, before anything
else. North American numbers (+1), nearly all of a firm's leads, are answered here from the
geocoder's own +1 entries (32,000), kept as JSON under STEADFAST_VAR_DIR/cache and named by
the phonenumbers version, so a new release of its data makes a new file. The file is written
from the geocoder the first time it is missing; other numbers go to the geocoder itself. A
test checks that both answer the same for every +1 prefix the geocoder knows.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from django.conf import settings
from phonenumbers import PhoneNumber, PhoneNumberType

from steadfast.var_files import write_whole

NANP = 1  # the country calling code of North America


@dataclass(frozen=True)
class _Table:
    longest: int  # the longest prefix, in digits
    areas: dict[str, str]  # "1312" → "Chicago, IL"
    regions: dict[str, str]  # "US" → "United States": the name when no area is known


def describe(number: PhoneNumber) -> str:
    """`phonenumbers.geocoder.description_for_number(number, "en")`."""
    if number.country_code != NANP:
        from phonenumbers import geocoder  # only for numbers outside North America

        return geocoder.description_for_number(number, "en")
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        return ""
    table = _table()
    if phonenumbers.is_number_type_geographical(kind, number.country_code):
        digits = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
        for length in range(min(table.longest, len(digits)), 0, -1):
            if digits[:length] in table.areas:  # the longest known prefix names the area
                if table.areas[digits[:length]]:
                    return table.areas[digits[:length]]
                break
    # Else the name of the one region where the number is valid (none if it is in several).
    found = [
        region
        for region in phonenumbers.region_codes_for_country_code(NANP)
        if phonenumbers.is_valid_number_for_region(number, region)
    ]
    if len(found) > 1:
        return ""
    return table.regions.get(found[0] if found else "ZZ", "")


def warm() -> None:
    """Read the table now (made first if it is missing): servers call this as they start."""
    _table()


def table_from_geocoder() -> dict[str, object]:
    """The geocoder's English names of the +1 prefixes and of the North American regions."""
    from phonenumbers import geocoder
    from phonenumbers.geodata import GEOCODE_DATA

    areas = {
        prefix: names["en"]
        for prefix, names in GEOCODE_DATA.items()
        if prefix.startswith(str(NANP)) and "en" in names
    }
    regions = {  # the names the geocoder gives regions (its helper for country_name_for_number)
        region: geocoder._region_display_name(region, "en")
        for region in [*phonenumbers.region_codes_for_country_code(NANP), "ZZ"]
    }
    return {
        "version": phonenumbers.__version__,
        "longest": max(len(prefix) for prefix in areas),
        "areas": areas,
        "regions": regions,
    }


def cache_file() -> Path:
    return Path(settings.VAR_DIR) / "cache" / f"nanp-places-{phonenumbers.__version__}.json"


@functools.cache
def _table() -> _Table:
    path = cache_file()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("version") != phonenumbers.__version__:
            raise ValueError("another version's file")
    except (OSError, ValueError, AttributeError):
        kept = table_from_geocoder()
        _write(path, kept)
    return _Table(longest=kept["longest"], areas=kept["areas"], regions=kept["regions"])


def _write(path: Path, table: dict[str, object]) -> None:
    """On a read-only var folder: the geocoder is read in each process instead."""
    text = json.dumps(table, separators=(",", ":")).encode()
    write_whole(path, lambda out: out.write(text))
