"""Dataset slugs as FHIR ids: at most 64 characters, stable, distinct."""

import re

from app.fhir.common import fhir_id

FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def test_a_slug_that_is_a_valid_id_is_kept() -> None:
    assert fhir_id("kruegel-2016-jacs") == "kruegel-2016-jacs"
    assert fhir_id("a" * 64) == "a" * 64


def test_a_longer_slug_becomes_a_stable_valid_distinct_id() -> None:
    long_a = "kratom-" + "x" * 80 + "-a"
    long_b = "kratom-" + "x" * 80 + "-b"
    ids = {fhir_id(long_a), fhir_id(long_b)}
    assert len(ids) == 2
    assert all(FHIR_ID.match(i) and len(i) == 64 for i in ids)
    assert fhir_id(long_a) == fhir_id(long_a)
    assert fhir_id(long_a).startswith("kratom-xxxx")
    assert fhir_id("a" * 65) != "a" * 64
