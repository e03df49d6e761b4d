"""letter deliveries export jobs logo

Revision ID: b28eec85c131
Revises: e5b7d9f1a3c4
Create Date: 2026-12-03 15:54:25.303873

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b28eec85c131'
down_revision = 'e5b7d9f1a3c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('export_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('fmt', sa.String(length=10), nullable=False),
    sa.Column('selection', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=100), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'ready', 'failed')", name=op.f('ck_export_jobs_status')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_export_jobs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_jobs'))
    )
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_jobs_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_export_jobs_user_id'), ['user_id'], unique=False)

    op.create_table('letter_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_key', sa.String(length=40), nullable=False),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('chamber', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('district', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method IN ('email', 'contact_form', 'fax', 'meeting', 'other')", name=op.f('ck_letter_deliveries_method')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_letter_deliveries_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_deliveries'))
    )
    with op.batch_alter_table('letter_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_deliveries_recipient_key'), ['recipient_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_deliveries_state'), ['state'], unique=False)

    op.create_table('delivered_stories',
    sa.Column('delivery_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('recipient_key', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['delivery_id'], ['letter_deliveries.id'], name=op.f('fk_delivered_stories_delivery_id_letter_deliveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_delivered_stories_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('delivery_id', 'story_id', name=op.f('pk_delivered_stories'))
    )
    with op.batch_alter_table('delivered_stories', schema=None) as batch_op:
        batch_op.create_index('ix_delivered_stories_recipient_story', ['recipient_key', 'story_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivered_stories_story_id'), ['story_id'], unique=False)

    with op.batch_alter_table('letter_templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=20), nullable=True))



def downgrade():
    with op.batch_alter_table('letter_templates', schema=None) as batch_op:
        batch_op.drop_column('logo_type')
        batch_op.drop_column('logo')

    with op.batch_alter_table('delivered_stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivered_stories_story_id'))
        batch_op.drop_index('ix_delivered_stories_recipient_story')

    op.drop_table('delivered_stories')
    with op.batch_alter_table('letter_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_deliveries_state'))
        batch_op.drop_index(batch_op.f('ix_letter_deliveries_recipient_key'))

    op.drop_table('letter_deliveries')
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_jobs_user_id'))
        batch_op.drop_index(batch_op.f('ix_export_jobs_created_at'))

    op.drop_table('export_jobs')
