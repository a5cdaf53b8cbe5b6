"""The review page: a form that posts an article to /review and shows the API's review of it."""

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from app.http.methods import COMPUTE_PATHS
from app.reviews.schemas import TEXT_MAX_CHARS

ARTICLE = (
    "Kratom is a tropical tree in the coffee family. Many people say kratom cures depression. "
    "Kratom is safe because it is natural. Nobody knows who wrote this paragraph."
)


def marked_claims(page: str) -> list[list[str]]:
    """For each sentence of the review, the claim ids its chips link to."""
    items = re.findall(
        r'<li id="sentence-\d+"[^>]*>(.*?)</li>\s*(?=<li id="sentence-|</ol>)', page, re.S
    )
    return [re.findall(r'class="chip [^"]+" href="/claims/([^"]+)"', item) for item in items]


def test_review_is_a_compute_path() -> None:
    assert "/review" in COMPUTE_PATHS


def test_the_form_posts_to_the_review_page(client: TestClient) -> None:
    page = client.get("/review")
    assert page.status_code == 200
    assert '<form class="review" method="post" action="/review">' in page.text
    assert '<label for="review-text">' in page.text


def test_posted_article_comes_back_marked_as_the_api_reviews_it(client: TestClient) -> None:
    response = client.post("/review", data={"text": ARTICLE})
    assert response.status_code == 200, response.text[:500]
    assert response.headers["cache-control"] == "no-store"
    page = unescape(response.text)
    api = client.post("/v1/reviews", json={"text": ARTICLE}).json()
    sentences = api["data"]["sentences"]
    assert marked_claims(page) == [[m["claim"]["id"] for m in s["matches"]] for s in sentences]
    assert any(s["matches"] for s in sentences)
    for sentence in sentences:
        assert sentence["text"] in page
    summary = api["data"]["summary"]
    assert f"{summary['sentences']} sentences; {summary['sentences_with_claims']} make" in page
    for flagged in summary["flagged"]:
        assert f'href="/claims/{flagged["claim_id"]}"' in page
    # The summary comes before the sentences, and the disclaimers before both.
    assert page.index("Summary") < page.index("sentence by sentence")
    assert set(response.headers["kratom-disclaimers"].split(", ")) == {
        d["id"] for d in api["disclaimers"]
    }
    for d in api["disclaimers"]:
        assert page.index(d["text"]) < page.index("Summary")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Paste the article"),
        ({"other": "x"}, "Paste the article"),
        ({"text": "a" * (TEXT_MAX_CHARS + 1)}, "too long"),
    ],
)
def test_a_bad_form_is_answered_on_the_page(
    client: TestClient, data: dict[str, str], message: str
) -> None:
    response = client.post("/review", data=data)
    assert response.status_code == 422
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert message in response.text
    assert 'role="alert"' in response.text


def test_json_sent_to_the_page_is_pointed_to_the_form(client: TestClient) -> None:
    response = client.post("/review", json={"text": ARTICLE})
    assert response.status_code == 422
    assert "Send the article with the form" in response.text


def test_the_page_takes_get_and_post_and_nothing_else(client: TestClient) -> None:
    assert client.head("/review").status_code == 200
    options = client.options("/review")
    assert options.status_code == 204
    assert options.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    for method in ("PUT", "DELETE", "PATCH"):
        response = client.request(method, "/review", data={"text": ARTICLE})
        assert response.status_code == 405, method
        assert response.headers["allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize("path", ["/", "/claims/kratom-relieves-depression-symptoms"])
def test_other_pages_stay_read_only(client: TestClient, path: str) -> None:
    response = client.post(path, data={"text": ARTICLE})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
