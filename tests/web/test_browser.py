"""Every page in headless Chromium at desktop and phone widths, as a person would see it.

Each load is screenshot to var/screenshots/ (look at them), checked by axe-core for serious or
critical accessibility violations, and must not scroll sideways on a phone. Across the run, no
request may leave 127.0.0.1 and Chromium must log no refusal under the pages' strict CSP.
"""

from urllib.parse import urlsplit

import pytest

from tests.web.cdp import Page
from tests.web.conftest import screenshot_path

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
PAGES = {
    "map": "/",
    "map-filtered": "/?condition=depression&min_certainty=low",
    "claim": "/claims/kratom-relieves-depression-symptoms",
    "claim-legal": "/claims/thailand-decriminalised-kratom",
    "source": "/sources/olsen-2019-mmwr",
    "compound": "/compounds/mitragynine",
    "jurisdiction": "/jurisdictions/thailand",
    "review": "/review",
}
ARTICLE = (
    "Kratom is a tropical tree related to coffee. Many people say kratom cures their depression. "
    "Kratom is safe because it is natural. Stopping it can cause withdrawal symptoms."
)
AXE_RUN = """
axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).slice(0, 3)}`))
"""


def check_page(page: Page, axe_source: str, name: str, width: int) -> None:
    page.screenshot(screenshot_path(name, width))
    assert screenshot_path(name, width).stat().st_size > 5000
    page.evaluate(axe_source)
    assert page.evaluate(AXE_RUN) == [], name
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_accessibly_at_both_widths(
    browser: Page, live_server: str, axe_source: str, name: str
) -> None:
    for width in WIDTHS:
        browser.open(live_server + PAGES[name], width)
        title = browser.evaluate("document.title")
        assert "Kratom Evidence" in title
        # The disclaimers come before the page's own heading.
        order = browser.evaluate(
            "document.querySelector('.disclaimers').compareDocumentPosition("
            "document.querySelector('main h1')) & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        assert order, f"{name}: the disclaimers are not above the heading"
        check_page(browser, axe_source, name, width)


def test_review_form_posts_and_marks_sentences(
    browser: Page, live_server: str, axe_source: str
) -> None:
    for width in WIDTHS:
        browser.open(live_server + "/review", width)
        browser.evaluate(f"document.querySelector('#review-text').value = {ARTICLE!r}; 0")
        browser.events.clear()
        browser.evaluate("document.querySelector('form.review').submit(); 0")
        browser.wait_for("Page.loadEventFired")
        assert browser.evaluate("location.pathname") == "/review"
        marked = browser.evaluate("document.querySelectorAll('li.has-claims').length")
        assert marked >= 2, "the sentences about depression and safety are not marked"
        check_page(browser, axe_source, "review-result", width)


def test_map_chips_show_certainty_by_colour_and_word(browser: Page, live_server: str) -> None:
    browser.open(live_server + "/", 1280)
    colours = browser.evaluate(
        "Object.fromEntries(['high', 'moderate', 'low', 'very_low'].map(c => [c, "
        "getComputedStyle(document.querySelector('.chip.certainty-' + c)).backgroundColor "
        "+ ' ' + getComputedStyle(document.querySelector('.chip.certainty-' + c)).borderStyle]))"
    )
    assert len(set(colours.values())) == 4, colours
    first = browser.evaluate("document.querySelector('.chip').innerText")
    assert first.split()[0].lower() in {"high", "moderate", "low", "very"}


def test_claim_json_ld_is_read_as_data_and_not_refused(browser: Page, live_server: str) -> None:
    browser.log.clear()
    browser.open(live_server + PAGES["claim"], 1280)
    review = browser.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert review["@type"] == "ClaimReview"
    assert review["url"].endswith("/v1/claims/kratom-relieves-depression-symptoms")
    assert not [line for line in browser.log if "Content Security Policy" in line], browser.log


def test_csp_refusals_are_logged(browser: Page, live_server: str) -> None:
    """The control for the check above: an inline script is refused, and the refusal is seen."""
    browser.log.clear()
    browser.open(live_server + PAGES["claim"], 1280)
    ran = browser.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        "document.body.append(s); window.ran === 1"
    )
    browser.wait_for_log("Content Security Policy")
    assert ran is False


def test_pages_log_no_errors(browser: Page, live_server: str) -> None:
    browser.log.clear()
    for name, path in PAGES.items():
        browser.open(live_server + path, 390)
        assert [line for line in browser.log if line.startswith("error")] == [], name


def test_no_request_left_127_0_0_1(browser: Page, live_server: str) -> None:
    """Every request of every page load in this module went to the app (the pages load their
    stylesheet; a source page links to other hosts but must not load from them)."""
    for path in (PAGES["map"], PAGES["source"]):
        browser.open(live_server + path, 1280)
    hosts = {urlsplit(url).hostname for url in browser.requests if url.startswith("http")}
    assert any(url.endswith("/site.css") for url in browser.requests)
    assert hosts == {"127.0.0.1"}
