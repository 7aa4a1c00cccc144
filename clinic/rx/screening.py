"""Contraindications and precautions (reference §3), and the screen that applies every rule.

The most conservative effect among the matching rules decides the programme's level.
"""

from clinic.rx.case import Case
from clinic.rx.criteria import (
    Band,
    HasCondition,
    HasFlag,
    Measure,
    Measured,
    NotFullWeightBearing,
    Rule,
    SurgeryNotCleared,
    Unknown,
)
from clinic.rx.fall_risk import FALL_RISK_RULES
from clinic.rx.vocabulary import SURGICAL_CONDITIONS, Condition, Effect, Flag

ABSOLUTE = "Absolute contraindications: not recommended"
RELATIVE = "Relative contraindications: clinic only"
PRECAUTION = "Precautions: home with another adult present"
INFORMATION = "Information"

_BP_REMEDY = "Re-screen when resting BP is 200/110 or below."

CONTRAINDICATION_RULES: tuple[Rule, ...] = (
    Rule(
        "unstable_cardiac", ABSOLUTE, HasFlag(Flag.UNSTABLE_CARDIAC), Effect.REFUSE,
        "Unstable cardiac disease is an absolute contraindication to exercise.", "acsm_absolute",
        "Refer; re-screen once a physician confirms the heart condition is stable.",
    ),
    Rule(
        "acute_dvt_or_pe", ABSOLUTE, HasFlag(Flag.ACUTE_DVT_OR_PE), Effect.REFUSE,
        "Acute deep-vein thrombosis or pulmonary embolism.", "acsm_absolute",
        "Refer; re-screen after treatment with the physician's clearance to exercise.",
    ),
    Rule(
        "acute_infection", ABSOLUTE, HasFlag(Flag.ACUTE_INFECTION), Effect.REFUSE,
        "Acute infection (with fever).", "acsm_absolute",
        "Re-screen once the infection and fever have resolved.",
    ),
    Rule(
        "unhealed_fracture", ABSOLUTE, HasFlag(Flag.UNHEALED_FRACTURE), Effect.REFUSE,
        "Unhealed fracture.", "default_absolute",
        "Re-screen when the treating clinician confirms the fracture has healed.",
    ),
    Rule(
        "not_full_weight_bearing", ABSOLUTE, NotFullWeightBearing(), Effect.REFUSE,
        "Less than full weight-bearing.", "default_absolute",
        "Re-screen when the surgeon or physician allows full weight-bearing.",
    ),
    Rule(
        "surgery_not_cleared", ABSOLUTE, SurgeryNotCleared(), Effect.REFUSE,
        "Joint replacement or ACL surgery without the surgeon's clearance.", "default_absolute",
        "Obtain the surgeon's written clearance.",
    ),
    Rule(
        "active_vertigo", ABSOLUTE, HasFlag(Flag.ACTIVE_VERTIGO), Effect.REFUSE,
        "Active vertigo.", "default_absolute",
        "Re-screen once vertigo has resolved or been treated.",
    ),
    Rule(
        "systolic_above_200", ABSOLUTE, Measured(Measure.SYSTOLIC, Band(above=200)),
        Effect.REFUSE, "Resting systolic BP above 200 mmHg.", "default_absolute", _BP_REMEDY,
    ),
    Rule(
        "diastolic_above_110", ABSOLUTE, Measured(Measure.DIASTOLIC, Band(above=110)),
        Effect.REFUSE, "Resting diastolic BP above 110 mmHg.", "default_absolute", _BP_REMEDY,
    ),
    Rule(
        "mmse_below_20", ABSOLUTE, Measured(Measure.MMSE, Band(below=20)), Effect.REFUSE,
        "MMSE below 20: instructions and stop rules may not be followed safely.",
        "default_absolute", "Re-screen if MMSE reaches 20 or more.",
    ),
    Rule(
        "cannot_follow_two_step_commands", ABSOLUTE,
        HasFlag(Flag.CANNOT_FOLLOW_TWO_STEP_COMMANDS), Effect.REFUSE,
        "Cannot follow a two-step command.", "default_absolute",
        "Re-screen when the patient can follow a two-step command.",
    ),
    Rule(
        "systolic_160_to_200", RELATIVE, Measured(Measure.SYSTOLIC, Band(at_least=160, at_most=200)),
        Effect.CLINIC_ONLY, "Resting systolic BP 160 mmHg or more.", "default_relative",
    ),
    Rule(
        "diastolic_100_to_110", RELATIVE,
        Measured(Measure.DIASTOLIC, Band(at_least=100, at_most=110)), Effect.CLINIC_ONLY,
        "Resting diastolic BP 100 mmHg or more.", "default_relative",
    ),
    Rule(
        "severe_osteoporosis", RELATIVE, HasFlag(Flag.SEVERE_OSTEOPOROSIS), Effect.CLINIC_ONLY,
        "Severe osteoporosis: a fall could fracture.", "default_relative",
    ),
    Rule(
        "pregnancy", RELATIVE, HasFlag(Flag.PREGNANCY), Effect.CLINIC_ONLY,
        "Pregnancy: balance and the centre of mass change.", "default_relative",
    ),
    Rule(
        "freezing_of_gait", RELATIVE, HasFlag(Flag.FREEZING_OF_GAIT), Effect.CLINIC_ONLY,
        "Freezing of gait: backward walking is where freezers do worst.", "default_relative",
    ),
    Rule(
        "stroke_under_6_months", RELATIVE,
        Measured(Measure.MONTHS_SINCE_STROKE, Band(below=6), only_with=Condition.STROKE),
        Effect.CLINIC_ONLY, "Stroke less than 6 months ago.", "default_relative",
    ),
    Rule(
        "stroke_date_unknown", RELATIVE,
        Unknown(Measure.MONTHS_SINCE_STROKE, frozenset({Condition.STROKE})), Effect.CLINIC_ONLY,
        "Months since stroke not given: treated as less than 6 months ago.", "default_relative",
    ),
    Rule(
        "mmse_20_to_23", RELATIVE, Measured(Measure.MMSE, Band(at_least=20, at_most=23)),
        Effect.CLINIC_ONLY, "MMSE 20-23: supervise until the routine is learnt.",
        "default_relative",
    ),
    Rule(
        "vision_impairment", PRECAUTION, HasFlag(Flag.VISION_IMPAIRMENT), Effect.CAREGIVER,
        "Vision impairment.", "default_precautions",
    ),
    Rule(
        "peripheral_neuropathy", PRECAUTION, HasFlag(Flag.PERIPHERAL_NEUROPATHY),
        Effect.CAREGIVER, "Peripheral neuropathy: less feedback from the feet.",
        "default_precautions",
    ),
    Rule(
        "chronic_stroke", PRECAUTION,
        Measured(Measure.MONTHS_SINCE_STROKE, Band(at_least=6), only_with=Condition.STROKE),
        Effect.CAREGIVER, "Chronic stroke (6 months or more).", "default_precautions",
    ),
    Rule(
        "parkinsons", PRECAUTION, HasCondition(Condition.PARKINSONS), Effect.CAREGIVER,
        "Parkinson's disease: backward walking deficits exceed forward ones.",
        "hackney_earhart",
    ),
    Rule(
        "beta_blockers", INFORMATION, HasFlag(Flag.BETA_BLOCKERS), Effect.INFORM,
        "Beta-blockers blunt heart rate: effort is set by talk test and RPE, not heart rate.",
        "default_precautions",
    ),
    Rule(
        "surgery_date_unknown", INFORMATION,
        Unknown(Measure.WEEKS_SINCE_SURGERY, SURGICAL_CONDITIONS), Effect.INFORM,
        "Weeks since surgery not given: the surgeon's clearance is the deciding factor.",
        "default_absolute",
    ),
)

SCREENING_RULES: tuple[Rule, ...] = CONTRAINDICATION_RULES + FALL_RISK_RULES

_EFFECT_ORDER = tuple(Effect)


def screen(case: Case) -> tuple[Rule, ...]:
    """Return every screening rule the case matches, in table order."""
    return tuple(rule for rule in SCREENING_RULES if rule.when.matches(case))


def strictest_effect(rules: tuple[Rule, ...]) -> Effect:
    """Return the most conservative effect among the rules (INFORM when none restricts)."""
    return min((rule.effect for rule in rules), key=_EFFECT_ORDER.index, default=Effect.INFORM)


def has_restricting_finding(case: Case) -> bool:
    """Tell whether any rule from the clinic-only or another-adult tiers applies (rules 2-3)."""
    return any(rule.effect in (Effect.CLINIC_ONLY, Effect.CAREGIVER) for rule in screen(case))
