"""Visits per clinic and calendar week, for the dashboard's trend chart.

Revision ID: b016e8d786f0
Revises: cf5e28ab0d57
Create Date: 2026-11-21

"""
from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = 'b016e8d786f0'
down_revision = 'cf5e28ab0d57'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clinic_weeks',
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('sessions_done', sa.Integer(), nullable=False),
    sa.Column('sessions_planned', sa.Integer(), nullable=False),
    sa.Column('pain_total', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_clinic_weeks_clinic_id_clinics')),
    sa.PrimaryKeyConstraint('clinic_id', 'week_start', name=op.f('pk_clinic_weeks'))
    )
    _fill_weeks(op.get_bind())


def _fill_weeks(bind):
    """Add up the visits already recorded, per clinic and week starting Monday."""
    totals = defaultdict(lambda: [0, 0, 0, 0])
    visits = bind.execute(sa.text(
        "SELECT clinic_id, visit_date, sessions_done, sessions_planned, pain_max FROM follow_ups")).all()
    for clinic_id, visit_date, done, planned, pain in visits:
        day = visit_date if isinstance(visit_date, date) else date.fromisoformat(str(visit_date)[:10])
        total = totals[(clinic_id, day - timedelta(days=day.weekday()))]
        for index, value in enumerate((1, done, planned, pain)):
            total[index] += value
    if totals:
        table = sa.table("clinic_weeks", *(sa.column(name) for name in (
            "clinic_id", "week_start", "visits", "sessions_done", "sessions_planned", "pain_total")))
        bind.execute(table.insert(), [
            {"clinic_id": clinic_id, "week_start": week, "visits": t[0], "sessions_done": t[1],
             "sessions_planned": t[2], "pain_total": t[3]}
            for (clinic_id, week), t in totals.items()])


def downgrade():
    op.drop_table('clinic_weeks')
