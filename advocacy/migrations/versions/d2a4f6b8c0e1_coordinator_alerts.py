"""coordinator alerts: choices per chapter, sweep cursors, a chapter's time zone

Revision ID: d2a4f6b8c0e1
Revises: c7e1f3a5b9d2
Create Date: 2026-12-03 12:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2a4f6b8c0e1'
down_revision = 'c7e1f3a5b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'alert_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=20), nullable=False),
        sa.Column('stories', sa.String(length=10), nullable=False),
        sa.Column('signups', sa.String(length=10), nullable=False),
        sa.Column('follow_ups', sa.String(length=10), nullable=False),
        sa.CheckConstraint("stories IN ('instant', 'digest', 'off')",
                           name=op.f('ck_alert_settings_stories')),
        sa.CheckConstraint("signups IN ('digest', 'off')",
                           name=op.f('ck_alert_settings_signups')),
        sa.CheckConstraint("follow_ups IN ('instant', 'off')",
                           name=op.f('ck_alert_settings_follow_ups')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_alert_settings_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_settings')),
        sa.UniqueConstraint('user_id', 'scope', name=op.f('uq_alert_settings_user_id_scope')),
    )
    with op.batch_alter_table('alert_settings', schema=None) as batch_op:
        batch_op.create_index('ix_alert_settings_user_id', ['user_id'], unique=False)
    op.create_table(
        'alert_cursors',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('last_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_alert_cursors')),
    )
    with op.batch_alter_table('chapters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('chapters', schema=None) as batch_op:
        batch_op.drop_column('timezone')
    op.drop_table('alert_cursors')
    op.drop_table('alert_settings')
