"""The daily "today's actions" email of a week: opt-in, confirmation, the 08:00 send."""
