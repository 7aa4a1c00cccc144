"""The ORM models, one module per aggregate."""

from clinic.models.accounts import Clinic, PaperSize, Role, User
from clinic.models.audit import AuditEvent, FormSubmission, SignInFailure
from clinic.models.followups import FollowUp
from clinic.models.outcomes import OutcomeScore
from clinic.models.patientlog import PatientLink, WalkAlert, WalkLog  # noqa: F401
from clinic.models.patients import Assessment, Patient, PatientCondition
from clinic.models.prescriptions import Handout, PrescriptionVersion
from clinic.models.reviewflags import ReviewFlag
from clinic.models.reviews import ClinicWeek, PatientReview
from clinic.models.summaries import ReportDay, VersionReason, VersionSummary

__all__ = [
    "Assessment",
    "AuditEvent",
    "Clinic",
    "ClinicWeek",
    "FollowUp",
    "FormSubmission",
    "Handout",
    "OutcomeScore",
    "PaperSize",
    "Patient",
    "PatientCondition",
    "PatientReview",
    "PrescriptionVersion",
    "ReportDay",
    "ReviewFlag",
    "Role",
    "SignInFailure",
    "User",
    "VersionReason",
    "VersionSummary",
]
