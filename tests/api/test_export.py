"""Bulk export in each format; a JSON export loads back to the same content hash."""

import csv
import io
import json
from pathlib import Path

import pytest
import rispy
from bibtexparser.entrypoint import parse_string
from fastapi.testclient import TestClient

from app.export.__main__ import main as export_main
from app.ingest.validate import Dataset, read_export
from tests.helpers import ALWAYS_ON, envelope, problem


def test_json_export_round_trips_to_the_same_content_hash(
    client: TestClient, tmp_path: Path
) -> None:
    response = client.get("/v1/export")
    body = envelope(response)
    version = body["meta"]["dataset_version"]
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="kratom-evidence-{version}.json"'
    )
    assert "crisis-support" in {d["id"] for d in body["disclaimers"]}
    path = tmp_path / "export.json"
    path.write_bytes(response.content)
    served = client.get("/v1/dataset").json()["data"]["content_hash"]
    assert read_export(path).content_hash() == served


def test_ndjson_has_a_notice_then_one_typed_record_per_line(
    client: TestClient, dataset: Dataset
) -> None:
    response = client.get("/v1/export", params={"format": "ndjson"})
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines[0]["type"] == "notice"
    assert {d["id"] for d in lines[0]["disclaimers"]} >= ALWAYS_ON
    types = [line["type"] for line in lines[1:]]
    assert types.count("claim") == len(dataset.claims)
    assert types.count("source") == len(dataset.sources)
    assert all(set(line) == {"type", "record"} for line in lines[1:])


def test_csv_is_one_resource_with_comment_lines_and_a_header(
    client: TestClient, dataset: Dataset
) -> None:
    response = client.get("/v1/export", params={"format": "csv", "resource": "claims"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].endswith('-claims.csv"')
    assert "not-medical-advice" in response.headers["kratom-disclaimers"]
    lines = response.text.splitlines()
    comments = [line for line in lines if line.startswith("#")]
    assert any("not-medical-advice" in line for line in comments)
    rows = list(
        csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("#"))))
    )
    assert len(rows) == len(dataset.claims)
    first = rows[0]
    assert first["id"] == dataset.claims[0].id
    assert first["conditions"] == " | ".join(c.value for c in dataset.claims[0].conditions)
    assert json.loads(first["sources"])[0]["source"] == dataset.claims[0].sources[0].source


def test_resource_selects_one_resource_and_csv_defaults_to_claims(
    client: TestClient, dataset: Dataset
) -> None:
    csv_default = client.get("/v1/export", params={"format": "csv"})
    assert csv_default.headers["content-disposition"].endswith('-claims.csv"')
    one = envelope(client.get("/v1/export", params={"resource": "targets"}))["data"]
    assert set(one) == {"dataset", "targets"}
    assert len(one["targets"]) == len(dataset.targets)
    assert problem(client.get("/v1/export", params={"format": "xml"}), 422)
    assert problem(client.get("/v1/export", params={"resource": "planets"}), 422)


def test_cli_writes_every_file_atomically(
    client: TestClient, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.config import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        assert export_main(["--out", str(tmp_path)]) == 0
    finally:
        get_settings.cache_clear()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 14
    assert not [n for n in names if n.endswith(".part")]
    served = client.get("/v1/dataset").json()["data"]
    # The sources as citation files that reference managers read back, one entry per source.
    stem = tmp_path / f"kratom-evidence-{served['version']}-sources"
    count = served["counts"]["sources"]
    assert len(json.loads(Path(f"{stem}.csl.json").read_text())) == count
    assert len(rispy.loads(Path(f"{stem}.ris").read_text())) == count
    assert len(parse_string(Path(f"{stem}.bib").read_text()).entries) == count
    assert (
        read_export(tmp_path / f"kratom-evidence-{served['version']}.json").content_hash()
        == served["content_hash"]
    )
