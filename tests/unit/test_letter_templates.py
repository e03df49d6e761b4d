"""Organizers' letter templates: the sandbox's number filter and the default intro."""

from __future__ import annotations

from advocacy.stories.letters import DEFAULT_INTRO, render, sample_context


def test_the_default_intro_writes_counts_with_a_thousands_separator():
    assert "Here are 20,000 stories from people you represent." in render(
        DEFAULT_INTRO, {**sample_context(), "story_count": 20_000})
    assert "Here is 1 story from" in render(DEFAULT_INTRO, {**sample_context(),
                                                           "story_count": 1})


def test_thousands_leaves_what_is_not_a_whole_number_alone():
    assert render("{{ place|thousands }} {{ true|thousands }} {{ 1234567|thousands }}",
                  sample_context()) == "NY-12 True 1,234,567"
