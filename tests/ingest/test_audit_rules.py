"""The loader's rules for the kinds of error the first release's audit found by hand."""

from datetime import date
from pathlib import Path

from app.ingest.rules import MIRROR_HOSTS
from app.ingest.validate import read_dataset
from tests.ingest.test_validate import edit, problems, record


def test_a_link_to_an_ip_address_or_a_mirror_is_rejected(data_copy: Path) -> None:
    def relink(records: list[dict[str, object]]) -> None:
        record(records, "olsen-2019-mmwr")["url"] = "http://203.0.113.7:8081/30973850"
        record(records, "post-2019-clintox")["url"] = "https://www.docslib.org/doc/123/a-copy"

    edit(data_copy, "sources", relink)
    found = problems(data_copy)
    assert len(found) == 2
    assert found[0].startswith("sources.yaml: olsen-2019-mmwr: url: ")
    assert "IP address" in found[0]
    assert found[1].startswith("sources.yaml: post-2019-clintox: url: ")
    assert "copy (www.docslib.org)" in found[1]
    assert "docslib.org" in MIRROR_HOSTS


def test_a_copy_goes_in_seen_at_and_is_accepted_there(data_copy: Path) -> None:
    def provenance(records: list[dict[str, object]]) -> None:
        record(records, "olsen-2019-mmwr")["seen_at"] = {
            "url": "http://203.0.113.7:8081/30973850",
            "date": date(2026, 11, 24),
        }

    edit(data_copy, "sources", provenance)
    olsen = next(s for s in read_dataset(data_copy).sources if s.id == "olsen-2019-mmwr")
    assert olsen.seen_at is not None
    assert olsen.seen_at.url == "http://203.0.113.7:8081/30973850"


def test_a_source_nobody_cites_is_reported(data_copy: Path) -> None:
    def orphan(records: list[dict[str, object]]) -> None:
        copy = dict(record(records, "olsen-2019-mmwr"))
        copy.update(id="orphan-2020", pmid=None, doi=None, url="https://example.org/orphan")
        records.append(copy)

    edit(data_copy, "sources", orphan)
    assert problems(data_copy) == [
        "sources.yaml: orphan-2020: cited by no record: cite it or drop it"
    ]


def test_a_claim_about_people_must_say_so(data_copy: Path) -> None:
    edit(
        data_copy,
        "claims",
        lambda rs: record(rs, "kratom-relieves-depression-symptoms").update(about_people=False),
    )
    assert problems(data_copy) == [
        "claims.yaml: kratom-relieves-depression-symptoms: about_people: the statement speaks "
        "of people or the body: set about_people: true"
    ]


def test_as_of_cannot_predate_a_cited_source(data_copy: Path) -> None:
    edit(
        data_copy,
        "jurisdictions",
        lambda rs: record(rs, "us-federal").update(as_of=date(1990, 1, 1)),
    )
    found = problems(data_copy)
    assert found  # one problem per source newer than 1990, each naming it
    assert all(
        m.startswith("jurisdictions.yaml: us-federal: as_of: 1990-01-01 is older than its source ")
        for m in found
    )
