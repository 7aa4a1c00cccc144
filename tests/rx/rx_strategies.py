"""Hypothesis strategies for valid cases and whole courses of follow-up visits (JSON-shaped)."""

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from clinic.rx import Condition, Equipment, Flag, RailUse, Units, WeightBearing

SURGICAL = {"knee_replacement", "hip_replacement", "acl_reconstruction"}


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _tenths(low: float, high: float) -> st.SearchStrategy[float]:
    return st.integers(int(low * 10), int(high * 10)).map(lambda n: n / 10)


tests_data = st.fixed_dictionaries({}, optional={
    "berg": _maybe(st.integers(0, 56)),
    "tug_seconds": _maybe(_tenths(1, 60)),
    "backward_walk_3m_seconds": _maybe(_tenths(0.5, 30)),
    "gait_speed_m_s": _maybe(st.integers(1, 300).map(lambda n: n / 100)),
    "fga": _maybe(st.integers(0, 30)),
    "abc_percent": _maybe(st.integers(0, 100)),
    "mmse": _maybe(st.integers(0, 30)),
})

# Weighted towards the common, unflagged patient so that every level is well sampled.
flags_data: st.SearchStrategy[list[str]] = st.just([]) | st.lists(
    st.sampled_from([f.value for f in Flag]), max_size=2
)


def bp_data() -> st.SearchStrategy[dict[str, int]]:
    return st.integers(80, 230).flatmap(lambda systolic: st.fixed_dictionaries({
        "systolic": st.just(systolic), "diastolic": st.integers(40, min(130, systolic - 1))}))


@st.composite
def case_data(draw: st.DrawFn, conditions: list[str] | None = None,
              equipment: str | None = None) -> dict[str, Any]:
    conditions = conditions or draw(st.lists(st.sampled_from([c.value for c in Condition]),
                                             min_size=1, max_size=3))
    data: dict[str, Any] = {
        "age": draw(st.integers(18, 110)),
        "conditions": conditions,
        "equipment": equipment or draw(st.sampled_from([e.value for e in Equipment])),
        "units": draw(st.sampled_from([u.value for u in Units])),
        "flags": draw(flags_data),
        "checklist_completed": draw(st.booleans() | st.just(True)),
        "falls_past_year": draw(_maybe(st.integers(0, 4)) | st.just(0)),
        "tests": draw(tests_data),
        "weight_bearing": draw(st.sampled_from([WeightBearing.FULL.value] * 8
                                               + [w.value for w in WeightBearing])),
    }
    if SURGICAL & set(conditions):
        data["surgeon_clearance"] = draw(st.booleans() | st.just(True))
        data["weeks_since_surgery"] = draw(_maybe(st.integers(0, 520)))
    if "stroke" in conditions:
        data["months_since_stroke"] = draw(_maybe(st.integers(0, 600)))
    if draw(st.booleans() | st.just(True)):
        data["resting_bp"] = draw(bp_data())
    return data


@st.composite
def visit_answers(draw: st.DrawFn, *, rough: bool) -> dict[str, Any]:
    """One visit's answers; `rough` visits bring pain, falls, new findings and over-reporting."""
    planned = draw(st.integers(3, 12))
    done = draw(st.integers(0, planned * 2) if rough else st.integers(planned * 2 // 3 + 1, planned))
    falls = draw(st.integers(0, 2)) if rough else 0
    visit: dict[str, Any] = {
        "sessions_done": done,
        "sessions_planned": planned,
        "pain_max": draw(st.integers(0, 10) if rough else st.integers(0, 3)),
        "pain_next_morning_worse": draw(st.booleans()) if rough else False,
        "rpe_max": draw(st.integers(6, 20) if rough else st.integers(9, 13)),
        "falls": falls,
        "near_falls": draw(st.integers(0, 2)) if rough else 0,
        "rail_use": draw(st.sampled_from([r.value for r in RailUse]) if rough
                         else st.sampled_from(["less", "same"])),
    }
    if falls:
        visit["fall_with_injury"] = draw(st.booleans())
    if rough and draw(st.booleans()):
        visit["tests"] = draw(tests_data)
    if rough and draw(st.integers(0, 5)) == 0:
        visit["flags"] = draw(st.lists(st.sampled_from([f.value for f in Flag]), max_size=1))
    if rough and draw(st.integers(0, 5)) == 0:
        visit["resting_bp"] = draw(bp_data())
    if rough and draw(st.integers(0, 8)) == 0:
        visit["conditions"] = [draw(st.sampled_from([c.value for c in Condition]))]
    return visit


@st.composite
def course_data(draw: st.DrawFn, conditions: list[str] | None = None,
                equipment: str | None = None) -> dict[str, Any]:
    """A case and dated visits every 1-5 weeks for 6 to 12 months, mostly good, some rough."""
    start = date(2026, 1, 5)
    months = draw(st.integers(6, 12))
    visits, day = [], 0
    while day < months * 30:
        day += draw(st.integers(7, 35))
        answers = draw(visit_answers(rough=draw(st.integers(0, 3)) == 0))
        visits.append({"visit_date": (start + timedelta(days=day)).isoformat(), **answers})
    return {"case": draw(case_data(conditions, equipment)), "issued_on": start.isoformat(),
            "follow_ups": visits}


# Conditions that call for no extra supervision (docs/evidence.md §2): their patients may be weaned
# off the rails. Patellofemoral pain's minutes stop at 20 (its protocol, docs/rules.md), below the
# others' 30, so a visit that adds it can leave a stepped-back patient at every ceiling but the rails.
WEANABLE_CONDITIONS = ["knee_osteoarthritis", "low_back_pain", "patellofemoral_pain"]
SPEEDLESS = ["none", "manual_treadmill", "curved_treadmill", "backward_treadmill"]


def _fully_assessed_case(draw: st.DrawFn) -> dict[str, Any]:
    """A patient with every piece of evidence an independent programme needs, all normal."""
    tests: dict[str, Any] = {"berg": draw(st.integers(50, 56))}
    if draw(st.booleans()):
        # A brisk timed backward walk lets a motorized belt climb instead of staying at 0.5 mph.
        tests["backward_walk_3m_seconds"] = draw(_tenths(1.0, 4.4))
    return {
        "age": draw(st.integers(18, 74)),
        "conditions": draw(st.lists(st.sampled_from(WEANABLE_CONDITIONS[:2]), min_size=1,
                                    max_size=2, unique=True)),
        # Mostly kinds with no speed to set: only minutes stand between them and the rails.
        "equipment": draw(st.sampled_from([*SPEEDLESS, *SPEEDLESS, "motorized_treadmill"])),
        "units": draw(st.sampled_from([u.value for u in Units])),
        "checklist_completed": True,
        "resting_bp": {"systolic": draw(st.integers(100, 139)), "diastolic": draw(st.integers(65, 89))},
        "falls_past_year": 0,
        "tests": tests,
    }


@st.composite
def _steady_visit(draw: st.DrawFn) -> dict[str, Any]:
    """A visit with no fall or near-fall: mostly all good, now and then a reason to hold."""
    visit = draw(visit_answers(rough=False))
    if draw(st.integers(0, 7)) == 0:
        visit["pain_max"] = draw(st.integers(4, 5))
    if draw(st.integers(0, 9)) == 0:
        visit["conditions"] = ["patellofemoral_pain"]
    return visit


@st.composite
def _incident_visit(draw: st.DrawFn) -> dict[str, Any]:
    """A visit with a near-fall, or now and then a fall, after which the rails must stay."""
    visit = draw(visit_answers(rough=False))
    if draw(st.integers(0, 4)) == 0:
        visit["falls"], visit["fall_with_injury"] = 1, draw(st.booleans())
    else:
        visit["near_falls"] = draw(st.integers(1, 2))
    if draw(st.booleans()):
        visit["conditions"] = ["patellofemoral_pain"]
    return visit


@st.composite
def weaning_course_data(draw: st.DrawFn) -> dict[str, Any]:
    """A fully assessed patient seen every 1-3 weeks for 6 to 12 months: long runs of clean,
    adherent reviews that take them to their ceilings and off the rails, broken by near-falls
    and falls, so that a review soon after an incident often finds nothing but the rails left
    to change."""
    case = _fully_assessed_case(draw)
    start = date(2026, 1, 5)
    months = draw(st.integers(6, 12))
    visits, day = [], 0
    while day < months * 30:
        day += draw(st.integers(7, 21))
        incident = draw(st.integers(0, 5)) == 0
        answers = draw(_incident_visit() if incident else _steady_visit())
        visits.append({"visit_date": (start + timedelta(days=day)).isoformat(), **answers})
    return {"case": case, "issued_on": start.isoformat(), "follow_ups": visits}
