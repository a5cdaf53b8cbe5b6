"""The pages as HTML: what they show, that they agree with the API, and what they may load."""

import json
import re
from html import unescape
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app import vocab

PAGES = [
    "/",
    "/?condition=anxiety",
    "/claims/kratom-relieves-depression-symptoms",
    "/sources/olsen-2019-mmwr",
    "/compounds/mitragynine",
    "/jurisdictions/thailand",
    "/review",
]


def html(response: httpx.Response, status: int = 200) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


def chip_ids(page: str) -> set[str]:
    return set(re.findall(r'class="chip certainty-[a-z_]+" href="/claims/([^"]+)"', page))


def api_ids(client: TestClient, **filters: str) -> set[str]:
    ids: set[str] = set()
    for offset in range(0, 1000, 100):
        body = client.get("/v1/claims", params={**filters, "limit": 100, "offset": offset}).json()
        ids |= {c["id"] for c in body["data"]}
        if offset + 100 >= body["meta"]["total"]:
            return ids
    raise AssertionError("more than 1,000 claims")


def json_ld(page: str) -> Any:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


def test_the_map_shows_every_claim_as_a_chip_that_opens_its_page(client: TestClient) -> None:
    page = html(client.get("/"))
    assert chip_ids(page) == api_ids(client)
    for verdict in vocab.Verdict:
        assert vocab.DEFINITIONS[vocab.Verdict][verdict] in page
    for certainty in vocab.Certainty:
        assert vocab.DEFINITIONS[vocab.Certainty][certainty] in page
    for row in ("Liver", "Pregnancy", "Legal status", "Contamination and adulteration", "Other"):
        assert f'<span class="topic">{row}</span>' in page


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("condition=anxiety", {"condition": "anxiety"}),
        ("min_certainty=moderate", {"min_certainty": "moderate"}),
        (
            "condition=depression&min_certainty=low",
            {"condition": "depression", "min_certainty": "low"},
        ),
    ],
)
def test_map_filters_are_links_that_narrow_it_like_the_api(
    client: TestClient, query: str, filters: dict[str, str]
) -> None:
    everything = html(client.get("/"))
    page = html(client.get(f"/?{query}"))
    assert chip_ids(page) == api_ids(client, **filters)
    assert 0 < len(chip_ids(page)) < len(chip_ids(everything))


def test_filters_are_plain_links_that_keep_the_other_filter(client: TestClient) -> None:
    everything = html(client.get("/"))
    assert 'href="/?condition=anxiety"' in everything
    assert 'href="/?min_certainty=moderate"' in everything
    depression = html(client.get("/?condition=depression"))
    assert 'href="/?condition=depression&amp;min_certainty=low"' in depression
    assert '<a href="/" aria-current="page">All</a>' not in depression
    assert '<a href="/?condition=depression" aria-current="page">Any</a>' in depression


def test_a_filter_that_matches_nothing_says_so(client: TestClient) -> None:
    page = html(client.get("/?condition=self_harm&min_certainty=high"))
    assert "No claim matches these filters." in page


def test_claim_page_shows_the_grade_sources_caveats_and_disclaimers_first(
    client: TestClient,
) -> None:
    claim_id = "kratom-relieves-depression-symptoms"
    api = client.get(f"/v1/claims/{claim_id}").json()
    response = client.get(f"/claims/{claim_id}")
    page = unescape(html(response))
    claim = api["data"]
    assert claim["statement"] in page
    assert vocab.DEFINITIONS[vocab.Verdict][claim["verdict"]] in page
    assert vocab.DEFINITIONS[vocab.Certainty][claim["certainty"]] in page
    assert claim["evidence_summary"] in page
    for cited in claim["sources"]:
        if cited["source"]["url"]:  # a few sources have no canonical link, only provenance
            assert f'href="{cited["source"]["url"]}"' in page
        assert f'href="/sources/{cited["source"]["id"]}"' in page
    for caveat in claim["caveats"]:
        assert caveat["statement"] in page
    # The same disclaimers as the API, each shown above the claim's heading.
    ids = {d["id"] for d in api["disclaimers"]}
    assert set(response.headers["kratom-disclaimers"].split(", ")) == ids
    heading = page.index("<h1>")
    for d in api["disclaimers"]:
        assert 0 < page.index(d["text"]) < heading


def test_claim_page_embeds_the_same_claimreview_as_the_api(client: TestClient) -> None:
    claim_id = "kratom-can-injure-the-liver"
    page = html(client.get(f"/claims/{claim_id}"))
    assert json_ld(page) == client.get(f"/v1/claims/{claim_id}/claimreview").json()


def test_claim_pages_link_to_compounds_and_jurisdictions(client: TestClient) -> None:
    legal = html(client.get("/claims/thailand-decriminalised-kratom"))
    assert 'href="/jurisdictions/thailand"' in legal
    place = html(client.get("/jurisdictions/thailand"))
    assert "Thailand" in place
    mechanism = html(client.get("/claims/mitragynine-7oh-act-at-opioid-receptors"))
    assert 'href="/compounds/mitragynine"' in mechanism
    compound = unescape(html(client.get("/compounds/mitragynine")))
    assert client.get("/v1/compounds/mitragynine").json()["data"]["description"] in compound


def test_source_page_lists_the_claims_citing_it_with_their_stance(client: TestClient) -> None:
    source = client.get("/v1/sources/olsen-2019-mmwr").json()["data"]
    page = unescape(html(client.get("/sources/olsen-2019-mmwr")))
    assert source["title"] in page
    assert f'href="{source["url"]}"' in page
    citing = api_ids(client) & chip_ids(page)
    assert citing
    for claim_id in citing:
        cited = client.get(f"/v1/claims/{claim_id}").json()["data"]["sources"]
        assert "olsen-2019-mmwr" in {c["source"]["id"] for c in cited}


@pytest.mark.parametrize("path", ["/claims/no-such-claim", "/sources/nope", "/compounds/nope"])
def test_unknown_records_are_a_404_page(client: TestClient, path: str) -> None:
    page = html(client.get(path), 404)
    assert 'href="/"' in page


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_elsewhere_and_nothing_inline(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    page = html(response)
    csp = dict(
        p.strip().split(" ", 1) for p in response.headers["content-security-policy"].split(";")
    )
    assert csp["default-src"] == "'none'"
    assert csp["style-src"] == "'self'"
    assert "script-src" not in csp
    assert "unsafe" not in response.headers["content-security-policy"]
    assert re.findall(r'<link [^>]*href="([^"]+)"', page) == ["/site.css"]
    assert not re.search(r"<(img|iframe|object|embed)\b", page)
    assert " style=" not in page
    assert "<style" not in page
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert all(attrs == ' type="application/ld+json"' for attrs in scripts), scripts


def test_the_stylesheet_is_served_by_the_app(client: TestClient) -> None:
    response = client.get("/site.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert ".chip" in response.text
    assert not re.search(r"url\(|@import", response.text)


def test_pages_are_not_in_the_openapi_document(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert all(p.startswith(("/v1/", "/fhir/")) or p in {"/healthz", "/readyz"} for p in paths), (
        paths
    )
