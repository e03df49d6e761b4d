"""daily "today's actions" email subscriptions

Revision ID: a9d3e5f1c7b2
Revises: e4b6c1d9a2f3
Create Date: 2026-12-02 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9d3e5f1c7b2'
down_revision = 'e4b6c1d9a2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'daily_subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('week_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=True),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("minutes IN ('5', '15', '30', '0')",
                           name=op.f('ck_daily_subscriptions_minutes')),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name='fk_daily_subscriptions_participant_id_participants',
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['week_id'], ['weeks.id'],
                                name='fk_daily_subscriptions_week_id_weeks', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_daily_subscriptions'),
        sa.UniqueConstraint('week_id', 'email', name=op.f('uq_daily_subscriptions_week_id_email')),
    )
    with op.batch_alter_table('daily_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_daily_subscriptions_email', ['email'], unique=False)
        batch_op.create_index('ix_daily_subscriptions_participant_id', ['participant_id'],
                              unique=False)
        batch_op.create_index('ix_daily_subscriptions_week_id', ['week_id'], unique=False)


def downgrade():
    op.drop_table('daily_subscriptions')
