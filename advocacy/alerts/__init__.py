"""Coordinator alerts: what is waiting in a coordinator's chapters (new stories, new
sign-ups, meeting reports asking for a follow-up), at once or in a daily digest at
17:00 in the chapter's zone, as each coordinator chooses per chapter; organizers get
the same for the states that have no chapter.

Above the features it reports on: it only reads their rows (by sweeps, so a story's
POST pays nothing for its alerts) and writes its own settings and cursors.
"""
