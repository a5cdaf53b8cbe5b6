"""Release history: load release A, then a modified B, and ask what changed, on both engines."""

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from alembic import command
from fastapi.testclient import TestClient

from app.ingest.validate import Dataset, read_dataset
from app.main import create_app
from tests.conftest import DATA_DIR, alembic_config, load_release, settings_for
from tests.helpers import envelope, problem
from tests.ingest.test_validate import Records, edit, record

A, B = "2026.01.01", "2026.01.02"
B_CHANGELOG = "Regrade of kratom-relieves-anxiety; kratom-cures-boredom and its source added."
ATOM = "{http://www.w3.org/2005/Atom}"
RESOURCES = {
    "sources", "compounds", "targets", "mechanisms", "caveats", "claims", "jurisdictions",
    "disclaimers", "documents",
}  # fmt: skip


def release_b(data_dir: Path, released_on: object) -> Dataset:
    """The real data with one verdict changed, one claim removed, one claim and its source added."""

    def claims(records: Records) -> None:
        record(records, "kratom-relieves-anxiety")["verdict"] = "not_supported"
        records.remove(record(records, "kratom-in-coffee-family"))
        new = dict(record(records, "kratom-relieves-anxiety"))
        new.update(
            id="kratom-cures-boredom",
            statement="Kratom cures boredom.",
            alternative_phrasings=["The leaf makes boredom go away."],
            sources=[{"source": "boredom-2026-example", "stance": "context"}],
        )
        records.append(new)

    def sources(records: Records) -> None:
        new = dict(record(records, "olsen-2019-mmwr"))
        new.update(id="boredom-2026-example", pmid=None, doi=None, pmcid=None)
        new.update(url="https://example.org/boredom")
        records.append(new)

    edit(data_dir, "claims", claims)
    edit(data_dir, "sources", sources)
    meta = yaml.safe_load((data_dir / "dataset.yaml").read_text())
    meta.update(version=B, released_on=released_on)
    meta["changelog"].insert(0, {"version": B, "date": released_on, "changes": [B_CHANGELOG]})
    (data_dir / "dataset.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    return read_dataset(data_dir)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def two_releases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, dataset: Dataset
) -> Iterator[TestClient]:
    """A database that was loaded with release A (the real data), then with release B."""
    work = tmp_path_factory.mktemp("releases")
    if request.param == "sqlite":
        url = f"sqlite:///{work / 'kratom.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres").new()
    command.upgrade(alembic_config(url), "head")
    load_release(url, dataset, version=A)
    shutil.copytree(DATA_DIR, work / "data")
    load_release(url, release_b(work / "data", dataset.meta.released_on))
    with TestClient(create_app(settings_for(url))) as client:
        yield client


def changes(client: TestClient, **params: str) -> dict[str, Any]:
    data: dict[str, Any] = envelope(client.get("/v1/dataset/changes", params=params))["data"]
    return data


def test_changes_since_a_list_exactly_what_b_changed(two_releases: TestClient) -> None:
    body = changes(two_releases, since=A)
    assert (body["since"], body["until"]) == (A, B)
    assert set(body["resources"]) == RESOURCES
    assert body["resources"]["claims"] == {
        "added": ["kratom-cures-boredom"],
        "removed": ["kratom-in-coffee-family"],
        "changed": [{"id": "kratom-relieves-anxiety", "fields": ["verdict"]}],
    }
    assert body["resources"]["sources"] == {
        "added": ["boredom-2026-example"],
        "removed": [],
        "changed": [],
    }
    untouched = RESOURCES - {"claims", "sources"}
    empty: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
    assert {name: body["resources"][name] for name in untouched} == dict.fromkeys(untouched, empty)


def test_changes_default_to_the_release_before_the_current_one(two_releases: TestClient) -> None:
    assert changes(two_releases) == changes(two_releases, since=A)


def test_changes_read_backwards_swap_added_and_removed(two_releases: TestClient) -> None:
    claims = changes(two_releases, since=B, until=A)["resources"]["claims"]
    assert claims["added"] == ["kratom-in-coffee-family"]
    assert claims["removed"] == ["kratom-cures-boredom"]
    assert claims["changed"] == [{"id": "kratom-relieves-anxiety", "fields": ["verdict"]}]


def test_changes_since_the_current_release_are_empty(two_releases: TestClient) -> None:
    body = changes(two_releases, since=B)
    assert (body["since"], body["until"]) == (B, B)
    assert all(
        lists == {"added": [], "removed": [], "changed": []} for lists in body["resources"].values()
    )


@pytest.mark.parametrize("parameter", ["since", "until"])
def test_an_unknown_release_is_a_404_naming_the_parameter(
    two_releases: TestClient, parameter: str
) -> None:
    body = problem(two_releases.get("/v1/dataset/changes", params={parameter: "2001.01.01"}), 404)
    assert "2001.01.01" in body["detail"]
    assert body["invalid_params"] == [{"name": parameter, "reason": "unknown release"}]


def test_releases_are_listed_newest_first_with_changelog_and_counts(
    two_releases: TestClient, dataset: Dataset
) -> None:
    body = envelope(two_releases.get("/v1/dataset/releases"))
    newest, oldest = body["data"]
    assert body["meta"]["total"] == 2
    assert (newest["version"], newest["current"]) == (B, True)
    assert (oldest["version"], oldest["current"]) == (A, False)
    assert newest["changes"] == [B_CHANGELOG]
    assert oldest["changes"] == []  # B's changelog has no entry for the renamed A
    assert oldest["counts"]["claims"] == len(dataset.claims)
    assert newest["counts"]["claims"] == len(dataset.claims)  # one removed, one added
    assert newest["counts"]["sources"] == len(dataset.sources) + 1
    assert newest["content_hash"] != oldest["content_hash"]


def test_the_feed_is_atom_with_an_entry_per_release(two_releases: TestClient) -> None:
    response = two_releases.get("/v1/dataset/feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml"
    assert "not-medical-advice" in response.headers["kratom-disclaimers"]
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [f"Release {B}", f"Release {A}"]
    assert B_CHANGELOG in (entries[0].findtext(f"{ATOM}content") or "")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2
    link = entries[0].find(f"{ATOM}link")
    assert link is not None
    href = link.attrib["href"]
    assert href == f"http://testserver/v1/dataset/changes?since={A}&until={B}"
    followed = envelope(two_releases.get(href))["data"]["resources"]["claims"]
    assert followed["added"] == ["kratom-cures-boredom"]
