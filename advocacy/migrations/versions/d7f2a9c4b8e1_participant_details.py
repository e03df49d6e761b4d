"""what a participant typed once (for their later forms)

Revision ID: d7f2a9c4b8e1
Revises: c3a8e1f07b26
Create Date: 2026-12-02 02:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7f2a9c4b8e1'
down_revision = 'c3a8e1f07b26'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('library', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('city', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('chapter_ids', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        for column in ('chapter_ids', 'city', 'library', 'email', 'name'):
            batch_op.drop_column(column)
