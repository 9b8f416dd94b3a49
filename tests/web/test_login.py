"""Logging in and out; five failures lock one email from one address out for 15 minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.test import Client

from steadfast import clock
from steadfast.firms.models import User


def attempt(client: Client, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post("/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_it_logs_in_with_email_and_password_and_opens_the_queue(client: Client, bob: User):
    response = attempt(client, "bob@lakeshore.example", "correct horse 1")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/queue/"


def test_it_says_when_email_and_password_do_not_match(client: Client, bob: User):
    response = attempt(client, "bob@lakeshore.example", "wrong")
    assert response.status_code == 200
    assert "That email and password do not match an account." in response.content.decode()


def test_it_locks_out_an_email_from_an_address_after_five_failures(client: Client, bob: User):
    for _ in range(4):
        assert attempt(client, "bob@lakeshore.example", "wrong").status_code == 200
    fifth = attempt(client, "bob@lakeshore.example", "wrong")
    assert fifth.status_code == 429
    assert "Logging in is locked for 15 minutes" in fifth.content.decode()
    # Even the right password is refused while the lockout lasts.
    locked = attempt(client, "bob@lakeshore.example", "correct horse 1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert int(locked["Retry-After"]) == 15 * 60


def test_it_locks_only_that_email_from_that_address(client: Client, bob: User, alice: User):
    for _ in range(5):
        attempt(client, "bob@lakeshore.example", "wrong")
    assert attempt(client, "alice@lakeshore.example", "correct horse 1").status_code == 302
    other = Client()
    assert (
        attempt(other, "bob@lakeshore.example", "correct horse 1", ip="198.51.100.9").status_code
        == 302
    )


def test_it_lets_the_email_in_again_after_15_minutes(client: Client, bob: User, now: datetime):
    for _ in range(5):
        attempt(client, "BOB@lakeshore.example", "wrong")
    with clock.frozen(now + timedelta(minutes=14)):
        locked = attempt(client, "bob@lakeshore.example", "correct horse 1")
        assert locked.status_code == 429
        assert "locked for 1 minute;" in locked.content.decode()
    with clock.frozen(now + timedelta(minutes=15, seconds=1)):
        assert attempt(client, "bob@lakeshore.example", "correct horse 1").status_code == 302


def test_it_forgets_failures_after_a_successful_login(client: Client, bob: User):
    for _ in range(4):
        attempt(client, "bob@lakeshore.example", "wrong")
    assert attempt(client, "bob@lakeshore.example", "correct horse 1").status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert attempt(client, "bob@lakeshore.example", "wrong").status_code == 200


def test_it_logs_out_only_on_post(client: Client, bob: User):
    client.force_login(bob)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response["Location"] == "/login/"
    assert client.get("/queue/").status_code == 302
