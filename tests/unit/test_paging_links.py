"""Paging links: every parameter kept, sorted, encoded as urlencode() does; only offset moves."""

from urllib.parse import parse_qsl, urlencode

import pytest
from starlette.requests import Request

from app.listing import PageParams, page_info


def request_for(query: str) -> Request:
    return Request({
        "type": "http", "method": "GET", "path": "/v1/search", "root_path": "", "scheme": "http",
        "server": ("127.0.0.1", 8000), "headers": [], "query_string": query.encode(),
    })  # fmt: skip


@pytest.mark.parametrize(
    "query",
    [
        "q=liver",
        "q=liver%20injury&type=claim,caveat&limit=5&offset=5",
        "zeta=1&q=%22opioid+withdrawal%22&alpha=a%26b%3Dc&offset=10",
        "q=d%C3%A9pression%20%2B%20anxi%C3%A9t%C3%A9%2F%7E&limit=3",
    ],
)
def test_links_are_the_sorted_urlencoded_query_with_offset_moved(query: str) -> None:
    request = request_for(query)
    page = PageParams(limit=5, offset=5)
    info = page_info(request, page, total=23)
    given = dict(parse_qsl(query, keep_blank_values=True))

    def expected(offset: int) -> str:
        params = given | {"limit": "5", "offset": str(offset)}
        return "/v1/search?" + urlencode(sorted(params.items()))

    links = info.links
    assert (links.self, links.first, links.last) == (expected(5), expected(0), expected(20))
    assert (links.prev, links.next) == (expected(0), expected(10))
    assert request.state.link_header == links.header()


def test_no_next_on_the_last_page_and_no_prev_on_the_first() -> None:
    info = page_info(request_for("q=kratom"), PageParams(limit=20, offset=0), total=7)
    assert info.links.prev is None
    assert info.links.next is None
    assert info.links.last == info.links.first == "/v1/search?limit=20&offset=0&q=kratom"
