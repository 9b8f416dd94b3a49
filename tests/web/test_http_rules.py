"""Personal data is never cached; HEAD answers wherever GET does."""

from __future__ import annotations

import pytest


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/queue/", "/leads/", "/settings/users/", "/profile/"])
def test_pages_of_a_logged_in_person_are_never_stored(as_user, alice, path):
    response = as_user(alice).get(path)

    assert response.status_code == 200
    assert _no_store(response)


def test_a_lead_page_is_never_stored(as_user, alice, jane):
    response = as_user(alice).get(f"/leads/{jane.pk}/")

    assert _no_store(response)


def test_api_answers_are_never_stored(api, jane):
    assert _no_store(api("get", f"/leads/{jane.pk}"))
    assert _no_store(api("get", "/leads/999999"))


def test_the_web_form_is_never_stored(client, source):
    assert _no_store(client.get(f"/f/{source.form_token}/"))


@pytest.mark.parametrize("path", ["/queue/", "/leads/", "/settings/", "/profile/", "/outbox/"])
def test_head_answers_like_get(as_user, alice, path):
    client = as_user(alice)

    get, head = client.get(path), client.head(path)

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


def test_head_answers_like_get_on_the_api_and_the_web_form(api_key, client, source, jane):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}

    assert client.head(f"/api/v1/leads/{jane.pk}", **auth).status_code == 200
    assert client.head(f"/f/{source.form_token}/").status_code == 200
    assert client.head("/healthz").status_code == 200


def test_head_is_still_refused_where_get_is(as_user, alice):
    response = as_user(alice).head("/logout/")

    assert response.status_code == 405
