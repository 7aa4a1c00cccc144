"""Follow-up visits: what the patient did, the engine's progression, the therapist's decision."""
