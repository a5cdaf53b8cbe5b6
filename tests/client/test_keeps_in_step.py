"""The client stays in step with docs/openapi.json: same document, every operation, same fields.

When one of these fails after an API change: update clients/python/kratom_evidence (methods in
client.py, async_client.py and _calls.py; models in models/), add the operation to
``_spec.COVERED``, then set ``_spec.OPENAPI_SHA256`` to the hash this test prints.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from kratom_evidence import Client, _spec, models
from pydantic import BaseModel

from app.config import PROJECT_ROOT
from app.ingest.validate import Dataset
from tests.client.conftest import BASE

DOCUMENT_PATH = PROJECT_ROOT / "docs" / "openapi.json"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT_PATH.read_text())
    return loaded


def operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    """The documented operations the client is meant to wrap (not the FHIR view: _spec)."""
    return {
        (method.upper(), path)
        for path, ops in document["paths"].items()
        for method in ops
        if not path.startswith(_spec.NOT_WRAPPED_PREFIXES)
    }


def test_the_client_was_declared_current_for_this_openapi_document() -> None:
    current = hashlib.sha256(Path(DOCUMENT_PATH).read_bytes()).hexdigest()
    assert current == _spec.OPENAPI_SHA256, (
        "docs/openapi.json changed since the Python client was last checked against it. Update "
        "clients/python (methods, models, _spec.COVERED), then set _spec.OPENAPI_SHA256 = "
        f"{current!r}."
    )


def test_every_documented_operation_is_covered(document: dict[str, Any]) -> None:
    documented = operations(document)
    assert sorted(documented - _spec.COVERED) == [], "operations no client method calls"
    assert sorted(_spec.COVERED - documented) == [], "covered operations the API no longer has"


def test_every_model_has_the_fields_of_its_schema(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    classes = {
        name: cls
        for name in models.__all__
        if isinstance(cls := getattr(models, name), type) and issubclass(cls, BaseModel)
    }
    objects = {
        name for name, schema in schemas.items()
        if "properties" in schema and not name.startswith("Envelope_")
    }  # fmt: skip
    assert sorted(objects - set(classes)) == [], "schemas without a client model"
    for name in sorted(objects):
        fields = set(classes[name].model_fields)
        assert fields == set(schemas[name]["properties"]), name
        required = {n for n, f in classes[name].model_fields.items() if f.is_required()}
        assert required <= set(schemas[name].get("required", [])), name


def route_of(method: str, path: str, documented: set[tuple[str, str]]) -> tuple[str, str] | None:
    """The documented operation a request hit (literal paths win over templated ones)."""
    ordered = sorted(documented, key=lambda op: ("{" in op[1], op[1]))
    for op_method, template in ordered:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if op_method == method and re.match(pattern, path):
            return op_method, template
    return None


@pytest.fixture(scope="module")
def recorded_client(database_url: str) -> Iterator[tuple[Client, list[tuple[str, str]]]]:
    from app.main import create_app
    from tests.conftest import settings_for

    seen: list[tuple[str, str]] = []

    def record(request: httpx.Request) -> None:
        seen.append((request.method, request.url.path))

    with TestClient(create_app(settings_for(database_url))) as http:
        http.event_hooks["request"].append(record)
        with Client(BASE, http=http) as api:
            yield api, seen


def test_the_covered_list_is_true_every_operation_is_called(
    recorded_client: tuple[Client, list[tuple[str, str]]],
    dataset: Dataset,
    document: dict[str, Any],
    tmp_path: Path,
) -> None:
    api, seen = recorded_client
    first = {name: getattr(dataset, name)[0].id for name in ("claims", "sources")}
    for name in ("claims", "compounds", "targets", "mechanisms", "caveats", "sources",
                 "jurisdictions", "disclaimers", "documents"):  # fmt: skip
        next(iter(getattr(api, name)(page_size=1)))
        getattr(api, name.removesuffix("s"))(getattr(dataset, name)[0].id)
    next(iter(api.search("kratom")))
    api.match("kratom relieves depression")
    api.review("Kratom relieves depression.")
    api.claimreview(first["claims"])
    api.citation(first["sources"], "bibtex")
    api.export("ris", to=tmp_path / "sources.ris")
    api.dataset()
    version = dataset.meta.version
    assert next(iter(api.releases())).version == version
    assert api.changes(since=version).data.until == version
    assert version in api.release_feed()
    api.evidence_scale()
    api.health()
    api.ready()
    documented = operations(document)
    hit = {route_of(method, path, documented) for method, path in seen}
    assert sorted(_spec.COVERED - hit) == [], "listed as covered, but no client method calls it"
