"""Plain-language phrases for the patient handout.

Everything here is read by patients, many of them older or unwell: short sentences, common words,
a 6th-grade reading level at most (checked by the tests). The safety wording follows
docs/evidence.md §4 and §5; change it there first.
"""

from __future__ import annotations

from types import MappingProxyType

# Reason codes from clinic.rx (screening and fall-risk rules) in patient words. Clinical
# messages ("MMSE below 20", "Berg 41-49") are for the therapist and never printed.
REASON_WORDS = MappingProxyType({
    "recent_cardiac_event": "Your heart needs to be checked by a doctor first.",
    "unstable_angina": "Your heart needs to be checked by a doctor first.",
    "uncontrolled_arrhythmia": "Your heart needs to be checked by a doctor first.",
    "severe_aortic_stenosis": "Your heart needs to be checked by a doctor first.",
    "uncontrolled_heart_failure": "Your heart needs to be checked by a doctor first.",
    "acute_myocarditis_or_pericarditis": "Your heart needs to be checked by a doctor first.",
    "dissecting_aneurysm": "Your heart needs to be checked by a doctor first.",
    "unstable_cardiac": "Your heart needs to be checked by a doctor first.",
    "acute_dvt_or_pe": "You have a blood clot. It needs to be treated first.",
    "acute_infection": "You have an infection or a fever. Wait until you are well.",
    "unhealed_fracture": "A broken bone has not healed yet.",
    "not_full_weight_bearing": "You may not yet put your full weight on your legs.",
    "surgery_not_cleared": "Your surgeon has not yet said it is safe to start.",
    "active_vertigo": "You have spells where the room spins. They need to be treated first.",
    "systolic_above_200": "Your blood pressure is too high to exercise.",
    "diastolic_above_110": "Your blood pressure is too high to exercise.",
    "mmse_below_20": "This exercise has many steps and safety rules. It is not safe to do it alone.",
    "cannot_follow_two_step_commands": (
        "This exercise has many steps and safety rules. It is not safe to do it alone."
    ),
    "systolic_160_to_200": "Your blood pressure is high. Your therapist needs to watch it.",
    "diastolic_100_to_110": "Your blood pressure is high. Your therapist needs to watch it.",
    "systolic_below_90": "Your blood pressure is low. Your therapist needs to watch it.",
    "diastolic_below_60": "Your blood pressure is low. Your therapist needs to watch it.",
    "severe_osteoporosis": "Your bones are weak. A fall could break a bone.",
    "pregnancy": "You are pregnant. Your balance can change from week to week.",
    "freezing_of_gait": "Your feet can get stuck when you walk. This is more likely going back.",
    "stroke_under_6_months": "Your stroke was less than six months ago.",
    "stroke_date_unknown": "We do not know the date of your stroke yet.",
    "mmse_20_to_23": "You need to learn the steps with your therapist first.",
    "vision_impairment": "Your eyesight makes it harder to keep your balance.",
    "peripheral_neuropathy": "You have less feeling in your feet.",
    "chronic_stroke": "You have had a stroke. It can make it harder to keep your balance.",
    "parkinsons": "Parkinson's makes walking back harder than walking forward.",
    "berg_40_or_below": "Your balance tests show a high risk of a fall.",
    "two_or_more_falls": "You have had two or more falls this past year.",
    "gait_speed_below_0_4": "Your walking test shows a high risk of a fall.",
    "berg_41_to_49": "Your balance tests show some risk of a fall.",
    "tug_13_5_or_more": "Your balance tests show some risk of a fall.",
    "backward_walk_4_5_or_more": "Your balance tests show a high risk of a fall.",
    "backward_walk_4_2_or_more_parkinsons": "Your balance tests show a high risk of a fall.",
    "balance_deficit": "Your balance is not steady. A fall is more likely.",
    "checklist_not_assessed": "Some health checks are not done yet.",
    "resting_bp_not_assessed": "Your blood pressure has not been checked yet.",
    "falls_history_not_assessed": "We do not yet know about falls you may have had.",
    "no_balance_or_gait_test": "Your balance has not been tested yet.",
    "fga_22_or_below": "Your balance tests show some risk of a fall.",
    "abc_below_67": "You told us you worry about a fall.",
    "one_fall": "You had a fall this past year.",
    "gait_speed_below_0_8": "Your walking test shows some risk of a fall.",
    "age_75_or_over": "Falls are more likely after age 75.",
    "too_slow_for_treadmill": "A treadmill is too fast for you for now. Walk on a flat floor.",
})

# Engine notes that explain the therapist's dose choices rather than why the patient must take
# care; they stay on the therapist's screen.
SILENT_REASONS = frozenset({
    "clinic_sessions", "slow_start_condition", "speed_capacity_cap", "handrails_kept",
    "handrails_first", "level_kept", "protocols_merged", "energy_cost", "starting_speed",
    "self_paced_treadmill", "overground_no_treadmill", "surgery_date_unknown",
    "therapist_adjusted",
})
SILENT_PREFIXES = ("protocol_",)

# Information-only reasons the patient has to act on, shown where the action happens.
EFFORT_NOTES = MappingProxyType({
    "beta_blockers": "Your heart pills slow your pulse. Go by how you feel, not by your pulse.",
})
SETUP_NOTES = MappingProxyType({
    "check_treadmill_manual": (
        "Check your treadmill's booklet. Do not use it if it says not to walk backward on it."
    ),
})

# Used when the engine gains a reason code this table has not caught up with yet: still plain,
# still true, and never the clinical message.
FALLBACK_REASON = {
    "blocks": "Your therapist found a health reason to wait.",
    "restricts": "Your therapist found a health reason to take extra care.",
}

TITLES = MappingProxyType({
    "home_program": "Your backward walking plan",
    "clinic_only": "Backward walking: at the clinic only",
    "not_recommended": "Backward walking: not for you right now",
})

REFUSAL_HEADLINE = "Do not do this exercise at home."
REFUSAL_LEAD = MappingProxyType({
    "clinic_only": (
        "Your therapist wants you to walk backward only at the clinic, with them.",
        "This is to keep you safe.",
    ),
    "not_recommended": (
        "Walking backward is not safe for you right now.",
        "Do not try it at home, or on your own anywhere else.",
    ),
})
REFUSAL_NEXT = (
    "Keep doing the other exercises your therapist gave you.",
    "Your therapist will check again at your next visit.",
    "Call us if you have any questions.",
)

SUPERVISION_WORDS = MappingProxyType({
    "independent": "You may do this on your own.",
    "caregiver_present": (
        "Another adult must be with you every time. They stand right next to you."
    ),
})

TREADMILL_HAND_WORDS = MappingProxyType({
    "two_hands": "Hold the side rails with both hands the whole time.",
    "one_hand": "Hold a side rail with one hand the whole time.",
    "light_touch": "Rest your fingertips on a rail. Do not lean on it.",
    "none": "You do not need to hold on. Keep the rails close in case you need them.",
})
OVERGROUND_HAND_WORDS = MappingProxyType({
    "two_hands": "Keep one hand on a wall or a kitchen counter the whole time.",
    "one_hand": "Keep one hand on a wall or a kitchen counter the whole time.",
    "light_touch": "Rest your fingertips on a wall or a kitchen counter.",
    "none": "Walk next to a wall or a counter, so you can touch it if you need to.",
})

# (static path, caption) per requirement; the caption is also the picture's alt text.
TREADMILL_HAND_PICTURES = MappingProxyType({
    "two_hands": ("pictograms/both-hands.svg", "Both hands on the rails"),
    "one_hand": ("pictograms/one-hand.svg", "One hand on a rail"),
    "light_touch": ("pictograms/light-touch.svg", "Fingertips on a rail"),
    "none": ("pictograms/no-hands.svg", "Hands free"),
})
WALL_PICTURE = ("pictograms/wall-support.svg", "A hand on a wall or counter")
SECOND_ADULT_PICTURE = ("pictograms/second-adult.svg", "Another adult close by")

EQUIPMENT_WORDS = MappingProxyType({
    "motorized_treadmill": "Your treadmill has a motor.",
    "manual_treadmill": "Your treadmill has no motor. Your legs move the belt.",
    "curved_treadmill": "Your treadmill is curved. Your legs move the belt.",
    "backward_treadmill": "Your treadmill is made for walking backward. Your legs move the belt.",
    "none": "You will walk on a flat floor at home, not on a treadmill.",
})

EFFORT_WORDS = "You can talk, but you cannot sing."
SELF_PACED_NOTE = "There is no speed to set. Walk at a pace that feels right for the effort."

TREADMILL_SETUP_CLIP = "Clip the safety key to your clothes before you start."
TREADMILL_SETUP = (
    "Stand with one foot on each side of the belt to start.",
    "Never step on or off a belt while it moves.",
    "Keep {side} clear on each side and {behind} clear behind you.",
)
MOTOR_SETUP_LAST = "Start at the lowest speed. Go up in small steps, as the plan says."
MOTOR_SETUP_SLOPE = "Never change the speed and the slope at the same time."
SELF_PACED_SETUP_LAST = "Set the belt to its easiest setting to start."
OVERGROUND_SETUP = (
    "Pick a clear hall or a long kitchen counter.",
    "Move rugs, cords, toys and pets out of the way.",
    "Keep {behind} clear behind you.",
    "Wear flat shoes that fit well.",
)
CLEAR_SPACE = MappingProxyType({
    "imperial": {"side": "2 feet", "behind": "6 feet"},
    "metric": {"side": "0.6 metres", "behind": "2 metres"},
})

HOW_TO_WALK = (
    "Reach back with your toes first. Then put your heel down.",
    "Stand tall. Keep your back straight.",
    "Look straight ahead, not down at your feet.",
    "Take small, slow steps.",
)

# The pain traffic light of reference section 5, worded so the colour is never needed.
TRAFFIC_LIGHT = (
    ("green", "Green", "Pain 0 to 3 out of 10", "Keep going.", "pictograms/light-green.svg"),
    (
        "amber", "Amber", "Pain 4 or 5 out of 10",
        "You may carry on if the pain is gone by the next morning. "
        "If it is not gone, do less next time.",
        "pictograms/light-amber.svg",
    ),
    ("red", "Red", "Pain 6 or more out of 10", "Stop now.", "pictograms/light-red.svg"),
)

STOP_AT_ONCE = (
    "Pain in your chest.",
    "You are short of breath, more than is normal for you.",
    "You feel dizzy or faint.",
    "You feel sick to your stomach.",
    "You fall, or nearly fall.",
)
NEAR_FALL_NOTE = "If you grab the rail to stay on your feet, that counts as a near fall."
OVERGROUND_NEAR_FALL_NOTE = (
    "If you grab the wall or counter to stay on your feet, that counts as a near fall."
)
EMERGENCY_NOTE = "If it is bad or does not stop, call for an ambulance."

CALL_THE_CLINIC = (
    "You had to stop for a red light or for one of the signs above.",
    "You have a new health problem or start a new medicine.",
    "You are not sure what to do.",
)

LOG_WEEKS = 4
LOG_NOTE = (
    "Fill in one line after each walk. This log has one line for each walk in weeks 1 to {last} "
    "({count} walks). Bring it to your next visit."
)
