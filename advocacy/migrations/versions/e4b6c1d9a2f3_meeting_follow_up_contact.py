"""who to reach about a meeting's follow-up

Revision ID: e4b6c1d9a2f3
Revises: d7f2a9c4b8e1
Create Date: 2026-12-02 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b6c1d9a2f3'
down_revision = 'd7f2a9c4b8e1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=32), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('meeting_reports', schema=None) as batch_op:
        for column in ('contact_phone', 'contact_email', 'contact_name'):
            batch_op.drop_column(column)
