from steadfast.leads import validation


def test_it_normalises_a_us_phone_to_e164_with_its_zone():
    result = validation.check_phone("(312) 555-0142")
    assert result.finding.result == "valid"
    assert result.e164 == "+13125550142"
    assert result.zones == ("America/Chicago",)


def test_it_keeps_the_evidence_for_a_malformed_phone():
    result = validation.check_phone("555-01")
    assert result.finding.result == "invalid"
    assert result.finding.evidence["raw"] == "555-01"
    assert result.e164 == ""


def test_it_rejects_bad_email_syntax_without_dns():
    result = validation.check_email("jane@@example")
    assert result.finding.result == "invalid"
    assert result.finding.code == "bad_syntax"


def test_it_prefers_the_stated_zip_for_the_zone():
    loc = validation.locate(
        stated_state="",
        stated_zip="85001",
        phone_zones=("America/New_York",),
        firm_timezone="America/Chicago",
    )
    assert (loc.state, loc.zones, loc.source) == ("AZ", ("America/Phoenix",), "zip")


def test_it_gives_every_zone_of_a_state_that_spans_two():
    loc = validation.locate(
        stated_state="Florida", stated_zip="", phone_zones=(), firm_timezone="America/Chicago"
    )
    assert loc.state == "FL"
    assert set(loc.zones) == {"America/New_York", "America/Chicago"}


def test_it_falls_back_to_the_area_code_then_the_firm():
    by_phone = validation.locate(
        stated_state="",
        stated_zip="",
        phone_zones=("America/Denver",),
        firm_timezone="America/Chicago",
    )
    assert (by_phone.zones, by_phone.source, by_phone.state) == (
        ("America/Denver",),
        "area_code",
        "",
    )
    nothing = validation.locate(
        stated_state="", stated_zip="", phone_zones=(), firm_timezone="America/Chicago"
    )
    assert (nothing.zones, nothing.source) == (("America/Chicago",), "firm")


def test_it_keeps_the_zones_of_each_state_as_the_zip_database_gives_them():
    from steadfast.leads.validation import _zones_by_state, zones_by_state_from_zips

    # state_zones.json is the ZIP database's answer, kept so that start-up does not read it;
    # regenerate the file when the zipcodes package brings new data.
    assert _zones_by_state() == zones_by_state_from_zips()
    assert _zones_by_state()["IL"] == ("America/Chicago",)
    assert _zones_by_state()["IN"][:2] == ("America/Indiana/Indianapolis", "America/Chicago")


def test_it_knows_every_zip_code_as_the_zip_database_gives_it():
    import json

    import zipcodes

    # zip_places.json is the ZIP database's answer, kept so that the first lead with a ZIP
    # does not wait for the whole database; regenerate the file when zipcodes brings new data.
    places = validation.zip_places_from_zipcodes()
    kept = json.loads(validation.ZIP_PLACES_FILE.read_text(encoding="utf-8"))
    assert kept == validation.encode_zip_places(places)
    for number in range(100_000):
        code = f"{number:05d}"
        found = validation.zip_info(code)
        expected = places.get(code)
        assert (found["state"], found["timezone"]) == expected if found else expected is None
    # The package's own lookup agrees, for ZIP+4 and retired codes too.
    for code in ("85001", "53703-1234", "01133", "09001", "99950", "00000", "12345-6789"):
        found = validation.zip_info(code)
        matches = zipcodes.matching(code)
        assert found == (
            {"state": matches[0]["state"], "timezone": matches[0]["timezone"]} if matches else None
        )
    assert validation.zip_info("5370") is None
