"""the row /healthz writes; the mail ledger indexed by subject

Revision ID: c3a8e1f07b26
Revises: 9d41c7a2e5b3
Create Date: 2026-12-02 02:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a8e1f07b26'
down_revision = '9d41c7a2e5b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('health_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_checks'))
    )
    op.create_index('ix_messages_subject', 'messages', ['subject_type', 'subject_id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_messages_subject', table_name='messages')
    op.drop_table('health_checks')
