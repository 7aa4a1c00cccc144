"""Patients, their conditions and their dated assessments."""
