"""The citation registry: every rule, limit and protocol row names one of these keys.

The texts come from docs/evidence.md, whose section numbers ("§6") the citations use. Entries
starting with "[product default]" are the product's own conservative choices where the literature
is silent; they say so on purpose.
"""

from types import MappingProxyType

# Bump whenever a rule, threshold or dose table changes, so stored decisions show which rules
# made them.
RULES_VERSION = "2026.1"

_SOURCES = {
    "alghadir2019": (
        "Alghadir AH, Anwer S, Sarkar B, Paul AK, Anwar D. Effect of 6-week retro or forward "
        "walking program on pain, functional disability, quadriceps muscle strength, and "
        "performance in individuals with knee osteoarthritis: a randomized controlled trial "
        "(retro-walking trial, n=68). BMC Musculoskelet Disord 2019;20:159. 10 min supervised "
        "retro-walking, 3 days/week for 6 weeks."
    ),
    "nct07649863": (
        "NCT07649863 (knee osteoarthritis, backward treadmill walking): start 10 min, build "
        "towards 30 min if pain stays low."
    ),
    "nct04247802": (
        "NCT04247802, Oxford University Hospitals (hip or knee replacement, age 65+, n=63): home "
        "programme of 5 min once a day, progressed to 10 min or more every day over 12 weeks; "
        "Berg Balance Scale used for fall risk."
    ),
    "roos2012": (
        "Roos PE, Barton N, van Deursen RWM. Patellofemoral joint compression forces in "
        "backward and forward running. J Biomech 2012;45(9):1656 (peak compression 3.4 vs 4.5 "
        "x body weight, backward vs forward)."
    ),
    "shen2021": (
        "Shen M et al. Effects of backward walking on a treadmill at 0, 5, 10 or 15 degrees for "
        "4 weeks after ACL reconstruction. Physiother Theory Pract 2021;37(10):1109 (10 degrees "
        "= 17.6 % grade, beyond home treadmills)."
    ),
    "dufek2011": (
        "Dufek JS et al. Backward walking in low back pain: 10-15 min, 3 days/week for 3 weeks. "
        "J Exerc Physiol Online 2011;14(2):17-26."
    ),
    "chitkara_lbp": (
        "Retro-walking in postural low back pain, J Multidiscip Res Healthcare (Chitkara): "
        "3/week, 10 min growing to 30 min over 6 weeks, flat ground."
    ),
    "yang2005": (
        "Yang YR, Yen JG, Wang RY, Yen LL, Lieu FK. Gait outcomes after additional backward "
        "walking training in patients with stroke. Clin Rehabil 2005 (+30 min overground, "
        "3/week for 3 weeks)."
    ),
    "chang2021": (
        "Chang KW et al. Backward treadmill walking in chronic stroke (>6 months): +30 min, "
        "3/week for 4 weeks. Int J Environ Res Public Health 2021;18:2376."
    ),
    "stroke_trial_eligibility": (
        "Backward Treadmill Training in Chronic Stroke (strokecenter.org trial listing): "
        "excluded MMSE < 20, unstable angina, complex arrhythmia, resting SBP > 200 or DBP > 100; "
        "participants able to walk at 0.3 km/h for 3 min holding the rails."
    ),
    "hackney_earhart": (
        "Hackney ME, Earhart GM. Backward walking in Parkinson's disease. Mov Disord "
        "2009;24(2):218; and The effects of a secondary task on forward and backward walking in "
        "Parkinson's disease. Neurorehabil Neural Repair 2010;24(1):97."
    ),
    "nct05585385": (
        "NCT05585385 (registry template): electric treadmill, 0 % incline, self-selected speed, "
        "5 min warm-up and 5 min cool-down, 30 min total, 3/week for 6 weeks."
    ),
    "hooper2004": (
        "Hooper TL et al. Heart rate and VO2 17-20 % higher backward than forward at the same "
        "speed and 5-10 % grade. J Orthop Sports Phys Ther 2004;34(2):65."
    ),
    "muir2008": (
        "Muir SW, Berg K et al. Use of the Berg Balance Scale for predicting multiple falls in "
        "community-dwelling elderly people. Phys Ther 2008;88(4):449 (41-56 low, 21-40 medium, "
        "< 20 high fall risk)."
    ),
    "barry2014": (
        "Barry E et al. Is the Timed Up and Go test a useful predictor of risk of falls in "
        "community dwelling older adults: a systematic review and meta-analysis. BMC Geriatr "
        "2014 (>= 13.5 s raised fall risk; about 30 % of people 65+ fall each year)."
    ),
    "carter2020": (
        "Carter V et al. The 3-meter backward walk test: >= 4.5 s high fall risk in older "
        "adults, 4.2 s in Parkinson's disease. Top Geriatr Rehabil 2020;36(3):140."
    ),
    "wrisley2010": (
        "Wrisley DM, Kumar NA. Functional Gait Assessment: concurrent, discriminative and "
        "predictive validity in community-dwelling older adults (<= 22/30 raised fall risk). "
        "Phys Ther 2010;90(5):761."
    ),
    "schmid2007": (
        "Schmid A et al. Improvements in speed-based gait classifications are meaningful. "
        "Stroke 2007 (< 0.4 m/s household walker, 0.4-0.8 limited community, > 0.8 community)."
    ),
    "lajoie2004": (
        "Lajoie Y, Gallagher SP. Predicting falls within the elderly community: Berg Balance "
        "Scale and Activities-specific Balance Confidence (ABC) scale, 2004 (< 67 % raised fall "
        "risk)."
    ),
    "acsm_absolute": (
        "ACSM's Guidelines for Exercise Testing and Prescription, 9th ed., absolute "
        "contraindications; Fletcher GF et al., AHA exercise standards, Circulation 1995: a "
        "recent significant ECG change or myocardial infarction or other acute cardiac event, "
        "unstable angina, uncontrolled arrhythmia, severe aortic stenosis, uncontrolled heart "
        "failure, acute pulmonary embolism or deep-vein thrombosis, acute myocarditis or "
        "pericarditis, suspected or known dissecting aneurysm, acute infection with fever. "
        "docs/evidence.md §3."
    ),
    "default_absolute": (
        "[product default] Also absolute for backward walking: unhealed fracture, anything less "
        "than full weight-bearing, joint replacement or ACL surgery without the surgeon's "
        "clearance, active vertigo, resting SBP > 200 or DBP > 110 (ACSM relative limit taken "
        "as absolute), MMSE < 20 or cannot follow a two-step command (stroke trial exclusion). "
        "docs/evidence.md §3."
    ),
    "default_relative": (
        "[product default] Supervised in clinic only: resting SBP >= 160 or DBP >= 100, severe "
        "osteoporosis or fragility fracture, pregnancy, freezing of gait, stroke less than 6 "
        "months ago (or of unknown date), MMSE 20-23. docs/evidence.md §3."
    ),
    "default_precautions": (
        "[product default] Home programme only with another adult present and both hands on the "
        "rails: vision worse than 20/50, peripheral neuropathy, chronic stroke, Parkinson's "
        "disease. Beta-blockers: set intensity by "
        "talk test and RPE, not by heart rate. docs/evidence.md §3."
    ),
    "default_fall_risk_tiers": (
        "[product default] Fall-risk tiers follow each source's words, the more conservative "
        "winning: what a source calls high or medium-to-high risk (Berg 40 or below, 3-metre "
        "backward walk 4.5 s or more, or 4.2 s or more in Parkinson's disease) is clinic only, "
        "as are two or more falls in a year and gait speed below 0.4 m/s (household walker); "
        "what a source calls raised risk (TUG 13.5 s or more, FGA 22 or below, ABC below 67 %) "
        "needs another adult present, as do Berg 41-49 (no single Berg cut-off is used alone to "
        "allow more freedom), gait speed 0.4-0.8 m/s, one fall in a year, a balance-deficit "
        "diagnosis and age 75 or over (about 30 % of people 65+ fall each year, Barry 2014). "
        "docs/evidence.md §2."
    ),
    "default_treadmill": (
        "[product default] Treadmill practice (consumer and safety guidance, docs/evidence.md "
        "§4): start at the lowest speed, 0.5-1.0 mph (0.8-1.6 km/h), flat; never above 2.5 mph "
        "or 10 % incline; a patient whose speed cap is below the treadmill's lowest speed "
        "(0.5 mph) walks overground instead; raise speed in small steps and never with incline; "
        "start with 5-10 min, at most 30 min; hold both rails at first; always clip the safety "
        "key on a motorized treadmill; self-paced treadmills and overground walking are dosed "
        "by minutes and effort (talk test, RPE 11-13)."
    ),
    "default_dosing": (
        "[product default] Where a trial gives no starting speed or plan, Retrostep starts at "
        "the treadmill's lowest speed unless a measured capacity supports more, holds speed flat "
        "through the first plan, and builds minutes one step a phase on the ladder 5, 7, 10, 12, "
        "15, 20, 25, 30; several conditions merge to the most conservative value of every "
        "parameter (fewest sessions a week, shortest minutes, slowest speeds, longest build). "
        "docs/evidence.md §1 and §4."
    ),
    "default_stop_rules": (
        "[product default] Handout stop rules: stop at once and call the clinic for chest pain, "
        "unusual shortness of breath, dizziness, nausea, a fall or near-fall; pain 0-3/10 keep "
        "going, 4-5 only if it settles by the next morning, 6 or more stop; grabbing the rail "
        "to stay upright counts as a near-fall. docs/evidence.md §5."
    ),
    "default_progression": (
        "[product default] Progression at follow-up: change one thing at a time, one step from "
        "the values the patient is on at the visit (minutes one step on the ladder 5, 7, 10, "
        "12, 15, 20, 25, 30, each 2-5 minutes; speed +0.1 mph; incline +1 % once speed has "
        "been steady for two weeks, never with a speed change; handrails one step) only when "
        "most sessions were done (at least two thirds, and not implausibly more than planned), "
        "pain stayed at 3/10 or less with no rise next morning, RPE 13 or less, no fall or "
        "near-fall and rail use did not increase; hold on low adherence, over-reporting or pain "
        "4-5; step back after a fall, near-fall, pain 6 or more or a next-morning rise; stop "
        "and refer on a fall with injury or a new absolute contraindication. "
        "docs/evidence.md §6."
    ),
    "default_capacity": (
        "[product default] Belt speed stays below what the patient showed they can do, on every "
        "phase of every version: at most half the speed measured in the 3-metre backward walk, "
        "and at most a quarter of the measured forward gait speed (backward walking is slower "
        "than forward, so backward speed is taken as half the forward speed, then given the "
        "same half margin). The lower cap governs; it changes only with a new measurement. "
        "docs/evidence.md §7."
    ),
    "default_course": (
        "[product default] A course, not a restart: each follow-up works from the phase the "
        "patient is on at the visit (from the issue date and the visit date), and the next "
        "version continues from those values. After a fall or near-fall handrail use is not "
        "reduced until two later reviews in a row had neither. docs/evidence.md §7."
    ),
    "default_evidence": (
        "[product default] Evidence unlocks freedom; missing evidence never does. An independent "
        "home programme needs a completed contraindication checklist, a resting blood pressure, "
        "a falls history and at least one balance or gait test (Berg, TUG, 3-metre backward "
        "walk, gait speed or FGA). Without the checklist or the blood pressure the programme is "
        "clinic only, where the therapist can check them; without the falls history or a "
        "balance or gait test another adult must be present. docs/evidence.md §8."
    ),
    "default_low_bp": (
        "[product default] Resting systolic BP below 90 mmHg or diastolic below 60 mmHg: clinic "
        "only, supervised, until orthostatic hypotension is ruled out; backward walking with a "
        "turn of the head and a treadmill's moving belt leave no margin for a faint. "
        "docs/evidence.md §3."
    ),
}

SOURCES = MappingProxyType(_SOURCES)


def source_reference(key: str) -> str:
    """Return the full reference text for a citation key (KeyError if it is not registered)."""
    return SOURCES[key]


def is_product_default(key: str) -> bool:
    """Tell whether a source is the product's own choice rather than published evidence."""
    return SOURCES[key].startswith("[product default]")
