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


def test_it_places_each_zip_code_as_the_zip_database_does():
    import zipcodes

    from steadfast.leads.validation import _zip_places, zip_info, zip_places_from_zips

    # zip_places.json is the ZIP database's answer, kept so that a process does not load the
    # whole database; regenerate the file when the zipcodes package brings new data.
    assert _zip_places() == zip_places_from_zips()
    for code in ("60601", "60601-0000", "00501-1234", "99950", "01133", "00000", "6060"):
        found = zipcodes.matching(code) if len(code) >= 5 else []
        expected = {"state": found[0]["state"], "timezone": found[0]["timezone"]} if found else None
        assert zip_info(code) == expected, code


def test_it_keeps_the_zones_of_each_state_as_the_zip_database_gives_them():
    from steadfast.leads.validation import _zones_by_state, zones_by_state_from_zips

    # state_zones.json is the ZIP database's answer, kept so that start-up does not read it;
    # regenerate the file when the zipcodes package brings new data.
    assert _zones_by_state() == zones_by_state_from_zips()
    assert _zones_by_state()["IL"] == ("America/Chicago",)
    assert _zones_by_state()["IN"][:2] == ("America/Indiana/Indianapolis", "America/Chicago")
