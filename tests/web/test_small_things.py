"""Small things a new team notices in its first hour."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from steadfast.firms.models import User


def test_it_answers_favicon_ico_with_the_icon(client: Client, db: None):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("web/favicon.svg")


def test_the_click_to_call_phone_box_is_styled_like_the_other_fields(
    as_user: Callable[[User], Client], bob: User
):
    page = as_user(bob).get("/profile/").content.decode()
    assert 'type="tel"' in page
    css = (Client().get("/static/web/app.css")).getvalue().decode()
    assert 'input[type="tel"]' in css
