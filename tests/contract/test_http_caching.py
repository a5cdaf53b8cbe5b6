"""ETag, conditional requests, Cache-Control and Link headers."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.http import caching
from app.http.caching import canonical_key, etag_matches


def test_etag_and_cache_control_on_every_resource_response(client: TestClient) -> None:
    response = client.get("/v1/claims")
    assert response.headers["etag"].startswith('"')
    assert response.headers["cache-control"] == "public, max-age=300"
    assert client.get("/v1/claims").headers["etag"] == response.headers["etag"]


def test_equivalent_requests_share_an_etag_and_different_ones_do_not(client: TestClient) -> None:
    a = client.get("/v1/claims?limit=5&condition=depression").headers["etag"]
    b = client.get("/v1/claims?condition=depression&limit=5").headers["etag"]
    c = client.get("/v1/claims?condition=depression&limit=6").headers["etag"]
    assert a == b
    assert a != c


def test_if_none_match_gives_304_without_a_body(client: TestClient) -> None:
    etag = client.get("/v1/claims/kratom-relieves-depression-symptoms").headers["etag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get(
            "/v1/claims/kratom-relieves-depression-symptoms", headers={"If-None-Match": header}
        )
        assert again.status_code == 304, header
        assert again.content == b""
        assert again.headers["etag"] == etag
    stale = client.get(
        "/v1/claims/kratom-relieves-depression-symptoms", headers={"If-None-Match": '"stale"'}
    )
    assert stale.status_code == 200


def test_errors_and_probes_are_not_cached(client: TestClient) -> None:
    assert "etag" not in client.get("/v1/claims/nope").headers
    assert "etag" not in client.get("/healthz").headers


def test_link_header_matches_meta_links(client: TestClient) -> None:
    response = client.get("/v1/claims", params={"limit": 5, "offset": 5})
    links = response.json()["meta"]["links"]
    header = response.headers["link"]
    for rel in ("next", "prev", "first", "last"):
        assert f'<{links[rel]}>; rel="{rel}"' in header
    last = client.get(links["last"]).json()
    assert last["meta"]["links"]["next"] is None
    assert 1 <= len(last["data"]) <= 5


def test_canonical_key_and_etag_matching() -> None:
    assert canonical_key("/v1/claims", b"b=2&a=1") == canonical_key("/v1/claims", b"a=1&b=2")
    assert canonical_key("/v1/claims", b"") == "/v1/claims"
    assert etag_matches('W/"x", "y"', '"x"')
    assert not etag_matches('"x"', '"y"')


@pytest.mark.parametrize(
    "header", ["garbage", '"unterminated', "W/", ",,,", "\u00e9t\u00e9".encode().decode("latin-1")]
)
def test_malformed_if_none_match_is_ignored(client: TestClient, header: str) -> None:
    response = client.get("/v1/claims", headers={"If-None-Match": header.encode("latin-1")})
    assert response.status_code == 200
    assert response.json()["data"]


def test_a_code_change_changes_the_etag_even_on_the_same_dataset(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cached answer from the old code must not be revalidated by the new one: the matcher or a
    # schema may render the same release differently.
    path = "/v1/claims/match?text=kratom%20relieves%20depression"
    old = client.get(path).headers["etag"]
    monkeypatch.setattr(caching, "CODE_FINGERPRINT", "another-build")
    response = client.get(path, headers={"If-None-Match": old})
    assert response.status_code == 200
    assert response.headers["etag"] != old


def test_code_fingerprint_follows_the_source(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    before = caching.code_fingerprint(tmp_path)
    assert caching.code_fingerprint(tmp_path) == before
    (tmp_path / "a.py").write_text("x = 2\n")
    assert caching.code_fingerprint(tmp_path) != before


def test_the_code_fingerprint_covers_the_whole_service_not_only_its_http_package() -> None:
    import app

    assert caching.code_fingerprint(Path(app.__file__).parent) == caching.CODE_FINGERPRINT
