"""A read-only HL7 FHIR R5 view of the dataset at /fhir: Evidence, Citation, ArtifactAssessment.

Resources are plain JSON dicts built from the loaded release document; tests check every one of
them against the R5 models of ``fhir.resources`` (docs/fhir.md describes the mappings).
"""
