"""waitlists of full sessions

Revision ID: b4c8d2e6f0a1
Revises: a9d3e5f1c7b2
Create Date: 2026-12-02 19:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4c8d2e6f0a1'
down_revision = 'a9d3e5f1c7b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'waitlist_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('hold_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('passed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_waitlist_entries_participant_id_participants'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['session_id'], ['live_sessions.id'],
                                name=op.f('fk_waitlist_entries_session_id_live_sessions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_waitlist_entries')),
        sa.UniqueConstraint('session_id', 'email',
                            name=op.f('uq_waitlist_entries_session_id_email')),
    )
    with op.batch_alter_table('waitlist_entries', schema=None) as batch_op:
        batch_op.create_index('ix_waitlist_entries_participant_id', ['participant_id'],
                              unique=False)
        batch_op.create_index('ix_waitlist_entries_session_id', ['session_id'], unique=False)


def downgrade():
    op.drop_table('waitlist_entries')
