"""Screening (docs/evidence.md §2 and §3): contraindications, precautions, fall-risk findings and
missing evidence as rules, and the screen that applies them. The most conservative effect wins.
What each rule tests is built from clinic.rx.criteria.
"""

from clinic.rx.criteria import (
    Band,
    Evidence,
    HasCondition,
    HasFlag,
    Measure,
    Measured,
    NotAssessed,
    NotFullWeightBearing,
    Rule,
    SurgeryNotCleared,
    Unknown,
)
from clinic.rx.model import Case
from clinic.rx.vocabulary import SURGICAL_CONDITIONS, Condition, Effect, Flag

HIGH = "High fall risk: clinic only"
RAISED = "Raised fall risk: home with another adult present"

# Tiers follow the source's own words: what a source calls high (or medium-to-high) risk is
# clinic only; what it calls raised risk needs another adult present (docs/evidence.md §2).
FALL_RISK_RULES: tuple[Rule, ...] = (
    Rule(
        "berg_40_or_below", HIGH, Measured(Measure.BERG, Band(at_most=40)), Effect.CLINIC_ONLY,
        "Berg Balance Scale 40 or below: medium (21-40) or high (20 or below) fall risk.",
        "muir2008", "Re-test; clinic sessions continue while Berg stays at 40 or below.",
    ),
    Rule(
        "backward_walk_4_5_or_more", HIGH,
        Measured(Measure.BACKWARD_3M, Band(at_least=4.5), unless_with=Condition.PARKINSONS),
        Effect.CLINIC_ONLY, "3-metre backward walk 4.5 s or more: high fall risk.", "carter2020",
    ),
    Rule(
        "backward_walk_4_2_or_more_parkinsons", HIGH,
        Measured(Measure.BACKWARD_3M, Band(at_least=4.2), only_with=Condition.PARKINSONS),
        Effect.CLINIC_ONLY,
        "3-metre backward walk 4.2 s or more with Parkinson's disease: high fall risk.",
        "carter2020",
    ),
    Rule(
        "two_or_more_falls", HIGH, Measured(Measure.FALLS, Band(at_least=2)), Effect.CLINIC_ONLY,
        "Two or more falls in the past year.", "default_fall_risk_tiers",
    ),
    Rule(
        "gait_speed_below_0_4", HIGH, Measured(Measure.GAIT_SPEED, Band(below=0.4)),
        Effect.CLINIC_ONLY, "Gait speed below 0.4 m/s: household walker.", "schmid2007",
    ),
    Rule(
        "berg_41_to_49", RAISED, Measured(Measure.BERG, Band(at_least=41, at_most=49)),
        Effect.CAREGIVER,
        "Berg Balance Scale 41-49: low risk by Muir 2008, but no single Berg cut-off is used "
        "alone to allow more freedom.", "default_fall_risk_tiers",
    ),
    Rule(
        "tug_13_5_or_more", RAISED, Measured(Measure.TUG, Band(at_least=13.5)),
        Effect.CAREGIVER, "Timed Up and Go 13.5 s or more: raised fall risk.", "barry2014",
    ),
    Rule(
        "fga_22_or_below", RAISED, Measured(Measure.FGA, Band(at_most=22)), Effect.CAREGIVER,
        "Functional Gait Assessment 22 or below: raised fall risk.", "wrisley2010",
    ),
    Rule(
        "abc_below_67", RAISED, Measured(Measure.ABC, Band(below=67)), Effect.CAREGIVER,
        "ABC balance confidence below 67 %: raised fall risk.", "lajoie2004",
    ),
    Rule(
        "one_fall", RAISED, Measured(Measure.FALLS, Band(at_least=1, at_most=1)),
        Effect.CAREGIVER, "One fall in the past year: raised fall risk.", "default_fall_risk_tiers",
    ),
    Rule(
        "gait_speed_below_0_8", RAISED,
        Measured(Measure.GAIT_SPEED, Band(at_least=0.4, below=0.8)), Effect.CAREGIVER,
        "Gait speed 0.4-0.8 m/s: limited community walker.", "schmid2007",
    ),
    Rule(
        "balance_deficit", RAISED, HasCondition(Condition.BALANCE_DEFICIT), Effect.CAREGIVER,
        "Balance deficit: a fall-risk finding in itself.", "default_fall_risk_tiers",
    ),
    Rule(
        "age_75_or_over", RAISED, Measured(Measure.AGE, Band(at_least=75)), Effect.CAREGIVER,
        "Age 75 or over.", "default_fall_risk_tiers",
    ),
)

ABSOLUTE = "Absolute contraindications: not recommended"
RELATIVE = "Relative contraindications: clinic only"
PRECAUTION = "Precautions: home with another adult present"
INFORMATION = "Information"

_BP_REMEDY = "Re-screen when resting BP is 200/110 or below."
_CARDIAC_REMEDY = "Refer to the physician; re-screen with written clearance to exercise."


def _acsm(code: str, flag: Flag, message: str, remedy: str = _CARDIAC_REMEDY) -> Rule:
    return Rule(code, ABSOLUTE, HasFlag(flag), Effect.REFUSE, message, "acsm_absolute", remedy)


CONTRAINDICATION_RULES: tuple[Rule, ...] = (
    _acsm("recent_cardiac_event", Flag.RECENT_CARDIAC_EVENT,
          "Recent myocardial infarction, significant resting ECG change or other acute cardiac "
          "event."),
    _acsm("unstable_angina", Flag.UNSTABLE_ANGINA, "Unstable angina."),
    _acsm("uncontrolled_arrhythmia", Flag.UNCONTROLLED_ARRHYTHMIA,
          "Uncontrolled cardiac arrhythmia."),
    _acsm("severe_aortic_stenosis", Flag.SEVERE_AORTIC_STENOSIS,
          "Severe (symptomatic) aortic stenosis.",
          "Refer to cardiology; re-screen only with the cardiologist's written clearance."),
    _acsm("uncontrolled_heart_failure", Flag.UNCONTROLLED_HEART_FAILURE,
          "Uncontrolled heart failure."),
    _acsm("acute_myocarditis_or_pericarditis", Flag.ACUTE_MYOCARDITIS_OR_PERICARDITIS,
          "Acute myocarditis or pericarditis.",
          "Refer; re-screen after recovery with the physician's clearance to exercise."),
    _acsm("dissecting_aneurysm", Flag.DISSECTING_ANEURYSM,
          "Suspected or known dissecting aneurysm.", "Refer urgently; do not exercise."),
    _acsm("unstable_cardiac", Flag.UNSTABLE_CARDIAC,
          "Unstable heart condition (recorded without naming which)."),
    _acsm("acute_dvt_or_pe", Flag.ACUTE_DVT_OR_PE,
          "Acute deep-vein thrombosis or pulmonary embolism.",
          "Refer; re-screen after treatment with the physician's clearance to exercise."),
    _acsm("acute_infection", Flag.ACUTE_INFECTION, "Acute infection (with fever).",
          "Re-screen once the infection and fever have resolved."),
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
        "systolic_below_90", RELATIVE, Measured(Measure.SYSTOLIC, Band(below=90)),
        Effect.CLINIC_ONLY,
        "Resting systolic BP below 90 mmHg: low blood pressure, risk of dizziness and fainting.",
        "default_low_bp", "Check for orthostatic hypotension; re-screen when systolic is 90 or more.",
    ),
    Rule(
        "diastolic_below_60", RELATIVE, Measured(Measure.DIASTOLIC, Band(below=60)),
        Effect.CLINIC_ONLY,
        "Resting diastolic BP below 60 mmHg: low blood pressure, risk of dizziness and fainting.",
        "default_low_bp", "Check for orthostatic hypotension; re-screen when diastolic is 60 or more.",
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
        "Record the date of the stroke.",
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

NOT_ASSESSED = "Not assessed: missing evidence never allows more freedom"

# Each missing kind of evidence restricts as far as the worst finding it could hide, short of a
# refusal: an unscreened contraindication or an unmeasured blood pressure is met in the clinic,
# where the therapist can check it before the first session; unknown fall risk needs another adult.
EVIDENCE_RULES: tuple[Rule, ...] = (
    Rule(
        "checklist_not_assessed", NOT_ASSESSED, NotAssessed(Evidence.CHECKLIST), Effect.CLINIC_ONLY,
        "The contraindication checklist was not completed: an absolute contraindication cannot "
        "be ruled out.", "default_evidence",
        "Go through the whole contraindication checklist with the patient.",
    ),
    Rule(
        "resting_bp_not_assessed", NOT_ASSESSED, NotAssessed(Evidence.RESTING_BP),
        Effect.CLINIC_ONLY, "Resting blood pressure was not measured.", "default_evidence",
        "Measure resting blood pressure.",
    ),
    Rule(
        "falls_history_not_assessed", NOT_ASSESSED, NotAssessed(Evidence.FALLS_HISTORY),
        Effect.CAREGIVER, "Falls in the past year were not asked about.", "default_evidence",
        "Ask how many falls the patient had in the past year.",
    ),
    Rule(
        "no_balance_or_gait_test", NOT_ASSESSED, NotAssessed(Evidence.BALANCE_OR_GAIT_TEST),
        Effect.CAREGIVER, "No balance or gait test was recorded: fall risk is unknown.",
        "default_evidence",
        "Record at least one of Berg, Timed Up and Go, 3-metre backward walk, gait speed or FGA.",
    ),
)

SCREENING_RULES: tuple[Rule, ...] = CONTRAINDICATION_RULES + FALL_RISK_RULES + EVIDENCE_RULES

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
