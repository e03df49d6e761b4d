"""daily subscriptions know their address's hash (the email settings page)

Revision ID: c7e1f3a5b9d2
Revises: b4c8d2e6f0a1
Create Date: 2026-12-03 12:10:00

"""
import hashlib

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e1f3a5b9d2'
down_revision = 'b4c8d2e6f0a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('daily_subscriptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_hash', sa.String(length=64), nullable=True))
    table = sa.table('daily_subscriptions', sa.column('id', sa.Integer),
                     sa.column('email', sa.String), sa.column('email_hash', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, table.c.email)).all()
    for row_id, email in rows:
        connection.execute(table.update().where(table.c.id == row_id).values(
            email_hash=hashlib.sha256(email.strip().lower().encode('utf-8')).hexdigest()))
    with op.batch_alter_table('daily_subscriptions', schema=None) as batch_op:
        batch_op.alter_column('email_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index('ix_daily_subscriptions_email_hash', ['email_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('daily_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_subscriptions_email_hash')
        batch_op.drop_column('email_hash')
