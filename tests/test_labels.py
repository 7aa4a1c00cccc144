"""One clinician label per code: every member of each of the engine's enums has one."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import pytest

from clinic import labels, rx
from clinic.handouts import hands
from clinic.handouts import wording as handout_wording
from clinic.patients import vocabulary

LABELLED: list[tuple[type[StrEnum], Mapping[str, str]]] = [
    (rx.Status, labels.STATUS), (rx.Supervision, labels.SUPERVISION), (rx.Handrails, labels.HANDRAILS),
    (rx.Setting, labels.SETTING), (rx.Equipment, labels.EQUIPMENT), (rx.Flag, labels.FLAGS),
    (rx.Action, labels.ACTION), (rx.Condition, labels.CONDITION), (rx.Severity, labels.SEVERITY),
    (rx.RailUse, labels.RAIL_USE), (rx.WeightBearing, labels.WEIGHT_BEARING), (rx.Units, labels.UNITS),
]


@pytest.mark.parametrize(("enum", "table"), LABELLED, ids=lambda value: getattr(value, "__name__", ""))
def test_every_member_has_a_label(enum: type[StrEnum], table: Mapping[str, str]) -> None:
    missing = [member.value for member in enum if member not in table]
    assert not missing, f"add labels for {enum.__name__} {missing} to clinic/labels.py"
    assert set(table) == {member.value for member in enum}, "a label for a code the engine lacks"
    assert all(label.strip() for label in table.values())


def test_the_patient_record_uses_the_same_words() -> None:
    assert vocabulary.CONDITION_LABELS is labels.CONDITION
    assert vocabulary.EQUIPMENT_LABELS is labels.EQUIPMENT
    assert vocabulary.STATUS_LABELS is labels.STATUS
    assert vocabulary.OUTCOME_LABELS is labels.OUTCOME
    assert dict(vocabulary.FLAG_LABELS) == dict(labels.FLAGS)
    assert {attribute for attribute, _, _ in vocabulary.TESTS} == set(labels.TESTS)


def test_a_few_labels_clinicians_read() -> None:
    # Independent of the tables above: the words the pages are known to use.
    assert labels.word(labels.STATUS, "clinic_only") == "In-clinic programme only"
    assert labels.word(labels.OUTCOME, "pending") == "Awaiting decision"
    assert labels.word(labels.HANDRAILS, "two_hands") == "Both hands on the rails"
    assert labels.word(labels.ACTION, "regress") == "Step back"
    assert labels.word(labels.FLAGS, "not_a_code") == "not a code"


# The patient's own wording, on the handout, keyed by the same codes.
PATIENT_WORDED: list[tuple[type[StrEnum], Mapping[str, object]]] = [
    (rx.Handrails, hands.TREADMILL_HANDS), (rx.Handrails, hands.OVERGROUND_HANDS),
    (rx.Handrails, hands.TREADMILL_PICTURES), (rx.Handrails, hands.OVERGROUND_PICTURES),
    (rx.Supervision, hands.HELP), (rx.Equipment, handout_wording.EQUIPMENT_WORDS),
]


@pytest.mark.parametrize(("enum", "table"), PATIENT_WORDED, ids=lambda value: getattr(value, "__name__", ""))
def test_every_member_has_patient_wording(enum: type[StrEnum], table: Mapping[str, object]) -> None:
    assert set(table) == {member.value for member in enum}, f"clinic/handouts words {enum.__name__}"


def test_the_engine_codes_the_app_groups_by_are_the_engines_own() -> None:
    # Independent of the engine's sets: the reference's surgical conditions and self-paced treadmills.
    assert set(rx.SURGICAL_CONDITIONS) == {"knee_replacement", "hip_replacement", "acl_reconstruction"}
    assert set(rx.SELF_PACED_TREADMILLS) == {"manual_treadmill", "curved_treadmill", "backward_treadmill"}
