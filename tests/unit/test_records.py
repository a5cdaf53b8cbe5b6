from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from app.ingest.records import CompoundRecord, DatasetRecord, SourceRecord

SOURCE: dict[str, Any] = {
    "id": "olsen-2019-mmwr",
    "kind": "journal_article",
    "title": "Notes from the Field",
    "authors": ["Olsen EO"],
    "year": 2019,
    "url": "https://www.cdc.gov/mmwr/volumes/68/wr/mm6814a2.htm",
    "study_design": "surveillance",
}


def test_a_source_needs_a_way_to_find_it() -> None:
    SourceRecord.model_validate(SOURCE)
    with pytest.raises(ValidationError, match="at least one of pmid, doi or url"):
        SourceRecord.model_validate({**SOURCE, "url": None})


def test_an_identifier_needs_a_verification_date() -> None:
    with pytest.raises(ValidationError, match="needs verified_on"):
        SourceRecord.model_validate({**SOURCE, "pmid": "30973850"})
    SourceRecord.model_validate({**SOURCE, "pmid": "30973850", "verified_on": date(2026, 11, 24)})


def test_verification_cannot_be_in_the_future() -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future"):
        SourceRecord.model_validate({**SOURCE, "doi": "10.1/x", "verified_on": tomorrow})


@pytest.mark.parametrize(
    ("cas", "valid"), [("4098-40-2", True), ("4098-40-3", False), ("174418-82-7", True)]
)
def test_cas_check_digit(cas: str, valid: bool) -> None:
    record = {
        "id": "x",
        "name": "X",
        "compound_class": "metabolite",
        "description": "d",
        "sources": ["s"],
    }
    if valid:
        assert CompoundRecord.model_validate({**record, "cas_rn": cas}).cas_rn == cas
    else:
        with pytest.raises(ValidationError, match="check digit"):
            CompoundRecord.model_validate({**record, "cas_rn": cas})


def test_inchikey_shape() -> None:
    record = {
        "id": "x",
        "name": "X",
        "compound_class": "metabolite",
        "description": "d",
        "sources": ["s"],
    }
    with pytest.raises(ValidationError, match="inchikey"):
        CompoundRecord.model_validate({**record, "inchikey": "not-an-inchikey"})


def test_dataset_version_is_calver_and_logged() -> None:
    release = {"version": "2026.11.24", "released_on": date(2026, 11, 24), "license": "CC BY 4.0"}
    entry = {"version": "2026.11.24", "date": date(2026, 11, 24), "changes": ["first"]}
    DatasetRecord.model_validate({**release, "changelog": [entry]})
    with pytest.raises(ValidationError, match="first changelog entry"):
        DatasetRecord.model_validate({**release, "changelog": [{**entry, "version": "2026.11.01"}]})
    with pytest.raises(ValidationError, match="version"):
        DatasetRecord.model_validate({**release, "version": "v1", "changelog": [entry]})
