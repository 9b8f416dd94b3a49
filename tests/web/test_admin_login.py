"""/admin/login/ is throttled with the same lockout as /login/; the demo admin is the demo
firm's administrator, not an operator of the whole installation."""

from __future__ import annotations

from django.test import Client

from steadfast import clock
from steadfast.firms.models import Firm, Membership, User
from steadfast.firms.services import DEMO_ADMIN, demo_firm_seed


def admin_attempt(client: Client, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_it_locks_the_admin_login_after_five_failures_even_for_the_right_password(
    client: Client, db
):
    User.objects.create_superuser("root@steadfast.test", "correct horse 1")
    for _ in range(4):
        assert admin_attempt(client, "root@steadfast.test", "wrong").status_code == 200
    assert admin_attempt(client, "root@steadfast.test", "wrong").status_code == 429

    locked = admin_attempt(client, "root@steadfast.test", "correct horse 1")

    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


def test_failures_on_either_login_page_count_together(client: Client, bob: User):
    for _ in range(3):
        client.post(
            "/login/",
            {"username": "bob@lakeshore.example", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
        )
    admin_attempt(client, "bob@lakeshore.example", "wrong")
    admin_attempt(client, "bob@lakeshore.example", "wrong")

    response = client.post(
        "/login/",
        {"username": "bob@lakeshore.example", "password": "correct horse 1"},
        REMOTE_ADDR="203.0.113.7",
    )

    assert response.status_code == 429


def test_a_successful_admin_login_still_works(client: Client, db):
    User.objects.create_superuser("root@steadfast.test", "correct horse 1")

    assert admin_attempt(client, "root@steadfast.test", "correct horse 1").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_demo_admin_runs_the_demo_firm_but_not_the_installation(db):
    seeded = demo_firm_seed(now=clock.now())
    assert seeded is not None
    firm, password = seeded
    harbor = Firm.objects.create(name="Harbor Family Law", slug="harbor")
    demo = User.objects.get(email=DEMO_ADMIN)
    client = Client()

    assert not demo.is_superuser and not demo.is_staff
    assert Membership.objects.get(user=demo).firm == firm
    assert admin_attempt(client, DEMO_ADMIN, password).status_code == 200  # refused by the admin
    assert client.get("/admin/firms/firm/").status_code == 302  # back to the admin's login
    client.post("/login/", {"username": DEMO_ADMIN, "password": password})
    settings_page = client.get("/settings/firm/")
    assert settings_page.status_code == 200
    assert harbor.name not in client.get("/admin/firms/firm/", follow=True).content.decode()
