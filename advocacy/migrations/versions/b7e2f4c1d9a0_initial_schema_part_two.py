"""initial schema, part two: legislators, checklists, stories

Revision ID: b7e2f4c1d9a0
Revises: adc364d47bda
Create Date: 2026-11-22 18:09:07

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2f4c1d9a0'
down_revision = 'adc364d47bda'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legislators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bioguide_id', sa.String(length=10), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('official_name', sa.String(length=200), nullable=False),
    sa.Column('chamber', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('district', sa.Integer(), nullable=True),
    sa.Column('party', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('contact_form_url', sa.String(length=500), nullable=True),
    sa.Column('website_url', sa.String(length=500), nullable=True),
    sa.Column('dc_office', sa.String(length=300), nullable=True),
    sa.Column('in_office', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legislators')),
    sa.UniqueConstraint('bioguide_id', name=op.f('uq_legislators_bioguide_id'))
    )
    with op.batch_alter_table('legislators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legislators_state'), ['state'], unique=False)

    op.create_table('zip_districts',
    sa.Column('zcta', sa.String(length=5), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('district', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('zcta', 'state', 'district', name=op.f('pk_zip_districts'))
    )
    op.create_table('legislator_offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('legislator_id', sa.Integer(), nullable=False),
    sa.Column('office_key', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('suite', sa.String(length=120), nullable=False),
    sa.Column('building', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('fax', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['legislator_id'], ['legislators.id'], name=op.f('fk_legislator_offices_legislator_id_legislators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legislator_offices')),
    sa.UniqueConstraint('office_key', name=op.f('uq_legislator_offices_office_key'))
    )
    with op.batch_alter_table('legislator_offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legislator_offices_legislator_id'), ['legislator_id'], unique=False)

    op.create_table('meeting_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('week_id', sa.Integer(), nullable=True),
    sa.Column('legislator_id', sa.Integer(), nullable=True),
    sa.Column('legislator_name', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['legislator_id'], ['legislators.id'], name=op.f('fk_meeting_reports_legislator_id_legislators'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_meeting_reports_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['week_id'], ['weeks.id'], name=op.f('fk_meeting_reports_week_id_weeks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_reports'))
    )
    with op.batch_alter_table('meeting_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_reports_legislator_id'), ['legislator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_reports_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_reports_week_id'), ['week_id'], unique=False)

    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('library', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('zip', sa.String(length=10), nullable=False),
    sa.Column('district', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('moderation_note', sa.Text(), nullable=False),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_stories_moderated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_stories_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['week_id'], ['weeks.id'], name=op.f('fk_stories_week_id_weeks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_stories_week_id'), ['week_id'], unique=False)

    op.create_table('story_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('policy_version', sa.String(length=20), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_consents_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_consents')),
    sa.UniqueConstraint('story_id', 'kind', name=op.f('uq_story_consents_story_id_kind'))
    )
    with op.batch_alter_table('story_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_consents_story_id'), ['story_id'], unique=False)

    op.create_table('story_impact_areas',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_impact_areas_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'area', name=op.f('pk_story_impact_areas'))
    )
    with op.batch_alter_table('story_impact_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_impact_areas_area'), ['area'], unique=False)

    op.create_table('story_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_story_revisions_editor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_revisions_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_revisions'))
    )
    with op.batch_alter_table('story_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_revisions_story_id'), ['story_id'], unique=False)

    op.create_table('call_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_call_reports_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_call_reports_participant_id_participants'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_reports'))
    )
    with op.batch_alter_table('call_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_reports_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_reports_participant_id'), ['participant_id'], unique=False)

    op.create_table('completions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source_type', sa.String(length=20), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_completions_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_completions_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_completions')),
    sa.UniqueConstraint('participant_id', 'action_id', name=op.f('uq_completions_participant_id_action_id'))
    )
    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_completions_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_completions_participant_id'), ['participant_id'], unique=False)



def downgrade():
    with op.batch_alter_table('completions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_completions_participant_id'))
        batch_op.drop_index(batch_op.f('ix_completions_action_id'))

    op.drop_table('completions')
    with op.batch_alter_table('call_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_reports_participant_id'))
        batch_op.drop_index(batch_op.f('ix_call_reports_action_id'))

    op.drop_table('call_reports')
    with op.batch_alter_table('story_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_revisions_story_id'))

    op.drop_table('story_revisions')
    with op.batch_alter_table('story_impact_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_impact_areas_area'))

    op.drop_table('story_impact_areas')
    with op.batch_alter_table('story_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_consents_story_id'))

    op.drop_table('story_consents')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_week_id'))
        batch_op.drop_index(batch_op.f('ix_stories_status'))
        batch_op.drop_index(batch_op.f('ix_stories_state'))
        batch_op.drop_index(batch_op.f('ix_stories_participant_id'))
        batch_op.drop_index(batch_op.f('ix_stories_district'))
        batch_op.drop_index(batch_op.f('ix_stories_created_at'))

    op.drop_table('stories')
    with op.batch_alter_table('meeting_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_reports_week_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_reports_participant_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_reports_legislator_id'))

    op.drop_table('meeting_reports')
    with op.batch_alter_table('legislator_offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legislator_offices_legislator_id'))

    op.drop_table('legislator_offices')
    op.drop_table('zip_districts')
    with op.batch_alter_table('legislators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legislators_state'))

    op.drop_table('legislators')
