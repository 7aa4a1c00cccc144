"""Validate exported resources with fhir.resources, a maintained FHIR model library.

It ships R4B (4.3) models, the R4-compatible release: the resources exported here
(Bundle, Patient, Practitioner, ServiceRequest, Provenance, Observation) have the same
structure in R4 (4.0.1) and R4B.
"""

from __future__ import annotations

import importlib
from typing import Any


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Raise pydantic's ValidationError if the Bundle or any resource in it is not valid R4."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        module = importlib.import_module(f"fhir.resources.R4B.{kind.lower()}")
        getattr(module, kind).model_validate(resource)
