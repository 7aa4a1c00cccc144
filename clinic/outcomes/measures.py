"""Outcome measures: how each is scored, its valid range, and the change that matters.

Pure: standard library only, so the scoring can be checked against published worked examples
without an app. Every instrument here is free to use; each entry names the paper its scoring
rule and its threshold of meaningful change come from. Where the published rule leaves a case
open (a questionnaire with unanswered items), the app takes the cautious side and refuses to
score rather than guess: a made-up total would be read as a real one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum


class Better(Enum):
    HIGHER = "higher"
    LOWER = "lower"


class Change(Enum):
    IMPROVED = "improved"
    WORSE = "worse"
    WITHIN_NOISE = "within_noise"


class ScoringError(ValueError):
    """A set of answers that cannot be scored; the message says why in plain words."""


@dataclass(frozen=True)
class Threshold:
    """The smallest change that counts, and what kind of figure it is."""

    # A function of the baseline score, because some thresholds (Berg) depend on where the
    # patient started.
    amount: Callable[[float], float]
    kind: str  # "MCID" (minimal clinically important difference) or "MDC" (minimal detectable change)
    source: str


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    unit: str
    minimum: float
    maximum: float
    better: Better
    # Number of item answers the form collects; 0 for a single measured value.
    items: int
    item_minimum: int
    item_maximum: int
    scoring: str
    scoring_source: str
    threshold: Threshold | None
    decimals: int = 0
    # Timed tests accept slow results (up to 300 s) that few patients come near: their charts
    # are scaled to the patient's own times instead of the whole valid range.
    scale_to_scores: bool = False

    def score(self, answers: Sequence[float | None]) -> float:
        """The instrument's score from its answers, or ScoringError naming what is wrong."""
        return _SCORERS[self.code](self, answers)


def _constant(value: float) -> Callable[[float], float]:
    return lambda _baseline: value


def _berg_mdc(baseline: float) -> float:
    # Donoghue and Stokes 2009: the MDC95 depends on the starting score.
    if baseline >= 45:
        return 4
    if baseline >= 35:
        return 5
    if baseline >= 25:
        return 7
    return 5


FARRAR = ("Farrar JT et al. Pain 2001;94(2):149-158; Childs JD et al. Spine 2005;30(11):1331-1334 "
          "(2 points on the 0-10 scale)")
STRATFORD = ("Stratford P, Gill C, Westaway M, Binkley J. Physiother Can 1995;47(4):258-263 "
             "(MDC90 2 points for the average score)")
BINKLEY = ("Binkley JM et al. Phys Ther 1999;79(4):371-383 (20 items scored 0-4, total 0-80; "
           "MCID 9 points)")
OSTELO = ("Roland M, Morris R. Spine 1983;8(2):141-144 (24 items, one point per statement ticked); "
          "Ostelo RW et al. Spine 2008;33(1):90-94 (MCID 5 points)")
WRIGHT = "Wright AA et al. J Orthop Sports Phys Ther 2011;41(5):319-327 (MCID 2 stands, hip osteoarthritis)"
PERERA = ("Perera S, Mody SH, Woodman RC, Studenski SA. J Am Geriatr Soc 2006;54(5):743-749 "
          "(substantial meaningful change: gait speed 0.10 m/s, 6-minute walk 50 m)")
DONOGHUE = ("Donoghue D, Stokes EK. J Rehabil Med 2009;41(5):343-346 (MDC95: 4 points from 45, "
            "5 from 35 to 44, 7 from 25 to 34, 5 below 25)")
BENINATO = "Beninato M, Fernandes A, Plummer LS. Phys Ther 2014;94(11):1594-1603 (MCID 4 points)"
HUANG = ("Huang SL, Hsieh CL, Wu RM, Tai CH, Lin CH, Lu WS. Phys Ther 2011;91(1):114-121 (MDC 3.5 s "
         "in Parkinson's disease, the larger of the published figures: 1.10-1.14 s in knee osteoarthritis, "
         "Alghadir A, Anwer S, Brismee JM. BMC Musculoskelet Disord 2015;16:174)")
STEFFEN = ("Steffen T, Seney M. Phys Ther 2008;88(6):733-746 (MDC95 13 points in community-dwelling "
           "adults with parkinsonism)")
KOCER = ("Kocer B, Soke F, et al. Ir J Med Sci 2023;192(6):3063-3071 (MDC 2.13 s in Parkinson's disease, "
         "the larger of the published figures: 1.69 s in multiple sclerosis, Soke F et al. Int J Rehabil Res "
         "2022;45(3):209-214)")
COMPLETE_ONLY = ("Scored only when every item is answered: the app does not fill in missing answers "
                 "(product default)")


def _single(measure: Measure, answers: Sequence[float | None]) -> float:
    if len(answers) != 1 or answers[0] is None:
        raise ScoringError(f"{measure.name}: enter one value.")
    value = float(answers[0])
    if not math.isfinite(value) or not measure.minimum <= value <= measure.maximum:
        raise ScoringError(
            f"{measure.name} must be between {_plain(measure.minimum)} and {_plain(measure.maximum)}"
            f"{' ' + measure.unit if measure.unit else ''}."
        )
    if measure.decimals == 0 and value != int(value):
        raise ScoringError(f"{measure.name} is a whole number.")
    return round(value, measure.decimals)


def _checked_items(measure: Measure, answers: Sequence[float | None], *, complete: bool) -> list[int]:
    if len(answers) > measure.items:
        raise ScoringError(f"{measure.name} has {measure.items} items, not {len(answers)}.")
    given = [a for a in answers if a is not None]
    if complete and (len(answers) < measure.items or len(given) < measure.items):
        missing = measure.items - len(given)
        raise ScoringError(
            f"{measure.name}: {missing} of {measure.items} items are unanswered. "
            "Only a complete form is scored."
        )
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            continue
        if answer != int(answer) or not measure.item_minimum <= answer <= measure.item_maximum:
            raise ScoringError(
                f"{measure.name}: item {number} must be a whole number from "
                f"{measure.item_minimum} to {measure.item_maximum}."
            )
    return [int(a) for a in given]


def _sum_of_items(measure: Measure, answers: Sequence[float | None]) -> float:
    return float(sum(_checked_items(measure, answers, complete=True)))


def _mean_of_activities(measure: Measure, answers: Sequence[float | None]) -> float:
    rated = _checked_items(measure, answers, complete=False)
    if not rated:
        raise ScoringError(f"{measure.name}: rate at least one activity.")
    return round(sum(rated) / len(rated), measure.decimals)


MEASURES: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure("nprs", "Pain (NPRS 0-10)", "", 0, 10, Better.LOWER, 0, 0, 0,
                "One number: the patient's pain from 0 (none) to 10 (worst imaginable).", FARRAR,
                Threshold(_constant(2), "MCID", FARRAR)),
        Measure("psfs", "Patient-Specific Functional Scale", "", 0, 10, Better.HIGHER, 5, 0, 10,
                "Up to five activities the patient chose, each rated 0 (unable) to 10 (as before); "
                "the score is their average.", STRATFORD,
                Threshold(_constant(2), "MDC", STRATFORD), decimals=1),
        Measure("lefs", "Lower Extremity Functional Scale", "", 0, 80, Better.HIGHER, 20, 0, 4,
                "Twenty activities, each 0 (extreme difficulty or unable) to 4 (no difficulty); the "
                f"score is their sum. {COMPLETE_ONLY}.", BINKLEY,
                Threshold(_constant(9), "MCID", BINKLEY)),
        Measure("rmdq", "Roland-Morris Disability Questionnaire", "", 0, 24, Better.LOWER, 24, 0, 1,
                "Twenty-four statements, 1 for each the patient ticks; the score is their sum. "
                f"{COMPLETE_ONLY}.", OSTELO,
                Threshold(_constant(5), "MCID", OSTELO)),
        Measure("chair_stand_30s", "30-second chair stand", "stands", 0, 60, Better.HIGHER, 0, 0, 0,
                "Full stands from a chair, arms folded, in 30 seconds.", WRIGHT,
                Threshold(_constant(2), "MCID", WRIGHT)),
        Measure("gait_speed_10m", "10-metre walk (gait speed)", "m/s", 0.05, 3.0, Better.HIGHER, 0, 0, 0,
                "Comfortable walking speed over the middle metres of a 10-metre walk.", PERERA,
                Threshold(_constant(0.10), "MCID", PERERA), decimals=2),
        Measure("six_minute_walk", "6-minute walk", "m", 0, 1000, Better.HIGHER, 0, 0, 0,
                "Metres walked in six minutes.", PERERA,
                Threshold(_constant(50), "MCID", PERERA)),
        Measure("berg", "Berg Balance Scale", "", 0, 56, Better.HIGHER, 0, 0, 0,
                "Fourteen tasks scored 0-4, total 0-56 (scored on paper).", DONOGHUE,
                Threshold(_berg_mdc, "MDC", DONOGHUE)),
        Measure("fga", "Functional Gait Assessment", "", 0, 30, Better.HIGHER, 0, 0, 0,
                "Ten tasks scored 0-3, total 0-30 (scored on paper).", BENINATO,
                Threshold(_constant(4), "MCID", BENINATO)),
        # The fall-risk tests an assessment records; the same limits as the assessment form.
        Measure("tug", "Timed Up and Go", "s", 1, 300, Better.LOWER, 0, 0, 0,
                "Seconds to stand up from a chair, walk 3 metres, turn, walk back and sit down.", HUANG,
                Threshold(_constant(3.5), "MDC", HUANG), decimals=1, scale_to_scores=True),
        Measure("backward_walk_3m", "3-metre backward walk", "s", 0.5, 300, Better.LOWER, 0, 0, 0,
                "Seconds to walk 3 metres backward at a comfortable pace.", KOCER,
                Threshold(_constant(2.13), "MDC", KOCER), decimals=2, scale_to_scores=True),
        Measure("abc", "Activities-specific Balance Confidence (ABC)", "%", 0, 100, Better.HIGHER, 0, 0, 0,
                "Sixteen activities, each rated 0-100 % for confidence of not losing balance; the score is "
                "their average (scored on paper).", STEFFEN,
                Threshold(_constant(13), "MDC", STEFFEN)),
    )
}

_SCORERS: dict[str, Callable[[Measure, Sequence[float | None]], float]] = {
    "nprs": _single,
    "psfs": _mean_of_activities,
    "lefs": _sum_of_items,
    "rmdq": _sum_of_items,
    "chair_stand_30s": _single,
    "gait_speed_10m": _single,
    "six_minute_walk": _single,
    "berg": _single,
    "fga": _single,
    "tug": _single,
    "backward_walk_3m": _single,
    "abc": _single,
}


@dataclass(frozen=True)
class Verdict:
    change: Change
    difference: float
    threshold: float | None
    words: str


def compare(measure: Measure, baseline: float, latest: float) -> Verdict:
    """Whether the change from baseline is a meaningful improvement, worse, or within noise."""
    difference = round(latest - baseline, max(measure.decimals, 2))
    gain = difference if measure.better is Better.HIGHER else -difference
    shown = _with_unit(abs(difference), measure)
    if measure.threshold is None:
        return Verdict(Change.WITHIN_NOISE, difference, None,
                       f"Changed by {shown}; no published threshold is set for this measure.")
    amount = measure.threshold.amount(baseline)
    limit = f"{measure.threshold.kind} {_with_unit(amount, measure)}"
    # A change of exactly the threshold counts: the published figures are the smallest that matter.
    if gain >= amount - 1e-9:
        words = f"Meaningful improvement: {shown} better ({limit})."
        return Verdict(Change.IMPROVED, difference, amount, words)
    if -gain >= amount - 1e-9:
        return Verdict(Change.WORSE, difference, amount, f"Worse: {shown} worse ({limit}).")
    if gain == 0:
        return Verdict(Change.WITHIN_NOISE, difference, amount, f"No change ({limit}).")
    direction = "better" if gain > 0 else "worse"
    return Verdict(Change.WITHIN_NOISE, difference, amount,
                   f"Within noise: {shown} {direction}, less than the {limit}.")


def _plain(value: float) -> str:
    return f"{value:g}"


def _with_unit(value: float, measure: Measure) -> str:
    number = f"{value:.{measure.decimals}f}" if measure.decimals else f"{round(value):d}"
    if measure.unit:
        return f"{number} {measure.unit}"
    return f"{number} point" + ("" if number == "1" else "s")


# The measures suggested for each condition the app records; the therapist may add any other.
SUGGESTED: dict[str, tuple[str, ...]] = {
    "knee_osteoarthritis": ("nprs", "lefs", "chair_stand_30s", "psfs"),
    "knee_replacement": ("nprs", "lefs", "chair_stand_30s", "six_minute_walk"),
    "hip_replacement": ("nprs", "lefs", "chair_stand_30s", "six_minute_walk"),
    "acl_reconstruction": ("nprs", "lefs", "psfs"),
    "patellofemoral_pain": ("nprs", "lefs", "psfs"),
    "low_back_pain": ("nprs", "rmdq", "psfs"),
    "stroke": ("gait_speed_10m", "six_minute_walk", "berg"),
    "parkinsons": ("gait_speed_10m", "berg", "fga"),
    "balance_deficit": ("berg", "fga", "gait_speed_10m"),
}


def suggested_for(conditions: Sequence[str]) -> tuple[str, ...]:
    """The suggested measures for a patient's conditions, each once, in a stable order."""
    chosen: list[str] = []
    for condition in conditions:
        for code in SUGGESTED.get(condition, ("nprs", "psfs")):
            if code not in chosen:
                chosen.append(code)
    return tuple(chosen)
