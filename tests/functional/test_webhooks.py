"""Chapter webhooks against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
import requests
import responses

from advocacy.chapters.models import Chapter, ChapterSignup
from advocacy.database import utcnow
from advocacy.errors import DomainError
from advocacy.extensions import db
from advocacy.webhooks.addresses import (
    check_webhook_url,
    refused_private_peer,
    webhook_session,
)
from advocacy.webhooks.delivery import BACKOFF, deliver_due, deliver_one
from advocacy.webhooks.models import WebhookDelivery

from ..conftest import login, submit
from ..webhook_receiver import Receiver
from .test_moderation import add_story

SIGNUP = {"name": "Grace Hopper", "email": "grace@example.org", "zip": "10001",
          "interests": ["share_stories"], "consent": "y"}
HOOK_PAGE = "/coordinate/chapters/new-york/webhook"


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def coordinator(app, make_chapter, make_user):
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    make_chapter("pacific", states=("CA",))
    client = app.test_client()
    login(client, make_user("coordinator", chapters=["new-york"]))
    return client


def set_hook(client, url: str, **extra):
    return submit(client, HOOK_PAGE, {"url": url, **extra})


def secret_of(app, slug="new-york") -> str:
    with app.app_context():
        return db.session.execute(db.select(Chapter.webhook_secret)
                                  .filter_by(slug=slug)).scalar_one()


def deliveries(app) -> list[WebhookDelivery]:
    with app.app_context():
        rows = db.session.execute(db.select(WebhookDelivery).order_by(WebhookDelivery.id)
                                  ).scalars().all()
        for row in rows:
            list(row.attempt_log)
        return rows


def test_sign_up_is_posted_signed_and_the_signature_verifies(app, client, coordinator,
                                                            receiver, task_worker):
    assert set_hook(coordinator, receiver.url).status_code == 302
    secret = secret_of(app)
    assert len(secret) == 64
    response = submit(client, "/chapters/new-york", SIGNUP)
    assert response.status_code == 302
    (hit,) = receiver.wait_for(1)
    expected = "sha256=" + hmac.new(secret.encode(), hit.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(hit.headers["X-Advocacy-Signature"], expected)
    body = json.loads(hit.body)
    assert body["event"] == hit.headers["X-Advocacy-Event"] == "signup.created"
    assert body["chapter"] == {"slug": "new-york", "name": "New York Library Advocates"}
    assert (body["signup"]["email"], body["signup"]["interests"]) == (
        "grace@example.org", ["share_stories"])
    # Logged as delivered, and the payload is not kept once delivered.
    deadline = time.monotonic() + 5
    while deliveries(app)[0].status != "delivered" and time.monotonic() < deadline:
        time.sleep(0.02)
    (row,) = deliveries(app)
    assert (row.status, row.attempts, row.last_status, row.payload) == ("delivered", 1, 200,
                                                                         None)
    assert hit.headers["X-Advocacy-Delivery"] == str(row.id)
    page = coordinator.get(HOOK_PAGE).get_data(as_text=True)
    assert "signup.created" in page and "delivered" in page
    # The same email again: an update, also sent.
    submit(client, "/chapters/new-york", {**SIGNUP, "interests": ["host_events"]},
           "/chapters/new-york?change=1")
    assert json.loads(receiver.wait_for(2)[1].body)["event"] == "signup.updated"


def test_a_500_is_retried_with_backoff_logged_and_given_up(app, make_app, make_chapter,
                                                          make_user, receiver):
    app = make_app(create_schema=False)
    make_chapter("new-york", states=("NY",))
    coordinator = app.test_client()
    login(coordinator, make_user("coordinator", chapters=["new-york"]))
    receiver.mode = "fail"
    set_hook(coordinator, receiver.url)
    submit(app.test_client(), "/chapters/new-york", SIGNUP)
    assert receiver.received == []  # cli mode: nothing is sent by the request
    now = utcnow()
    with app.app_context():
        assert deliver_due(now) == {"pending": 1}
        assert deliver_due(now) == {}  # not due again before its backoff
        # Nor by its id: a sweep's list read before the attempt, a second task.
        (pending,) = db.session.execute(db.select(WebhookDelivery.id)).scalars()
        assert deliver_one(pending, now) is None
        for wait in BACKOFF:
            now += wait + timedelta(seconds=1)
            deliver_due(now)
    assert len(receiver.received) == len(BACKOFF) + 1
    (row,) = deliveries(app)
    assert (row.status, row.attempts, row.last_status) == ("failed", 5, 500)
    assert [a.status_code for a in row.attempt_log] == [500] * 5
    assert {r.headers["X-Advocacy-Delivery"] for r in receiver.received} == {str(row.id)}
    page = coordinator.get(HOOK_PAGE).get_data(as_text=True)
    assert "failed" in page and "Answered HTTP 500." in page
    # A coordinator can send it again once the endpoint is fixed.
    receiver.mode = "ok"
    submit(coordinator, f"{HOOK_PAGE}/deliveries/{row.id}/retry", {}, HOOK_PAGE)
    with app.app_context():
        assert deliver_due() == {"delivered": 1}


def test_the_connection_itself_must_reach_a_public_address(receiver):
    with webhook_session(allow_private=False) as session, \
            pytest.raises(requests.ConnectionError) as refused:
        session.post(receiver.url, data=b"{}", timeout=5)
    assert refused_private_peer(refused.value)
    assert receiver.received == []  # closed before a byte was sent
    with webhook_session(allow_private=True) as session:
        assert session.post(receiver.url, data=b"{}", timeout=5).status_code == 200


def test_a_name_re_pointed_after_the_check_gets_nothing(app, make_app, make_chapter,
                                                       make_user, receiver, monkeypatch):
    """DNS rebinding: the name passed the check, then resolves to a private address."""
    from advocacy.webhooks import delivery

    app = make_app(create_schema=False)
    make_chapter("new-york", states=("NY",))
    coordinator = app.test_client()
    login(coordinator, make_user("coordinator", chapters=["new-york"]))
    set_hook(coordinator, receiver.url)
    submit(app.test_client(), "/chapters/new-york", SIGNUP)
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    monkeypatch.setattr(delivery, "check_webhook_url", lambda url, allow_private: url)
    # A proxy from the environment would hide the peer: it is not used.
    monkeypatch.setenv("HTTP_PROXY", "http://8.8.8.8:3128")
    monkeypatch.setenv("NO_PROXY", "")
    with app.app_context():
        assert deliver_due() == {"pending": 1}
    assert receiver.received == []
    (row,) = deliveries(app)
    assert row.last_error.startswith("Not sent: the address now leads to a private")


def test_a_hanging_endpoint_never_slows_the_sign_up(app, make_app, make_chapter, make_user,
                                                   receiver):
    # Sent inline, it would show; a worker in this app's process sends it instead.
    app = make_app(create_schema=False, WEBHOOK_TIMEOUT=2.0, TASKS_WORKER="in-process")
    make_chapter("new-york", states=("NY",))
    coordinator = app.test_client()
    login(coordinator, make_user("coordinator", chapters=["new-york"]))
    set_hook(coordinator, receiver.url)
    receiver.mode = "hang"
    advocate = app.test_client()
    for n in range(3):
        page = advocate.get("/chapters/new-york")  # outside the timing: the form's token
        began = time.perf_counter()
        response = submit(advocate, "/chapters/new-york",
                          {**SIGNUP, "email": f"a{n}@example.org"},
                          "/chapters/new-york?change=1")
        assert response.status_code == 302
        assert time.perf_counter() - began < 1.0
        assert page.status_code == 200
    receiver.wait_for(1)
    deadline = time.monotonic() + 10
    while not any(d.attempts for d in deliveries(app)) and time.monotonic() < deadline:
        time.sleep(0.05)
    first = deliveries(app)[0]
    assert first.attempt_log[0].error == "Timed out."
    assert first.status == "pending"  # to be tried again after its backoff


def test_approved_story_goes_to_the_chapters_of_its_state(app, coordinator, receiver,
                                                          task_worker):
    set_hook(coordinator, receiver.url)
    private = add_story(app, "NY", title="Private", consents=("share",))
    reachable = add_story(app, "NY", title="Reachable", consents=("share", "contact"))
    for story in (private, reachable):
        submit(coordinator, f"/coordinate/stories/{story}/moderate",
               {"decision": "approve"}, f"/coordinate/stories/{story}")
    # Approving again sends nothing new; another state's story goes to no chapter here.
    submit(coordinator, f"/coordinate/stories/{private}/moderate", {"decision": "approve"},
           f"/coordinate/stories/{private}")
    bodies = [json.loads(hit.body)["story"] for hit in receiver.wait_for(2)]
    time.sleep(0.2)
    assert len(receiver.received) == 2
    by_title = {body["title"]: body for body in bodies}
    assert by_title["Private"]["email"] is None
    assert by_title["Reachable"]["email"] == "reachable@example.org"
    assert by_title["Private"]["impact_areas"] == ["connectivity"]


# NAT64 of 169.254.169.254 and 127.0.0.1, local-use NAT64, 6to4, IPv4-compatible,
# IPv4-translated, Teredo with a documentation-range client.
EMBEDDING = ("64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b:1::a9fe:a9fe", "2002:7f00:1::1",
             "2002:a9fe:a9fe::1", "::127.0.0.1", "::169.254.169.254", "::ffff:0:7f00:1",
             "2001:0:4136:e378:8000:63bf:3fff:fdd2")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/hook", "http://localhost:8080/", "http://10.1.2.3/", "http://192.168.0.9/",
    "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://100.64.0.1/", "http://0.0.0.0/", "ftp://8.8.8.8/", "javascript:alert(1)",
    "http://user:pw@8.8.8.8/", "https:///nohost", *(f"http://[{a}]/" for a in EMBEDDING)])
def test_private_and_odd_addresses_are_refused(url):
    with pytest.raises(DomainError):
        check_webhook_url(url, allow_private=False)


def test_ipv6_forms_are_judged_by_the_ipv4_address_they_embed():
    """The same rule at save, before sending and on the socket (one function)."""
    from advocacy.webhooks.addresses import _public

    assert not any(_public(address) for address in EMBEDDING)
    # The same forms around public IPv4 addresses (8.8.8.8), and plain IPv6, pass.
    assert all(_public(a) for a in ("64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"))
    assert check_webhook_url("http://[64:ff9b::808:808]/hook", allow_private=False)



def test_public_addresses_pass_and_the_form_keeps_a_refused_one(app, make_app, make_chapter,
                                                               make_user):
    assert check_webhook_url(" https://8.8.8.8/hook ", allow_private=False) == (
        "https://8.8.8.8/hook")
    app = make_app(create_schema=False, WEBHOOKS_ALLOW_PRIVATE=False)
    make_chapter("new-york", states=("NY",))
    client = app.test_client()
    login(client, make_user("coordinator", chapters=["new-york"]))
    response = set_hook(client, "http://169.254.169.254/latest")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "private, loopback or link-local" in html
    assert 'value="http://169.254.169.254/latest"' in html
    with app.app_context():
        assert db.session.execute(db.select(Chapter.webhook_url)).scalars().all() == [None]


def test_new_secret_on_request_and_erasing_the_sign_up_drops_its_event(app, client,
                                                                      coordinator):
    set_hook(coordinator, "http://127.0.0.1:9/hook")
    first = secret_of(app)
    set_hook(coordinator, "http://127.0.0.1:9/hook")
    assert secret_of(app) == first
    set_hook(coordinator, "http://127.0.0.1:9/hook", new_secret="y")
    assert secret_of(app) != first
    submit(client, "/chapters/new-york", SIGNUP)
    assert len(deliveries(app)) == 1
    with app.app_context():
        db.session.execute(db.delete(ChapterSignup))
        db.session.commit()
    assert deliveries(app) == []
    set_hook(coordinator, "")
    with app.app_context():
        assert db.session.execute(db.select(Chapter.webhook_url).filter_by(
            slug="new-york")).scalar_one() is None


@pytest.mark.parametrize("failure, message", [
    (requests.exceptions.ReadTimeout("slow"), "Timed out."),
    (requests.exceptions.ConnectionError("refused"), "Could not connect (ConnectionError)."),
    (requests.exceptions.SSLError("bad certificate"), "Could not connect (SSLError)."),
])
def test_injected_network_errors_are_logged_and_pages_keep_working(
        app, client, coordinator, failure, message):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False  # a public address, reached through mocks
    assert set_hook(coordinator, "https://93.184.215.14/advocacy").status_code == 302
    assert submit(client, "/chapters/new-york", SIGNUP).status_code == 302
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, "https://93.184.215.14/advocacy", body=failure)
        with app.app_context():
            assert deliver_due() == {"pending": 1}
    (row,) = deliveries(app)
    assert row.last_error == message and row.attempt_log[0].error == message
    page = coordinator.get(HOOK_PAGE)
    assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert app.test_client().get("/chapters/new-york").status_code == 200
