"""pending sign-up details (confirmed by an emailed link)

Revision ID: 9d41c7a2e5b3
Revises: eab51bbc23e4
Create Date: 2026-12-02 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d41c7a2e5b3'
down_revision = 'eab51bbc23e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('chapter_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_details', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('pending_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('chapter_signups', schema=None) as batch_op:
        batch_op.drop_column('pending_at')
        batch_op.drop_column('pending_details')
