"""thread reads: remember when each post's comment thread was read, and whether it is still open

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('thread_read_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('thread_open', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('fetch_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('threads_read', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('threads_skipped', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('fetch_attempts', schema=None) as batch_op:
        batch_op.drop_column('threads_skipped')
        batch_op.drop_column('threads_read')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('thread_open')
        batch_op.drop_column('thread_read_at')
        batch_op.drop_column('thread_count')
