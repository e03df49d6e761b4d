"""organizer announcements

Revision ID: e5b7d9f1a3c4
Revises: d2a4f6b8c0e1
Create Date: 2026-12-03 13:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b7d9f1a3c4'
down_revision = 'd2a4f6b8c0e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'announcements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('week_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('audience', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('send_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'scheduled', 'sending', 'sent')",
                           name=op.f('ck_announcements_status')),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_announcements_author_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['week_id'], ['weeks.id'],
                                name=op.f('fk_announcements_week_id_weeks'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_announcements')),
    )
    with op.batch_alter_table('announcements', schema=None) as batch_op:
        batch_op.create_index('ix_announcements_status', ['status'], unique=False)
        batch_op.create_index('ix_announcements_week_id', ['week_id'], unique=False)


def downgrade():
    op.drop_table('announcements')
