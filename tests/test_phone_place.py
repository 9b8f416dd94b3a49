"""Where a number is: North American numbers from the kept table, as the geocoder says."""

from __future__ import annotations

import importlib
import json

import phonenumbers
import pytest
from phonenumbers import geocoder
from phonenumbers.geodata import GEOCODE_DATA

import steadfast.wsgi
from steadfast import phone_place


@pytest.fixture
def fresh_table(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    phone_place._table.cache_clear()
    yield tmp_path
    phone_place._table.cache_clear()


def _numbers():
    """A number in every +1 prefix the geocoder names, and numbers it names no area for."""
    for prefix in GEOCODE_DATA:
        if prefix.startswith("1"):
            for tail in ("0000000", "5550100", "9999999"):
                yield "+" + (prefix + tail)[:11]
    yield from ("+18005550100", "+19005550100", "+15005550006", "+12125550000", "+16045550101")
    yield from ("+18765550101", "+17875550101", "+12425550101", "+15555550100", "+13125550142")


def test_it_answers_as_the_geocoder_for_every_north_american_prefix(fresh_table):
    checked = 0
    for e164 in _numbers():
        number = phonenumbers.parse(e164, None)
        assert phone_place.describe(number) == geocoder.description_for_number(number, "en"), e164
        checked += 1
    assert checked > 90_000
    assert phone_place.describe(phonenumbers.parse("+13125550142")) == "Chicago, IL"
    assert phone_place.describe(phonenumbers.parse("+16045550101")) == "British Columbia"


def test_numbers_elsewhere_go_to_the_geocoder(fresh_table):
    for e164, place in (("+442079460000", "London"), ("+525555555555", "Mexico City, FD")):
        assert phone_place.describe(phonenumbers.parse(e164)) == place


def test_the_table_is_kept_under_the_var_folder_and_read_from_there(fresh_table):
    phone_place.describe(phonenumbers.parse("+13125550142"))
    kept = phone_place.cache_file()
    assert kept.parent.parent == fresh_table
    table = json.loads(kept.read_text(encoding="utf-8"))
    assert table["version"] == phonenumbers.__version__
    assert table["areas"]["1312"] == "Chicago, IL"
    # A later process reads the file, not the geocoder.
    table["areas"]["1312"] = "Chicago (from the kept file)"
    kept.write_text(json.dumps(table), encoding="utf-8")
    phone_place._table.cache_clear()
    assert (
        phone_place.describe(phonenumbers.parse("+13125550142")) == "Chicago (from the kept file)"
    )
    # A file cut short is made again.
    kept.write_text('{"version": ', encoding="utf-8")
    phone_place._table.cache_clear()
    assert phone_place.describe(phonenumbers.parse("+13125550142")) == "Chicago, IL"
    assert json.loads(kept.read_text(encoding="utf-8"))["areas"]["1312"] == "Chicago, IL"


def test_the_web_app_reads_the_table_before_its_first_request(fresh_table):
    assert not phone_place.cache_file().exists()
    importlib.reload(steadfast.wsgi)
    assert phone_place.cache_file().exists()
    assert phone_place._table.cache_info().currsize == 1
