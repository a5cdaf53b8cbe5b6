"""Citations in CSL-JSON, RIS and BibTeX, read back with the libraries reference tools rely on."""

import json
import re
from typing import Any

import bibtexparser.middlewares as mw
import pytest
import rispy
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from fastapi.testclient import TestClient

from app.ingest.validate import Dataset
from tests.helpers import ALWAYS_ON, envelope, problem

# One of each kind, plus the awkward cases: PMID, non-ASCII names and titles, a name suffix, an
# issuer with a comma, an "&" in a name, a byline in PubMed style on a web page, no canonical url.
SAMPLES = [
    "varadi-2016-jmedchem",
    "meireles-2019-medicines",
    "griffin-2016-jpsychoactivedrugs",
    "dea-2016-fr-notice",
    "uk-2016-psychoactive-substances-act",
    "malaysia-2017-poisons-order",
    "thailand-2021-narcotics-act-no8",
    "naturalproductsinsider-2021-who-kratom-critical-review",
]
MEDIA = {
    "csl-json": "application/vnd.citationstyles.csl+json",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "bibtex": "application/x-bibtex; charset=utf-8",
}


def record(client: TestClient, source_id: str) -> dict[str, Any]:
    data: dict[str, Any] = envelope(client.get(f"/v1/sources/{source_id}"))["data"]
    return data


def cite(client: TestClient, source_id: str, fmt: str) -> str:
    response = client.get(f"/v1/sources/{source_id}/citation", params={"format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA[fmt]
    text: str = response.text
    return text


def initials(given: str) -> str:
    """ "O. H." -> "OH": back to the PubMed form the API serves."""
    return "".join(re.findall(r"\w", given))


def pubmed_style(family: str, given: str, suffix: str | None) -> str:
    return " ".join(p for p in (family, initials(given), suffix) if p)


def from_csl(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return pubmed_style(name["family"], name["given"], name.get("suffix"))


def from_ris(author: str) -> str:
    person = re.fullmatch(r"([^,]+), ((?:\w\. ?)+)(?:, (\S+))?", author)
    return pubmed_style(*person.groups()) if person else author


def from_bibtex(name: mw.NameParts) -> str:
    if len(name.last) == 1 and name.last[0].startswith("{") and not name.first:
        return name.last[0][1:-1]
    return pubmed_style(" ".join(name.last), " ".join(name.first), " ".join(name.jr) or None)


def parse_bibtex(text: str) -> Library:
    library = parse_string(
        text,
        append_middleware=[
            mw.LatexDecodingMiddleware(keep_braced_groups=True),
            mw.SeparateCoAuthors(),
            mw.SplitNameParts(),
        ],
    )
    assert library.failed_blocks == []
    return library


@pytest.mark.parametrize("source_id", SAMPLES)
def test_csl_json_carries_the_record(client: TestClient, source_id: str) -> None:
    source = record(client, source_id)
    [item] = json.loads(cite(client, source_id, "csl-json"))
    assert item["id"] == source_id
    assert item["title"] == source["title"]
    assert [from_csl(n) for n in item["author"]] == source["authors"]
    assert item["issued"]["date-parts"][0][0] == source["year"]
    assert item.get("DOI") == source["doi"]
    assert item.get("PMID") == source["pmid"]
    assert item.get("URL") == source["url"]
    assert item.get("container-title") == source["journal"]
    assert item.get("publisher") == source["publisher"]


@pytest.mark.parametrize("source_id", SAMPLES)
def test_ris_carries_the_record(client: TestClient, source_id: str) -> None:
    source = record(client, source_id)
    [entry] = rispy.loads(cite(client, source_id, "ris"))
    assert entry["id"] == source_id
    assert entry["title"] == source["title"]
    assert [from_ris(a) for a in entry["authors"]] == source["authors"]
    assert entry["year"] == str(source["year"])
    assert entry.get("doi") == source["doi"]
    assert entry.get("accession_number") == source["pmid"]
    assert entry.get("urls", [None]) == [source["url"]]
    assert entry.get("secondary_title") == source["journal"]
    assert entry.get("publisher") == source["publisher"]


@pytest.mark.parametrize("source_id", SAMPLES)
def test_bibtex_carries_the_record_under_the_source_id(client: TestClient, source_id: str) -> None:
    source = record(client, source_id)
    [entry] = parse_bibtex(cite(client, source_id, "bibtex")).entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.key == source_id
    assert fields["title"] == source["title"]
    assert [from_bibtex(n) for n in fields["author"]] == source["authors"]
    assert fields["year"] == str(source["year"])
    assert fields.get("doi") == source["doi"]
    assert fields.get("pmid") == source["pmid"]
    assert fields.get("url") == source["url"]
    assert fields.get("journal") == source["journal"]


def test_each_kind_gets_its_type_in_each_format(client: TestClient) -> None:
    expected = {
        "varadi-2016-jmedchem": ("article-journal", "JOUR", "article"),
        "dea-2016-fr-notice": ("report", "GOVDOC", "techreport"),
        "uk-2016-psychoactive-substances-act": ("legislation", "STAT", "misc"),
        "thailand-2021-narcotics-act-no8": ("webpage", "ELEC", "misc"),
    }
    for source_id, (csl, ris, bibtex) in expected.items():
        assert json.loads(cite(client, source_id, "csl-json"))[0]["type"] == csl
        assert rispy.loads(cite(client, source_id, "ris"))[0]["type_of_reference"] == ris
        assert parse_bibtex(cite(client, source_id, "bibtex")).entries[0].entry_type == bibtex


def test_the_files_read_as_reference_managers_expect(client: TestClient) -> None:
    ris = cite(client, "varadi-2016-jmedchem", "ris")
    assert ris.startswith("TY  - JOUR\n")
    for line in ("AU  - Váradi, A.", "AU  - Szabó, M. R.", "AN  - 27556704", "DB  - PubMed"):
        assert line in ris.splitlines()
    assert ris.rstrip().endswith("ER  -")
    bibtex = cite(client, "griffin-2016-jpsychoactivedrugs", "bibtex")
    assert bibtex.startswith("@article{griffin-2016-jpsychoactivedrugs,")
    assert "Griffin, 3rd, O. H. and Daniels, J. A." in bibtex
    assert r"{Tilleke \& Gibbins (law firm)}" in cite(
        client, "thailand-2021-narcotics-act-no8", "bibtex"
    )
    [item] = json.loads(cite(client, "meireles-2019-medicines", "csl-json"))
    assert {"family": "Luís", "given": "Â."} in item["author"]
    [law] = json.loads(cite(client, "uk-2016-psychoactive-substances-act", "csl-json"))
    assert law["issued"] == {"date-parts": [[2016, 1, 28]]}
    assert law["number"] == "2016 c. 2"


def test_the_copy_that_was_read_is_never_the_link(client: TestClient) -> None:
    source = record(client, "malaysia-2017-poisons-order")
    assert source["url"] is None
    assert source["seen_at"]["url"]
    for fmt in MEDIA:
        text = cite(client, "malaysia-2017-poisons-order", fmt)
        assert source["seen_at"]["url"] not in text
        assert "dokumen.tips" not in text


def test_csl_json_renders_with_citeproc(client: TestClient) -> None:
    items = [json.loads(cite(client, s, "csl-json"))[0] for s in SAMPLES]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    for source_id in SAMPLES:
        bibliography.register(Citation([CitationItem(source_id)]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(SAMPLES)
    assert any(r.startswith("Váradi, A. et al. (2016)") for r in rendered)
    assert any("Psychoactive Substances Act 2016" in r for r in rendered)


def test_disclaimers_travel_in_a_header_not_in_the_file(client: TestClient) -> None:
    for fmt in MEDIA:
        response = client.get("/v1/sources/olsen-2019-mmwr/citation", params={"format": fmt})
        assert set(response.headers["kratom-disclaimers"].split(", ")) >= ALWAYS_ON
        assert "medical advice" not in response.text.lower()
        assert response.headers["content-disposition"].startswith("attachment; filename=")


def test_citations_are_cached_like_every_resource(client: TestClient) -> None:
    url = "/v1/sources/olsen-2019-mmwr/citation"
    first = client.get(url, params={"format": "ris"})
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get(url, params={"format": "ris"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, params={"format": "bibtex"}).headers["etag"] != etag
    assert client.get(url).headers["content-type"] == MEDIA["csl-json"]


def test_errors_are_problems(client: TestClient) -> None:
    body = problem(client.get("/v1/sources/olsen-2019-mmwr/citation?format=endnote"), 422)
    assert body["invalid_params"][0]["name"] == "format"
    missing = problem(client.get("/v1/sources/no-such-source/citation"), 404)
    assert missing == {
        **problem(client.get("/v1/sources/no-such-source"), 404),
        "instance": "/v1/sources/no-such-source/citation",
    }


def test_export_gives_every_source_in_each_citation_format(
    client: TestClient, dataset: Dataset
) -> None:
    ids = [s.id for s in dataset.sources]
    parsed = {}
    for fmt in MEDIA:
        response = client.get("/v1/export", params={"format": fmt})
        assert response.status_code == 200
        assert response.headers["content-type"] == MEDIA[fmt]
        assert "-sources." in response.headers["content-disposition"]
        assert set(response.headers["kratom-disclaimers"].split(", ")) >= ALWAYS_ON
        parsed[fmt] = response.text
    assert [i["id"] for i in json.loads(parsed["csl-json"])] == ids
    assert [e["id"] for e in rispy.loads(parsed["ris"])] == ids
    assert [e.key for e in parse_bibtex(parsed["bibtex"]).entries] == ids


def test_export_with_a_resource_gives_the_sources_it_cites(
    client: TestClient, dataset: Dataset
) -> None:
    cited = {s.source for claim in dataset.claims for s in claim.sources}
    by_claims = client.get("/v1/export", params={"format": "ris", "resource": "claims"})
    assert by_claims.headers["content-disposition"].endswith('-claims-sources.ris"')
    ids = [e["id"] for e in rispy.loads(by_claims.text)]
    assert ids == [s.id for s in dataset.sources if s.id in cited]
    assert len(cited) < len(dataset.sources)
    sources = client.get("/v1/export", params={"format": "csl-json", "resource": "sources"})
    assert len(json.loads(sources.text)) == len(dataset.sources)
    targets = client.get("/v1/export", params={"format": "csl-json", "resource": "targets"})
    assert targets.status_code == 200
    assert json.loads(targets.text) == []
