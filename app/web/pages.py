"""Rendering the pages: one Jinja2 environment, the stylesheet, and the parts every page shares."""

import json
from collections.abc import Mapping
from pathlib import Path

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from app import vocab
from app.claims.claimreview import in_words
from app.envelope import DatasetState, DisclaimerRef
from app.sources.schemas import SourceSummary

HERE = Path(__file__).parent
STYLESHEET_PATH = "/site.css"
STYLESHEET = (HERE / "static" / "site.css").read_bytes()

_SEVERITY_FIRST = {s: i for i, s in enumerate(reversed(list(vocab.Severity)))}


def json_ld(document: Mapping[str, object]) -> Markup:
    """A JSON-LD document safe to place inside a <script> element: ``<``, ``>`` and ``&`` only
    occur inside JSON strings, where their \\u escapes mean the same, so no text can close the
    element or open a comment."""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    escaped = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(escaped)  # noqa: S704 - escaped above for the script-data context


def citation(source: SourceSummary) -> str:
    """A source as a reference list shows it: authors (year). Title. Journal or publisher."""
    authors = ", ".join(source.authors[:3]) + (" et al." if len(source.authors) > 3 else "")
    venue = source.journal or source.publisher
    title = source.title if source.title.endswith((".", "?", "!")) else f"{source.title}."
    parts = [f"{authors} ({source.year})." if authors else f"({source.year}).", title]
    return " ".join(parts) + (f" {venue}." if venue else "")


def by_severity(disclaimers: list[DisclaimerRef]) -> list[DisclaimerRef]:
    """Most serious first, keeping the dataset's order among equals."""
    return sorted(disclaimers, key=lambda d: _SEVERITY_FIRST[d.severity])


environment = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(("html",)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["words"] = in_words
environment.filters["citation"] = citation
environment.globals.update(
    DEFINITIONS={kind.__name__: terms for kind, terms in vocab.DEFINITIONS.items()},
    CERTAINTIES=list(vocab.Certainty),
    VERDICTS=list(vocab.Verdict),
    STYLESHEET_PATH=STYLESHEET_PATH,
)


def render(
    template: str,
    dataset: DatasetState,
    disclaimers: list[DisclaimerRef],
    *,
    status_code: int = 200,
    **context: object,
) -> HTMLResponse:
    """A page with the dataset's release in its footer and ``disclaimers`` at its top."""
    html = environment.get_template(template).render(
        dataset=dataset, disclaimers=by_severity(disclaimers), **context
    )
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Kratom-Disclaimers"] = ", ".join(d.id for d in disclaimers)
    return response
