"""Rate limits across 4 gunicorn workers: with Redis they let through exactly the limit,
not 4× it. (Without Redis, memory:// counts per worker; the README says so.)"""

from __future__ import annotations

import pytest
import requests

from ..conftest import csrf_from, required
from ..servers import gunicorn, prepared_env, redis_server

LOGIN_LIMIT, STORY_LIMIT = 10, 10


def failed_logins(base: str, count: int) -> list[int]:
    """Status codes of ``count`` wrong-password sign-ins, each on a new connection."""
    statuses = []
    for _ in range(count):
        web = requests.Session()
        token = csrf_from(web.get(base + "/login", timeout=5).text)
        answer = web.post(base + "/login", timeout=5, headers={"Connection": "close"},
                          data={"csrf_token": token, "email": "organizer@example.org",
                                "password": "not the password"}, allow_redirects=False)
        statuses.append(answer.status_code)
    return statuses


def stories(base: str, count: int) -> list[int]:
    statuses = []
    for n in range(count):
        web = requests.Session()
        token = csrf_from(web.get(base + "/stories/new", timeout=5).text)
        answer = web.post(base + "/stories/new", timeout=5, allow_redirects=False,
                          headers={"Connection": "close"}, data={
                              "csrf_token": token, "author_name": "Rate Tester",
                              "email": f"rate{n}@example.org", "library": "Main Library",
                              "city": "Albany", "state": "NY", "zip": "12207",
                              "impact_areas": "connectivity", "title": f"Story {n}",
                              "body": f"Our library helped family {n} with hotspots and "
                                      "a quiet place to study all year.",
                              "consent_share": "y"})
        statuses.append(answer.status_code)
    return statuses


def test_limits_hold_across_four_workers_with_redis(tmp_path, database_url):
    with redis_server(tmp_path) as redis_url:
        if redis_url is None:
            if required("redis"):
                pytest.fail("redis-server not found and REQUIRE_REDIS=1")
            pytest.skip("redis-server not found")
        env = prepared_env(tmp_path, database_url, RATELIMIT_STORAGE_URI=redis_url,
                           LOGIN_RATE_LIMIT=f"{LOGIN_LIMIT} per 15 minutes",
                           STORY_RATE_LIMIT=f"{STORY_LIMIT} per hour")
        with gunicorn(env, tmp_path / "gunicorn.log", 4) as base:
            logins = failed_logins(base, 3 * LOGIN_LIMIT)
            shared = stories(base, 2 * STORY_LIMIT)
    assert logins.count(429) == 2 * LOGIN_LIMIT, logins
    assert logins[:LOGIN_LIMIT] == [200] * LOGIN_LIMIT  # the form again, with its message
    assert shared.count(302) == STORY_LIMIT and shared.count(429) == STORY_LIMIT, shared
