"""JSON-LD expansion against the bundled schema.org context (tests/fixtures/schemaorg/README.md)."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXT_FILE = Path(__file__).parent / "fixtures" / "schemaorg" / "schemaorgcontext.jsonld"
_CONTEXT: dict[str, Any] = json.loads(CONTEXT_FILE.read_text())
# The bundled context's @vocab: what every schema.org term expands to.
SCHEMA = "http://schema.org/"
# Every term the context defines as a schema.org type or property.
TERMS = frozenset(
    name
    for name, definition in _CONTEXT["@context"].items()
    if isinstance(definition, dict) and str(definition.get("@id", "")).startswith("schema:")
)
SERVED_AT = ("https://schema.org", "https://schema.org/")


class NetworkRefusedError(Exception):
    """A JSON-LD processor asked for a document the tests do not hold."""


def bundled_loader(url: str, options: object = None) -> dict[str, Any]:
    """A pyld document loader that knows one document, the bundled context, and nothing else."""
    if url not in SERVED_AT:
        raise NetworkRefusedError(f"tests do not fetch {url}")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": _CONTEXT,
    }


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": bundled_loader})
    return expanded


def iris(node: object) -> Iterator[str]:
    """Every property and type IRI in an expanded document."""
    if isinstance(node, list):
        for item in node:
            yield from iris(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                types = value if isinstance(value, list) else [value]
                # A typed literal's @type (e.g. schema:Date on a date) is an IRI too.
                yield from (t for t in types if isinstance(t, str))
            elif not key.startswith("@"):
                yield key
            if key not in ("@value", "@id"):
                yield from iris(value)


def schema_term(iri: str) -> str | None:
    """The schema.org term an IRI names, or None when it is not one."""
    term = iri.removeprefix(SCHEMA)
    return term if iri.startswith(SCHEMA) and term in TERMS else None
