"""Prescription versions: the engine's draft, the therapist's adjustments, issue and handout."""
