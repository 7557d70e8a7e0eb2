"""Each scenario version keeps the sector it was written for; servers and their heartbeats (a run
belongs to the server that runs it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scenario_versions", sa.Column("sector", sa.String(64), nullable=True))
    op.create_index("ix_scenario_versions_sector", "scenario_versions", ["sector"])
    versions = sa.table(
        "scenario_versions",
        sa.column("id", sa.Integer),
        sa.column("document", sa.Text),
        sa.column("sector", sa.String(64)),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(versions.c.id, versions.c.document)).all():
        sector = (json.loads(row.document).get("sector") or {}).get("id")
        connection.execute(versions.update().where(versions.c.id == row.id).values(sector=sector))
    op.create_table(
        "servers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.add_column("runs", sa.Column("server", sa.String(36), nullable=True))


def downgrade() -> None:
    op.drop_column("runs", "server")
    op.drop_table("servers")
    op.drop_index("ix_scenario_versions_sector", "scenario_versions")
    op.drop_column("scenario_versions", "sector")
