"""Bibliographic citations of sources as CSL-JSON, RIS and BibTeX (docs/citations.md)."""
