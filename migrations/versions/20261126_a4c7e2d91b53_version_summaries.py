"""The clinic report's summary of each issued version, its leading reasons, and report indexes.

Revision ID: a4c7e2d91b53
Revises: fc65be8ab22d
Create Date: 2026-11-26

Existing issued versions are summarised here from their stored decisions, in each patient's
version order, so the report reads the same before and after the upgrade.
"""
from datetime import timezone

import sqlalchemy as sa
from alembic import op

revision = 'a4c7e2d91b53'
down_revision = 'fc65be8ab22d'
branch_labels = None
depends_on = None

BATCH = 5000
# The severities that made each decision (as clinic.version_summaries keeps them).
LEADING_SEVERITY = {"not_recommended": "blocks", "clinic_only": "restricts"}


def upgrade():
    op.create_table(
        'version_summaries',
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('clinic_id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('supervision', sa.String(length=30), nullable=True),
        sa.Column('phase_sessions', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_version_summaries_clinic_id_clinics')),
        sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_version_summaries_issued_by_id_users')),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_version_summaries_patient_id_patients')),
        sa.ForeignKeyConstraint(['version_id'], ['prescription_versions.id'],
                                name=op.f('fk_version_summaries_version_id_prescription_versions')),
        sa.PrimaryKeyConstraint('version_id', name=op.f('pk_version_summaries')),
    )
    with op.batch_alter_table('version_summaries', schema=None) as batch_op:
        batch_op.create_index('ix_version_summaries_clinic_issued',
                              ['clinic_id', 'issued_at', 'status', 'issued_by_id', 'patient_id'], unique=False)
        batch_op.create_index('ix_version_summaries_clinic_running',
                              ['clinic_id', 'ends_at', 'issued_at', 'status', 'supervision', 'patient_id'],
                              unique=False)
        batch_op.create_index('ix_version_summaries_clinic_signer', ['clinic_id', 'issued_by_id', 'patient_id'],
                              unique=False)
        batch_op.create_index('ix_version_summaries_patient', ['patient_id', 'ends_at'], unique=False)
    op.create_table(
        'version_reasons',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('clinic_id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('code', sa.String(length=100), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_version_reasons_clinic_id_clinics')),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_version_reasons_patient_id_patients')),
        sa.ForeignKeyConstraint(['version_id'], ['prescription_versions.id'],
                                name=op.f('fk_version_reasons_version_id_prescription_versions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_version_reasons')),
    )
    with op.batch_alter_table('version_reasons', schema=None) as batch_op:
        batch_op.create_index('ix_version_reasons_clinic_issued',
                              ['clinic_id', 'issued_at', 'status', 'code', 'patient_id', 'message'], unique=False)
    op.create_table(
        'report_days',
        sa.Column('clinic_id', sa.Integer(), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('code', sa.String(length=100), nullable=False),
        sa.Column('versions', sa.Integer(), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_report_days_clinic_id_clinics')),
        sa.PrimaryKeyConstraint('clinic_id', 'issued_on', 'status', 'code', name=op.f('pk_report_days')),
    )
    # The report's sums of visits and patient-logged walks in a date range read only the index.
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index('ix_follow_ups_clinic_date_totals',
                              ['clinic_id', 'visit_date', 'voided_at', 'patient_id', 'sessions_done',
                               'sessions_planned', 'falls', 'near_falls'], unique=False)
    with op.batch_alter_table('walk_logs', schema=None) as batch_op:
        batch_op.create_index('ix_walk_logs_clinic_date', ['clinic_id', 'walked_on', 'link_id', 'patient_id', 'balance'],
                              unique=False)
    _backfill()


def _backfill():
    bind = op.get_bind()
    versions = sa.table(
        'prescription_versions', sa.column('id', sa.Integer()), sa.column('clinic_id', sa.Integer()),
        sa.column('patient_id', sa.Integer()), sa.column('number', sa.Integer()),
        sa.column('state', sa.String()), sa.column('issued_by_id', sa.Integer()),
        sa.column('issued_at', sa.DateTime(timezone=True)), sa.column('decision_status', sa.String()),
        sa.column('decision', sa.JSON()))
    summaries = sa.table(
        'version_summaries', sa.column('version_id', sa.Integer()), sa.column('clinic_id', sa.Integer()),
        sa.column('patient_id', sa.Integer()), sa.column('number', sa.Integer()),
        sa.column('issued_by_id', sa.Integer()), sa.column('issued_at', sa.DateTime(timezone=True)),
        sa.column('ends_at', sa.DateTime(timezone=True)), sa.column('status', sa.String()),
        sa.column('supervision', sa.String()), sa.column('phase_sessions', sa.JSON()))
    reasons = sa.table(
        'version_reasons', sa.column('version_id', sa.Integer()), sa.column('clinic_id', sa.Integer()),
        sa.column('patient_id', sa.Integer()), sa.column('issued_at', sa.DateTime(timezone=True)),
        sa.column('status', sa.String()), sa.column('code', sa.String()), sa.column('message', sa.Text()))
    rows = bind.execute(
        sa.select(versions.c.id, versions.c.clinic_id, versions.c.patient_id, versions.c.number,
                  versions.c.issued_by_id, versions.c.issued_at, versions.c.decision_status, versions.c.decision)
        .where(versions.c.state == 'issued').order_by(versions.c.patient_id, versions.c.number)).all()
    days = sa.table(
        'report_days', sa.column('clinic_id', sa.Integer()), sa.column('issued_on', sa.Date()),
        sa.column('status', sa.String()), sa.column('code', sa.String()), sa.column('versions', sa.Integer()),
        sa.column('message', sa.Text()))
    summary_rows, reason_rows, day_counts, messages = [], [], {}, {}
    for row, following in zip(rows, [*rows[1:], None]):
        latest = following is None or following.patient_id != row.patient_id
        decision = row.decision or {}
        summary_rows.append({
            'version_id': row.id, 'clinic_id': row.clinic_id, 'patient_id': row.patient_id,
            'number': row.number, 'issued_by_id': row.issued_by_id, 'issued_at': row.issued_at,
            'ends_at': None if latest else following.issued_at, 'status': row.decision_status,
            'supervision': decision.get('supervision'),
            'phase_sessions': [[int(p['week_from']), int(p['week_to']), int(p['sessions_per_week'])]
                               for p in decision.get('phases') or ()]})
        severity = LEADING_SEVERITY.get(row.decision_status)
        leading = {}  # each code once per version
        for reason in decision.get('reasons') or ():
            if severity and reason.get('severity') == severity:
                leading.setdefault(str(reason.get('code', '')), str(reason.get('message', '')))
        day = _local_day(row.issued_at)
        for code, message in [('', ''), *leading.items()]:
            key = (row.clinic_id, day, row.decision_status, code)
            day_counts[key] = day_counts.get(key, 0) + 1
            messages[key] = message
            if code:
                reason_rows.append({'version_id': row.id, 'clinic_id': row.clinic_id, 'patient_id': row.patient_id,
                                    'issued_at': row.issued_at, 'status': row.decision_status, 'code': code,
                                    'message': message})
    day_rows = [{'clinic_id': key[0], 'issued_on': key[1], 'status': key[2], 'code': key[3], 'versions': count,
                 'message': messages[key]} for key, count in day_counts.items()]
    for table, values in ((summaries, summary_rows), (reasons, reason_rows), (days, day_rows)):
        for start in range(0, len(values), BATCH):
            bind.execute(sa.insert(table), values[start:start + BATCH])


def _local_day(moment):
    # The server's local calendar day of a UTC timestamp (SQLite returns it without its zone).
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().date()


def downgrade():
    with op.batch_alter_table('walk_logs', schema=None) as batch_op:
        batch_op.drop_index('ix_walk_logs_clinic_date')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_ups_clinic_date_totals')
    with op.batch_alter_table('version_reasons', schema=None) as batch_op:
        batch_op.drop_index('ix_version_reasons_clinic_issued')
    op.drop_table('version_reasons')
    op.drop_table('report_days')
    with op.batch_alter_table('version_summaries', schema=None) as batch_op:
        batch_op.drop_index('ix_version_summaries_patient')
        batch_op.drop_index('ix_version_summaries_clinic_signer')
        batch_op.drop_index('ix_version_summaries_clinic_running')
        batch_op.drop_index('ix_version_summaries_clinic_issued')
    op.drop_table('version_summaries')
