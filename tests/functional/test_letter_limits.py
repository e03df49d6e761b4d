"""Organizer templates are bounded (issue 14, item 3): loops, big values, big numbers,
formatting tricks and runaway macros are refused at the field when saved (whatever
branch the sample recipient takes), and a template saved before the limits cannot
make an export run away: the export is refused with a message."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from advocacy.errors import DomainError
from advocacy.extensions import db
from advocacy.stories import letters
from advocacy.stories.letter_exports import letter_templates

from ..conftest import download, submit
from .test_letters import organizer  # noqa: F401 - the fixture
from .test_moderation import add_story

HIDDEN_LOOPS = ("{% if story_count > 50 %}{% for i in range(999) %}{% for j in range(999) %}"
                "{% for k in range(999) %}{% endfor %}{% endfor %}{% endfor %}{% endif %}Dear "
                "{{ title }}")
ATTACKS = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    HIDDEN_LOOPS,
    "{{ ('x' * 10**9)|length }}",
    "{{ range(10**6)|length }}",
    "{{ 10 ** (10 ** 10) }}",
    "{% set n = 10 ** 1000 %}{{ n * n * n * n * n }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '%0999999999d' % 1 }}",
    "{% set a = 'x' * 9000 %}{{ a ~ a ~ a }}",
    "{% set s = 'x' * 9999 %}{{ s|join(s) }}",
    "{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{% macro f(n) %}{% for i in range(999) %}{{ f(n) if n else '' }}{% endfor %}"
    "{% endmacro %}{{ f(0) }}{% for i in range(999) %}{% for j in range(999) %}"
    "{% endfor %}{% endfor %}",
    "{{ 'x'|center(1000000000) }}",
    "{{ lipsum(100000) }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}{{ ns.s }}",
    "{% set a = 'y' * 9999 %}{% for i in range(999) %}{{ a }}{% endfor %}",
]


@pytest.mark.parametrize("source", ATTACKS)
def test_an_unbounded_template_is_refused_quickly_and_in_little_memory(source):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DomainError) as refused:
            letters.check_template(source, "intro")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.field == "intro" and refused.value.message
    # Not a speed target: unbounded, these run for hours or take gigabytes.
    assert time.perf_counter() - started < 20
    assert peak < 50_000_000


def test_ordinary_templates_still_work():
    for source in (letters.DEFAULT_INTRO, letters.DEFAULT_CLOSING,
                   "{% for i in range(3) %}{{ i }}{% endfor %} {{ title|upper }} "
                   "{{ [last_name, place]|join(', ') }} {{ 2 ** 10 }} {{ 'ab' * 3 }}"):
        letters.check_template(source, "intro")
    assert letters.render("{{ 'ab' * 3 }} {{ title.upper() }}", letters.sample_context()) == (
        "ababab REPRESENTATIVE")


def test_the_organizer_form_refuses_a_branch_the_sample_skips(organizer):  # noqa: F811
    response = submit(organizer, "/organize/letters/", {"intro": HIDDEN_LOOPS,
                                                        "closing": "Thanks"})
    html = response.get_data(True)
    assert response.status_code == 400 and 'id="intro-error"' in html
    assert "too much work" in html and "{% if story_count &gt; 50 %}" in html  # kept


def test_an_export_with_a_stored_runaway_template_is_refused_with_a_message(
        app, organizer):  # noqa: F811
    add_story(app, state="NY", status="approved", consents=("share",))
    with app.app_context():
        letter_templates().intro = HIDDEN_LOOPS  # saved before the limits existed
        db.session.commit()
    started = time.perf_counter()
    response = download(organizer, "/coordinate/stories/letters.txt")
    assert time.perf_counter() - started < 20  # unbounded: hours
    assert response.status_code == 303
    page = organizer.get(response.headers["Location"]).get_data(True)
    assert "The letter templates must be fixed first" in page
