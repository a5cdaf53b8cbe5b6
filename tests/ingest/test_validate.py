"""Each broken dataset fails validation with a message naming the file, the record and the field."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.ingest.cli import main
from app.ingest.validate import DataInvalidError, read_dataset
from tests.conftest import DATA_DIR

Records = list[dict[str, Any]]


def edit(data_dir: Path, name: str, change: Callable[[Records], None]) -> None:
    path = data_dir / f"{name}.yaml"
    records: Records = yaml.safe_load(path.read_text())
    change(records)
    path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True))


def record(records: Records, record_id: str) -> dict[str, Any]:
    return next(r for r in records if r["id"] == record_id)


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataInvalidError) as caught:
        read_dataset(data_dir)
    return [str(p) for p in caught.value.problems]


def test_the_real_data_validates() -> None:
    dataset = read_dataset(DATA_DIR)
    assert len(dataset.claims) >= 18
    assert len(dataset.content_hash()) == 64


def test_dangling_reference(data_copy: Path) -> None:
    edit(
        data_copy,
        "claims",
        lambda rs: record(rs, "kratom-can-injure-the-liver")["caveats"].append("no-such-caveat"),
    )
    assert problems(data_copy) == [
        "claims.yaml: kratom-can-injure-the-liver: caveats.1: unknown caveat 'no-such-caveat'"
    ]


def test_claim_without_sources(data_copy: Path) -> None:
    edit(
        data_copy, "claims", lambda rs: record(rs, "kratom-can-injure-the-liver").update(sources=[])
    )
    [message] = problems(data_copy)
    assert message.startswith("claims.yaml: kratom-can-injure-the-liver: sources: ")


def test_duplicate_id(data_copy: Path) -> None:
    edit(data_copy, "targets", lambda rs: rs.append(dict(rs[0])))
    assert (
        problems(data_copy)
        == [
            "targets.yaml: mu-opioid-receptor: id: 'mu-opioid-receptor' is used by more than one record"
        ]
        * 2
    )


def test_bad_enum(data_copy: Path) -> None:
    edit(
        data_copy,
        "claims",
        lambda rs: record(rs, "kratom-can-injure-the-liver").update(certainty="certain"),
    )
    [message] = problems(data_copy)
    assert message.startswith(
        "claims.yaml: kratom-can-injure-the-liver: certainty: Input should be 'high'"
    )


def test_bad_pmid_and_doi(data_copy: Path) -> None:
    def break_ids(rs: Records) -> None:
        record(rs, "obeng-2021-jpet").update(pmid="PMID33384303", doi="doi:10.1124/x")

    edit(data_copy, "sources", break_ids)
    found = problems(data_copy)
    assert any(
        m.startswith("sources.yaml: obeng-2021-jpet: pmid: String should match pattern")
        for m in found
    )
    assert any(
        m.startswith("sources.yaml: obeng-2021-jpet: doi: String should match pattern")
        for m in found
    )


def test_pmid_written_as_a_number_is_rejected(data_copy: Path) -> None:
    edit(data_copy, "sources", lambda rs: record(rs, "obeng-2021-jpet").update(pmid=33384303))
    assert problems(data_copy) == [
        "sources.yaml: obeng-2021-jpet: pmid: Input should be a valid string"
    ]


def test_duplicate_pmid_across_sources(data_copy: Path) -> None:
    edit(
        data_copy, "sources", lambda rs: record(rs, "varadi-2016-jmedchem").update(pmid="33384303")
    )
    found = problems(data_copy)
    assert (
        "sources.yaml: varadi-2016-jmedchem: pmid: '33384303' is used by more than one record"
        in found
    )


def test_unknown_field_is_rejected(data_copy: Path) -> None:
    edit(data_copy, "compounds", lambda rs: record(rs, "mitragynine").update(potency="high"))
    assert problems(data_copy) == [
        "compounds.yaml: mitragynine: potency: Extra inputs are not permitted"
    ]


def test_bad_cas_check_digit(data_copy: Path) -> None:
    edit(
        data_copy,
        "compounds",
        lambda rs: record(rs, "7-hydroxymitragynine").update(cas_rn="174418-82-8"),
    )
    [message] = problems(data_copy)
    assert message.startswith("compounds.yaml: 7-hydroxymitragynine: cas_rn: ")
    assert "check digit" in message


def test_supported_needs_a_supporting_source(data_copy: Path) -> None:
    def only_context(rs: Records) -> None:
        for cited in record(rs, "kratom-can-injure-the-liver")["sources"]:
            cited["stance"] = "context"

    edit(data_copy, "claims", only_context)
    assert problems(data_copy) == [
        "claims.yaml: kratom-can-injure-the-liver: verdict: 'supported' needs at least one source "
        "with stance 'supports'"
    ]


def test_claim_about_people_backed_only_by_lab_work_stays_very_low(data_copy: Path) -> None:
    def lab_only(rs: Records) -> None:
        claim = record(rs, "kratom-raises-pain-tolerance")
        claim["sources"] = [{"source": "matsumoto-2004-lifesci", "stance": "supports"}]

    edit(data_copy, "claims", lab_only)
    found = problems(data_copy)
    assert any(
        m.startswith(
            "claims.yaml: kratom-raises-pain-tolerance: certainty: a claim about people backed only"
        )
        for m in found
    )


def test_moderate_certainty_for_people_needs_controlled_evidence(data_copy: Path) -> None:
    edit(
        data_copy,
        "claims",
        lambda rs: record(rs, "kratom-abuse-and-dependence-risk").update(certainty="moderate"),
    )
    [message] = problems(data_copy)
    assert message.startswith(
        "claims.yaml: kratom-abuse-and-dependence-risk: certainty: 'moderate' for an effect"
    )


def test_jurisdiction_needs_a_primary_source(data_copy: Path) -> None:
    def secondary_only(rs: Records) -> None:
        record(rs, "us-federal")["sources"] = [
            {"source": "fda-2025-7oh-scheduling", "role": "context"}
        ]

    edit(data_copy, "jurisdictions", secondary_only)
    [message] = problems(data_copy)
    assert message.startswith(
        "jurisdictions.yaml: us-federal: sources: a regulatory entry needs a primary source"
    )


def test_future_dates_are_rejected(data_copy: Path) -> None:
    edit(
        data_copy,
        "claims",
        lambda rs: record(rs, "kratom-can-injure-the-liver").update(last_reviewed="2999-01-01"),
    )
    [message] = problems(data_copy)
    assert "last_reviewed" in message


def test_every_problem_is_reported_at_once(data_copy: Path) -> None:
    edit(
        data_copy,
        "claims",
        lambda rs: record(rs, "kratom-can-injure-the-liver").update(verdict="true"),
    )
    edit(data_copy, "targets", lambda rs: record(rs, "cyp3a4").update(gene_symbol="cyp3a4"))
    edit(data_copy, "mechanisms", lambda rs: record(rs, "mitragynine-mor").update(target="nowhere"))
    found = problems(data_copy)
    assert len(found) == 3
    assert {m.split(":")[0] for m in found} == {"claims.yaml", "targets.yaml", "mechanisms.yaml"}


def test_cli_exit_codes_and_output(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--data-dir", str(DATA_DIR)]) == 0
    assert "valid, dataset" in capsys.readouterr().out
    edit(data_copy, "targets", lambda rs: record(rs, "cyp3a4").update(gene_symbol="cyp3a4"))
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "1 problem(s); nothing was loaded" in err
    assert "targets.yaml: cyp3a4: gene_symbol:" in err


def test_missing_file_and_broken_yaml(data_copy: Path) -> None:
    (data_copy / "caveats.yaml").unlink()
    (data_copy / "targets.yaml").write_text("- id: [unclosed\n")
    found = problems(data_copy)
    assert "caveats.yaml: -: file is missing" in found
    assert any(m.startswith("targets.yaml: -: not valid YAML") for m in found)


def test_measurement_relation_must_be_a_comparison(data_copy: Path) -> None:
    def about(rs: Records) -> None:
        record(rs, "mitragynine-cyp1a2-inhibition")["measurements"][0]["relation"] = "about"

    edit(data_copy, "mechanisms", about)
    [message] = problems(data_copy)
    assert message.startswith(
        "mechanisms.yaml: mitragynine-cyp1a2-inhibition: measurements.0.relation: Input should be"
    )
