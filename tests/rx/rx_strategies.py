"""Hypothesis strategies for valid cases and follow-up visits, as JSON-shaped dicts."""

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


@st.composite
def case_data(draw: st.DrawFn) -> dict[str, Any]:
    conditions = draw(st.lists(st.sampled_from([c.value for c in Condition]), min_size=1,
                               max_size=3))
    data: dict[str, Any] = {
        "age": draw(st.integers(18, 110)),
        "conditions": conditions,
        "equipment": draw(st.sampled_from([e.value for e in Equipment])),
        "units": draw(st.sampled_from([u.value for u in Units])),
        "flags": draw(flags_data),
        "falls_past_year": draw(st.integers(0, 4)),
        "tests": draw(tests_data),
        "weight_bearing": draw(st.sampled_from([WeightBearing.FULL.value] * 8
                                               + [w.value for w in WeightBearing])),
    }
    if SURGICAL & set(conditions):
        data["surgeon_clearance"] = draw(st.booleans() | st.just(True))
        data["weeks_since_surgery"] = draw(_maybe(st.integers(0, 520)))
    if "stroke" in conditions:
        data["months_since_stroke"] = draw(_maybe(st.integers(0, 600)))
    if draw(st.booleans()):
        systolic = draw(st.integers(80, 230))
        data["resting_bp"] = {"systolic": systolic,
                              "diastolic": draw(st.integers(40, min(130, systolic - 1)))}
    return data


visit_data = st.fixed_dictionaries(
    {
        "sessions_done": st.integers(0, 12),
        "sessions_planned": st.integers(1, 12),
        "pain_max": st.integers(0, 10),
        "pain_next_morning_worse": st.booleans(),
        "rpe_max": st.integers(6, 20),
        "falls": st.integers(0, 2),
        "near_falls": st.integers(0, 2),
        "rail_use": st.sampled_from([r.value for r in RailUse]),
    },
    optional={
        "flags": st.lists(st.sampled_from([f.value for f in Flag]), max_size=1),
        "tests": tests_data,
    },
)

# A visit where everything went well, so long progressions are explored too.
good_visit_data = st.fixed_dictionaries({
    "sessions_done": st.integers(6, 9),
    "sessions_planned": st.just(9),
    "pain_max": st.integers(0, 3),
    "pain_next_morning_worse": st.just(False),
    "rpe_max": st.integers(6, 13),
    "falls": st.just(0),
    "near_falls": st.just(0),
    "rail_use": st.sampled_from(["less", "same"]),
})
