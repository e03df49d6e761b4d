"""stories by state and district: a letter reads one district's (or state's) stories

Revision ID: 8dd447b19302
Revises: b28eec85c131
Create Date: 2026-12-04 18:47:42.223855

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '8dd447b19302'
down_revision = 'b28eec85c131'
branch_labels = None
depends_on = None


def upgrade():
    # The state's own index is the new one's first column.
    op.create_index('ix_stories_state_district', 'stories', ['state', 'district'])
    op.drop_index('ix_stories_state', table_name='stories')


def downgrade():
    op.create_index('ix_stories_state', 'stories', ['state'])
    op.drop_index('ix_stories_state_district', table_name='stories')
