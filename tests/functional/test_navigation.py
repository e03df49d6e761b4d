"""The header marks the section of every staff page (Organize, Coordinate, Users)."""

from __future__ import annotations

import re

from .test_policy import build_url, client_as, sample_values

SECTIONS = (("/organize/users", "Users"), ("/organize", "Organize"), ("/coordinate", "Coordinate"))


def test_every_staff_page_marks_its_section_in_the_header(app, demo, make_user):
    admin = client_as(app, "admin", {"admin": make_user("admin")})
    samples = sample_values(app, demo)
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or not rule.rule.startswith(("/organize",
                                                                           "/coordinate")):
            continue
        url = build_url(app, rule, samples)
        response = admin.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue  # downloads (CSV, letters) have no header
        nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', response.get_data(as_text=True),
                        re.S).group(1)
        section = next(label for prefix, label in SECTIONS if url.startswith(prefix))
        assert re.search(rf'aria-current="page">{section}</a>', nav), (url, section)
        assert nav.count('aria-current="page"') == 1, url
        checked += 1
    assert checked >= 20
