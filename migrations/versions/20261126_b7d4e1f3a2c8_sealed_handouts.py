"""Stored handouts are sealed with a key derived from the secret key, not kept as plain PDFs.

Revision ID: b7d4e1f3a2c8
Revises: a4c7e2d91b53
Create Date: 2026-11-26

A home programme's sheet prints the patient's logging code, so a plain stored PDF handed a
working code to whoever held a copy of the database. Every handout stored before is sealed
here, at the upgrade, rather than when it is next printed: most sheets are never reprinted,
and their codes would otherwise stay readable in every later backup. The format is frozen
here as clinic.handouts.at_rest writes it (migrations never import the app). The downgrade
opens them again; one that does not open under this key is removed, and printed afresh.
"""
import os

import sqlalchemy as sa
from alembic import op
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

revision = 'b7d4e1f3a2c8'
down_revision = 'a4c7e2d91b53'
branch_labels = None
depends_on = None

MAGIC = b"RSH1"
NONCE_BYTES = 12
BATCH = 100  # handouts of a few hundred kilobytes each: a bounded amount in memory at once

handouts = sa.table('handouts', sa.column('id', sa.Integer), sa.column('version_id', sa.Integer),
                    sa.column('pdf', sa.LargeBinary), sa.column('sha256', sa.String))


def _cipher():
    secret = current_app.config["SECRET_KEY"]
    raw = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"retrostep handout at rest v1").derive(raw)
    return AESGCM(key)


def _finished_rows(bind):
    """The stored handouts with bytes (a started render has none), a batch at a time."""
    after = 0
    while True:
        rows = bind.execute(
            sa.select(handouts.c.id, handouts.c.version_id, handouts.c.pdf)
            .where(handouts.c.id > after, handouts.c.sha256 != '')
            .order_by(handouts.c.id).limit(BATCH)).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].id


def upgrade():
    bind = op.get_bind()
    cipher = _cipher()
    for row in _finished_rows(bind):
        if bytes(row.pdf).startswith(MAGIC):
            continue
        nonce = os.urandom(NONCE_BYTES)
        sealed = MAGIC + nonce + cipher.encrypt(nonce, bytes(row.pdf), f"handout:{row.version_id}".encode())
        bind.execute(sa.update(handouts).where(handouts.c.id == row.id).values(pdf=sealed))


def downgrade():
    bind = op.get_bind()
    cipher = _cipher()
    for row in _finished_rows(bind):
        stored = bytes(row.pdf)
        if not stored.startswith(MAGIC):
            continue
        nonce = stored[len(MAGIC):len(MAGIC) + NONCE_BYTES]
        try:
            pdf = cipher.decrypt(nonce, stored[len(MAGIC) + NONCE_BYTES:], f"handout:{row.version_id}".encode())
        except (InvalidTag, ValueError):
            bind.execute(sa.delete(handouts).where(handouts.c.id == row.id))
            continue
        bind.execute(sa.update(handouts).where(handouts.c.id == row.id).values(pdf=pdf))
