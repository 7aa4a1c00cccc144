"""Standard exports of a patient's record: HL7 FHIR R4 for other clinical systems."""
