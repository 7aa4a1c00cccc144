"""Each hard limit tested where it is enforced: the checks every plan passes and the clamp the
engine applies to its own plans. Numbers from docs/evidence.md §4 and §6, written out."""

from dataclasses import replace

import pytest

from clinic.rx import Phase
from clinic.rx.limits import Caps, caps_for, clamp_phases, phase_problems
from tests.rx.rx_helpers import make_case

PHASE = Phase(week_from=1, week_to=2, minutes=10, sessions_per_week=3, incline_percent=0,
              speed_mph=0.5, effort="Can talk, cannot sing")
# A later version (no entry limits) with no measured capacity: only the hard limits apply.
LATER = Caps(speed=2.5, first_speed=1.0, entry=False, paced=True)
FIRST = Caps(speed=2.5, first_speed=1.0, entry=True, paced=True)


@pytest.mark.parametrize(("change", "caps", "problem"), [
    ({"speed_mph": 2.6}, LATER, "phase 1: speed at most 2.5 mph (limit max_speed)"),
    ({"speed_mph": 0.4}, LATER, "phase 1: speed at least 0.5 mph (limit min_treadmill_speed)"),
    ({"incline_percent": 11}, LATER, "phase 1: incline must be 0 to 10 % (limit max_incline)"),
    ({"minutes": 31}, LATER, "phase 1: minutes must be 1 to 30 (limit max_minutes)"),
    ({"sessions_per_week": 8}, LATER, "phase 1: sessions a week must be 1 to 7 (limit max_sessions)"),
    ({"minutes": 11}, FIRST, "phase 1: at most 10 minutes (limit first_phase_minutes)"),
    ({"incline_percent": 1}, FIRST, "phase 1: incline 0 % (start flat) (limit first_phase_incline)"),
    ({"speed_mph": 1.1}, FIRST, "phase 1: speed at most 1.0 mph, this patient's first-phase cap"),
    ({"speed_mph": 0.7}, Caps(0.6, 0.6, entry=False, paced=True),
     "phase 1: speed at most 0.6 mph, this patient's measured capacity"),
    ({"speed_mph": 0.5}, Caps(2.5, 1.0, entry=False, paced=False),
     "phase 1: no speed and no incline: dosed by minutes and effort (limit self_paced)"),
])
def test_each_value_limit_is_refused(change: dict[str, object], caps: Caps, problem: str) -> None:
    problems = [str(breach) for breach in phase_problems((replace(PHASE, **change),), caps)]
    assert any(line.startswith(problem) for line in problems), problems


@pytest.mark.parametrize(("change", "problem"), [
    ({"minutes": 16}, "phase 2: minutes rise by at most 5 from phase 1 (limit minutes_step)"),
    ({"speed_mph": 0.8}, "phase 2: speed rises by at most 0.2 mph from phase 1 (limit speed_step)"),
    ({"incline_percent": 2}, "phase 2: incline rises by at most 1 % from phase 1 (limit incline_step)"),
    ({"minutes": 12, "speed_mph": 0.6}, "phase 2: only one of minutes, speed and incline rises"),
    ({"speed_mph": 0.6, "incline_percent": 1}, "phase 2: only one of minutes, speed and incline rises"),
])
def test_each_step_limit_is_refused(change: dict[str, object], problem: str) -> None:
    second = replace(PHASE, week_from=3, week_to=4, **change)
    problems = [str(breach) for breach in phase_problems((PHASE, second), LATER)]
    assert any(line.startswith(problem) for line in problems), problems


@pytest.mark.parametrize("change", [
    {"minutes": 15}, {"speed_mph": 0.7}, {"incline_percent": 1}, {"minutes": 9, "speed_mph": 0.5},
])
def test_one_step_of_one_thing_is_allowed(change: dict[str, object]) -> None:
    second = replace(PHASE, week_from=3, week_to=4, **change)
    assert phase_problems((PHASE, second), LATER) == []


def test_the_clamp_lowers_speed_to_two_and_a_half_mph_on_every_phase() -> None:
    fast = (replace(PHASE, speed_mph=3.0), replace(PHASE, week_from=3, week_to=4, speed_mph=3.0))
    assert [p.speed_mph for p in clamp_phases(fast, LATER)] == [2.5, 2.5]


def test_without_a_measurement_the_cap_is_two_and_a_half_mph() -> None:
    caps = caps_for(make_case(), entry=False, paced=True)
    assert caps.speed == 2.5
    assert clamp_phases((replace(PHASE, speed_mph=3.0),), caps)[0].speed_mph == 2.5


def test_the_clamp_lowers_speed_to_the_measured_capacity_on_every_phase() -> None:
    caps = caps_for(make_case(tests={"gait_speed_m_s": 1.2}), entry=False, paced=True)
    assert caps.speed == 0.6  # 1.2 m/s = 2.68 mph, a quarter 0.67, rounded down
    fast = (replace(PHASE, speed_mph=1.5), replace(PHASE, week_from=3, week_to=4, speed_mph=2.0))
    assert [p.speed_mph for p in clamp_phases(fast, caps)] == [0.6, 0.6]


def test_the_clamp_applies_the_entry_limits_to_a_first_prescription_only() -> None:
    big = (replace(PHASE, minutes=25, incline_percent=3, speed_mph=1.5),)
    first = clamp_phases(big, FIRST)[0]
    assert (first.minutes, first.incline_percent, first.speed_mph) == (10, 0, 1.0)
    later = clamp_phases(big, LATER)[0]
    assert (later.minutes, later.incline_percent, later.speed_mph) == (25, 3, 1.5)


def test_the_clamp_never_lets_speed_or_incline_rise_inside_a_plan() -> None:
    rising = (PHASE, replace(PHASE, week_from=3, week_to=4, speed_mph=0.6, incline_percent=1))
    second = clamp_phases(rising, LATER)[1]
    assert (second.speed_mph, second.incline_percent) == (0.5, 0)


def test_a_broken_limit_is_data_naming_its_phase_field_limits_and_speed() -> None:
    second = replace(PHASE, week_from=3, week_to=4, speed_mph=0.8)
    (breach,) = phase_problems((PHASE, second), LATER)
    assert (breach.phase, breach.field, breach.limits) == (2, "speed_mph", ("speed_step",))
    assert breach.speed_mph == 0.2
    in_kmh = breach.words(lambda mph: f"{mph * 1.609344:.2f} km/h")
    assert in_kmh == "speed rises by at most 0.32 km/h from phase 1"
