"""CHECK constraints: every status, kind, role, source, chamber, outcome and format column holds an allowed value

Revision ID: 3c1d0e5a7b42
Revises: 20e2329f2ddd
Create Date: 2026-12-01 17:30:00

The allowed values are the models' constants at this revision (written out, so a
later change of a constant needs its own migration).
"""
from alembic import op


revision = '3c1d0e5a7b42'
down_revision = '20e2329f2ddd'
branch_labels = None
depends_on = None

CHECKS = (
    ("users", "role", "role IN ('advocate', 'coordinator', 'organizer', 'admin')"),
    ("call_reports", "outcome", "outcome IN ('voicemail', 'talked', 'no_answer')"),
    ("meeting_reports", "format", "format IN ('in_person', 'video', 'phone')"),
    ("stories", "status", "status IN ('pending', 'approved', 'rejected')"),
    ("story_impact_areas", "area", "area IN ('covid_relief', 'connectivity', 'remote_learning', 'jobs', 'government_services', 'health_information', 'digital_inclusion', 'programs')"),
    ("story_consents", "kind", "kind IN ('share', 'publish', 'contact')"),
    ("weeks", "status", "status IN ('draft', 'published', 'archived')"),
    ("live_sessions", "registration_mode", "registration_mode IN ('none', 'internal', 'external')"),
    ("actions", "kind", "kind IN ('story', 'call', 'chapter_signup', 'register', 'meeting_report', 'watch', 'link')"),
    ("completions", "source_type", "source_type IN ('manual', 'story', 'chapter_signup', 'registration', 'meeting_report', 'call')"),
    ("legislators", "chamber", "chamber IN ('house', 'senate')"),
    ("webhook_deliveries", "status", "status IN ('pending', 'sending', 'delivered', 'failed')"),
)


def upgrade():
    for table, column, condition in CHECKS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_check_constraint(op.f(f"ck_{table}_{column}"), condition)


def downgrade():
    for table, column, _condition in reversed(CHECKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
