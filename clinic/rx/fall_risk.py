"""Fall-risk findings (reference §2): high risk means clinic only, moderate means another adult.

No test is used alone to allow more freedom: any single finding restricts the programme.
"""

from clinic.rx.criteria import Band, Measure, Measured, Rule
from clinic.rx.vocabulary import Condition, Effect

HIGH = "High fall risk: clinic only"
MODERATE = "Moderate fall risk: home with another adult present"

FALL_RISK_RULES: tuple[Rule, ...] = (
    Rule(
        "berg_40_or_below", HIGH, Measured(Measure.BERG, Band(at_most=40)), Effect.CLINIC_ONLY,
        "Berg Balance Scale 40 or below: medium-to-high fall risk.", "muir2008",
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
        "berg_41_to_49", MODERATE, Measured(Measure.BERG, Band(at_least=41, at_most=49)),
        Effect.CAREGIVER, "Berg Balance Scale 41-49: fall risk not negligible.", "muir2008",
    ),
    Rule(
        "tug_13_5_or_more", MODERATE, Measured(Measure.TUG, Band(at_least=13.5)),
        Effect.CAREGIVER, "Timed Up and Go 13.5 s or more: raised fall risk.", "barry2014",
    ),
    Rule(
        "backward_walk_4_5_or_more", MODERATE,
        Measured(Measure.BACKWARD_3M, Band(at_least=4.5), unless_with=Condition.PARKINSONS),
        Effect.CAREGIVER, "3-metre backward walk 4.5 s or more: high fall risk.", "carter2020",
    ),
    Rule(
        "backward_walk_4_2_or_more_parkinsons", MODERATE,
        Measured(Measure.BACKWARD_3M, Band(at_least=4.2), only_with=Condition.PARKINSONS),
        Effect.CAREGIVER,
        "3-metre backward walk 4.2 s or more with Parkinson's disease: high fall risk.",
        "carter2020",
    ),
    Rule(
        "fga_22_or_below", MODERATE, Measured(Measure.FGA, Band(at_most=22)), Effect.CAREGIVER,
        "Functional Gait Assessment 22 or below: raised fall risk.", "wrisley2010",
    ),
    Rule(
        "abc_below_67", MODERATE, Measured(Measure.ABC, Band(below=67)), Effect.CAREGIVER,
        "ABC balance confidence below 67 %: raised fall risk.", "lajoie2004",
    ),
    Rule(
        "one_fall", MODERATE, Measured(Measure.FALLS, Band(at_least=1, at_most=1)),
        Effect.CAREGIVER, "One fall in the past year.", "default_fall_risk_tiers",
    ),
    Rule(
        "gait_speed_below_0_8", MODERATE,
        Measured(Measure.GAIT_SPEED, Band(at_least=0.4, below=0.8)), Effect.CAREGIVER,
        "Gait speed 0.4-0.8 m/s: limited community walker.", "schmid2007",
    ),
    Rule(
        "age_75_or_over", MODERATE, Measured(Measure.AGE, Band(at_least=75)), Effect.CAREGIVER,
        "Age 75 or over.", "default_fall_risk_tiers",
    ),
)
