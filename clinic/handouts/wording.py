"""Plain-language phrases for the patient handout, in English, the source language.

Everything here is read by patients, many of them older or unwell: short sentences, common words,
a 6th-grade reading level at most (checked by the tests). The safety wording follows
docs/evidence.md §4 and §5; change it there first. Every phrase is marked with ``N_`` so that
``pybabel extract`` finds it, and is translated where the context is built.
"""

from __future__ import annotations

from types import MappingProxyType

from clinic.handouts.language import N_

# Reason codes from clinic.rx (screening and fall-risk rules) in patient words. Clinical
# messages ("MMSE below 20", "Berg 41-49") are for the therapist and never printed.
REASON_WORDS = MappingProxyType({
    "recent_cardiac_event": N_("Your heart needs to be checked by a doctor first."),
    "unstable_angina": N_("Your heart needs to be checked by a doctor first."),
    "uncontrolled_arrhythmia": N_("Your heart needs to be checked by a doctor first."),
    "severe_aortic_stenosis": N_("Your heart needs to be checked by a doctor first."),
    "uncontrolled_heart_failure": N_("Your heart needs to be checked by a doctor first."),
    "acute_myocarditis_or_pericarditis": N_("Your heart needs to be checked by a doctor first."),
    "dissecting_aneurysm": N_("Your heart needs to be checked by a doctor first."),
    "unstable_cardiac": N_("Your heart needs to be checked by a doctor first."),
    "acute_dvt_or_pe": N_("You have a blood clot. It needs to be treated first."),
    "acute_infection": N_("You have an infection or a fever. Wait until you are well."),
    "unhealed_fracture": N_("A broken bone has not healed yet."),
    "not_full_weight_bearing": N_("You may not yet put your full weight on your legs."),
    "surgery_not_cleared": N_("Your surgeon has not yet said it is safe to start."),
    "active_vertigo": N_("You have spells where the room spins. They need to be treated first."),
    "systolic_above_200": N_("Your blood pressure is too high to exercise."),
    "diastolic_above_110": N_("Your blood pressure is too high to exercise."),
    "mmse_below_20": N_("This exercise has many steps and safety rules. It is not safe to do it alone."),
    "cannot_follow_two_step_commands": N_(
        "This exercise has many steps and safety rules. It is not safe to do it alone."
    ),
    "systolic_160_to_200": N_("Your blood pressure is high. Your therapist needs to watch it."),
    "diastolic_100_to_110": N_("Your blood pressure is high. Your therapist needs to watch it."),
    "systolic_below_90": N_("Your blood pressure is low. Your therapist needs to watch it."),
    "diastolic_below_60": N_("Your blood pressure is low. Your therapist needs to watch it."),
    "severe_osteoporosis": N_("Your bones are weak. A fall could break a bone."),
    "pregnancy": N_("You are pregnant. Your balance can change from week to week."),
    "freezing_of_gait": N_("Your feet can get stuck when you walk. This is more likely going back."),
    "stroke_under_6_months": N_("Your stroke was less than six months ago."),
    "stroke_date_unknown": N_("We do not know the date of your stroke yet."),
    "mmse_20_to_23": N_("You need to learn the steps with your therapist first."),
    "vision_impairment": N_("Your eyesight makes it harder to keep your balance."),
    "peripheral_neuropathy": N_("You have less feeling in your feet."),
    "chronic_stroke": N_("You have had a stroke. It can make it harder to keep your balance."),
    "parkinsons": N_("Parkinson's makes walking back harder than walking forward."),
    "berg_40_or_below": N_("Your balance tests show a high risk of a fall."),
    "two_or_more_falls": N_("You have had two or more falls this past year."),
    "gait_speed_below_0_4": N_("Your walking test shows a high risk of a fall."),
    "berg_41_to_49": N_("Your balance tests show some risk of a fall."),
    "tug_13_5_or_more": N_("Your balance tests show some risk of a fall."),
    "backward_walk_4_5_or_more": N_("Your balance tests show a high risk of a fall."),
    "backward_walk_4_2_or_more_parkinsons": N_("Your balance tests show a high risk of a fall."),
    "fga_22_or_below": N_("Your balance tests show some risk of a fall."),
    "abc_below_67": N_("You told us you worry about a fall."),
    "one_fall": N_("You had a fall this past year."),
    "gait_speed_below_0_8": N_("Your walking test shows some risk of a fall."),
    "age_75_or_over": N_("Falls are more likely after age 75."),
    "balance_deficit": N_("Your balance is not steady. A fall is more likely."),
    "checklist_not_assessed": N_("Some health checks are not done yet."),
    "resting_bp_not_assessed": N_("Your blood pressure has not been checked yet."),
    "falls_history_not_assessed": N_("We do not yet know about falls you may have had."),
    "no_balance_or_gait_test": N_("Your balance has not been tested yet."),
    # Also printed on sheets that say not to walk backward at home: a reason, not an instruction.
    "too_slow_for_treadmill": N_("A treadmill is too fast for you for now."),
    # From the follow-up visit: what happened since the last one.
    "fall": N_("You had a fall since your last visit."),
    "near_fall": N_("You nearly fell since your last visit."),
    "pain_6_or_more": N_("Your pain went up to 6 or more out of 10."),
    "pain_4_to_5": N_("Your pain went up to 4 or 5 out of 10."),
    "pain_next_morning": N_("Your pain was worse the morning after a walk."),
    "fall_with_injury": N_(
        "You fell and were hurt. A doctor needs to check you before you walk backward again."
    ),
})

# Fall-risk findings of one kind: a patient told their tests show a high risk of a fall learns
# nothing from being told, a line later, that other tests show some risk.
HIGH_FALL_RISK = frozenset({"berg_40_or_below", "gait_speed_below_0_4", "backward_walk_4_5_or_more",
                            "backward_walk_4_2_or_more_parkinsons"})
SOME_FALL_RISK = frozenset({"berg_41_to_49", "tug_13_5_or_more", "fga_22_or_below", "gait_speed_below_0_8"})

# Engine notes that explain the therapist's dose choices rather than why the patient must take
# care; they stay on the therapist's screen.
SILENT_REASONS = frozenset({
    "clinic_sessions", "slow_start_condition", "speed_capacity_cap", "handrails_kept",
    "handrails_first", "level_kept", "protocols_merged", "energy_cost", "starting_speed",
    "self_paced_treadmill", "overground_no_treadmill", "surgery_date_unknown",
    "therapist_adjusted",
    # Why a follow-up held the dose: the therapist talks these through at the visit.
    "low_adherence", "rpe_above_13", "more_rail_use", "over_reported",
})
SILENT_PREFIXES = ("protocol_",)

# Information-only reasons the patient has to act on, shown where the action happens.
EFFORT_NOTES = MappingProxyType({
    "beta_blockers": N_("Your heart pills slow your pulse. Go by how you feel, not by your pulse."),
})
SETUP_NOTES = MappingProxyType({
    "check_treadmill_manual": N_(
        "Check your treadmill's booklet. Do not use it if it says not to walk backward on it."
    ),
})

# Used when the engine gains a reason code this table has not caught up with yet: still plain,
# still true, and never the clinical message.
FALLBACK_REASON = MappingProxyType({
    "blocks": N_("Your therapist found a health reason to wait."),
    "restricts": N_("Your therapist found a health reason to take extra care."),
})

TITLES = MappingProxyType({
    "home_program": N_("Your backward walking plan"),
    "clinic_only": N_("Backward walking: at the clinic only"),
    "not_recommended": N_("Backward walking: not for you right now"),
})
VERSION_TITLE = N_("{title} (version {version})")

REFUSAL_HEADLINE = N_("Do not do this exercise at home.")
REFUSAL_LEAD = MappingProxyType({
    "clinic_only": (
        N_("Your therapist wants you to walk backward only at the clinic, with them."),
        N_("This is to keep you safe."),
    ),
    "not_recommended": (
        N_("Walking backward is not safe for you right now."),
        N_("Do not try it at home, or on your own anywhere else."),
    ),
})
REFUSAL_NEXT = (
    N_("Keep doing the other exercises your therapist gave you."),
    N_("Your therapist will check again at your next visit."),
    N_("Call us if you have any questions."),
)

# A possible blood clot or an unstable heart is not a reason to wait for the next visit: the
# sheet sends the patient to a doctor today and lists the signs that need an ambulance.
# A clot, or any of the ACSM's unstable heart conditions: the sheet sends the patient to a doctor
# today instead of to the other exercises (docs/evidence.md §3).
URGENT_REASONS = frozenset({
    "acute_dvt_or_pe", "unstable_cardiac", "recent_cardiac_event", "unstable_angina",
    "uncontrolled_arrhythmia", "severe_aortic_stenosis", "uncontrolled_heart_failure",
    "acute_myocarditis_or_pericarditis", "dissecting_aneurysm",
})
URGENT_HEADLINE = N_("See a doctor today.")
URGENT_LEAD = (
    N_("Call your doctor today, or go to an urgent care clinic today."),
    N_("Do not exercise until a doctor says it is safe."),
)
URGENT_EMERGENCY_LEAD = N_("Call for an ambulance right away if you have any of these:")
URGENT_EMERGENCY_SIGNS = (
    N_("Pain, pressure or tightness in your chest."),
    N_("You are suddenly short of breath."),
    N_("You cough up blood."),
    N_("You faint, or feel you are about to faint."),
    N_("Your heart beats very fast or out of rhythm, and you feel unwell."),
)
URGENT_LEG_SIGN = N_("Call your doctor today if one leg gets more swollen, sore, warm or red.")
URGENT_NEXT = (
    N_("Call us after you have seen the doctor."),
    N_("Your therapist will check again before you start any exercise."),
)

EQUIPMENT_WORDS = MappingProxyType({
    "motorized_treadmill": N_("Your treadmill has a motor."),
    "manual_treadmill": N_("Your treadmill has no motor. Your legs move the belt."),
    "curved_treadmill": N_("Your treadmill is curved. Your legs move the belt."),
    "backward_treadmill": N_("Your treadmill is made for walking backward. Your legs move the belt."),
    "none": N_("You will walk on a flat floor at home, not on a treadmill."),
})

WARM_UP = N_("Warm up first: walk forward, slowly, for {minutes}.")
COOL_DOWN = N_("Cool down last: walk forward, slowly, for {minutes}.")
EFFORT_LINE = N_("How hard: you can talk, but not sing. Effort {low} to {high} out of 20.")
FLAT_NOTE = N_("Keep the belt flat the whole time: no slope.")
SELF_PACED_NOTE = N_("There is no speed to set. Walk at a pace that feels right for the effort.")
NEXT_VISIT = N_("Your next visit: {date}. Bring this sheet and your log.")

# The talk test and the 6-20 effort scale (reference section 4: "can talk, cannot sing";
# RPE 11-13), printed once so "effort 11 to 13" means something.
TALK_TEST = (
    N_("Say a whole sentence out loud as you walk."),
    N_("You should be able to talk, but not sing."),
    N_("If you cannot say a whole sentence, you are working too hard. Slow down, or stop and rest."),
)
EFFORT_SCALE = (
    ("6", N_("No effort at all")),
    ("7 to 8", N_("Very, very easy")),
    ("9 to 10", N_("Very easy")),
    ("11 to 12", N_("Easy")),
    ("13 to 14", N_("A bit hard")),
    ("15 to 16", N_("Hard")),
    ("17 to 18", N_("Very hard")),
    ("19 to 20", N_("As hard as you can go")),
)
EFFORT_TARGET = N_("Aim here")

TREADMILL_SETUP_CLIP = N_("Clip the safety key to your clothes before you start.")
TREADMILL_SETUP = (
    N_("Stand with one foot on each side of the belt to start."),
    N_("Never step on or off a belt while it moves."),
    N_("Keep {side} clear on each side and {behind} clear behind you."),
)
MOTOR_SETUP_LAST = N_("Start at the lowest speed. Go up in small steps, as the plan says.")
MOTOR_SETUP_SLOPE = N_("Never change the speed and the slope at the same time.")
SELF_PACED_SETUP_LAST = N_("Set the belt to its easiest setting to start.")
OVERGROUND_SETUP = (
    N_("Pick a clear hall or a long kitchen counter."),
    N_("Move rugs, cords, toys and pets out of the way."),
    N_("Keep {behind} clear behind you."),
    N_("Wear flat shoes that fit well."),
)
CLEAR_SPACE = MappingProxyType({
    "imperial": {"side": N_("2 feet"), "behind": N_("6 feet")},
    "metric": {"side": N_("0.6 metres"), "behind": N_("2 metres")},
})

HOW_TO_WALK = (
    N_("Reach back with your toes first. Then put your heel down."),
    N_("Stand tall. Keep your back straight."),
    N_("Look straight ahead, not down at your feet."),
    N_("Take small, slow steps."),
)

# The pain traffic light of reference section 5, worded so the colour is never needed. The
# amber rule says what to do now (finish the walk) and what to check, and when, to decide.
TRAFFIC_LIGHT = (
    ("green", N_("Green"), N_("Pain 0 to 3 out of 10"), (N_("Keep going."),),
     "pictograms/light-green.svg"),
    ("amber", N_("Amber"), N_("Pain 4 or 5 out of 10"), (
        N_("You may finish this walk."),
        N_("Check your pain when you get up the next morning."),
        N_("If it is 3 or less, keep to the plan."),
        N_("If it is still 4 or more, walk for fewer minutes next time."),
    ), "pictograms/light-amber.svg"),
    ("red", N_("Red"), N_("Pain 6 or more out of 10"), (
        N_("Stop now."), N_("Call us before your next walk."),
    ), "pictograms/light-red.svg"),
)
TRAFFIC_LIGHT_LEAD = N_("Check your pain as you walk, and the next morning.")

STOP_AT_ONCE = (
    N_("Pain in your chest."),
    N_("You are short of breath, more than is normal for you."),
    N_("You feel dizzy or faint."),
    N_("You feel sick to your stomach."),
    N_("You fall, or nearly fall."),
)
NEAR_FALL_NOTE = N_("If you grab the rail to stay on your feet, that counts as a near fall.")
OVERGROUND_NEAR_FALL_NOTE = N_(
    "If you grab the wall or counter to stay on your feet, that counts as a near fall."
)
EMERGENCY_NOTE = N_("If it is bad or does not stop, call for an ambulance.")

CALL_THE_CLINIC = (
    N_("You had to stop for a red light or for one of the signs above."),
    N_("You have a new health problem or start a new medicine."),
    N_("You are not sure what to do."),
)

LOG_WEEKS = 4
LOG_NOTE = N_(
    "Fill in one line after each walk. This log has one line for each walk in weeks 1 to {last} "
    "({count} walks). Bring it to your next visit."
)
LOG_WEEK = N_("Week {week}")
LOG_YES_NO = N_("Yes / No")
