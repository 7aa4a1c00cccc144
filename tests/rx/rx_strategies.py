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
