from datetime import date

from app import vocab
from app.envelope import DatasetState, DisclaimerRef, ScopedDisclaimer, build_envelope


def state() -> DatasetState:
    def scoped(id_: str, *scope: str) -> ScopedDisclaimer:
        return ScopedDisclaimer(
            DisclaimerRef(id=id_, text=id_, severity=vocab.Severity.info), frozenset(scope)
        )

    return DatasetState(
        version="2026.11.24",
        released_on=date(2026, 11, 24),
        content_hash="0" * 64,
        license="CC BY 4.0",
        disclaimers=(
            scoped("crisis", "depression", "self_harm"),
            scoped("always-1", "always"),
            scoped("law", "regulatory"),
        ),
    )


def test_always_on_disclaimers_come_with_everything() -> None:
    assert [d.id for d in build_envelope([], state()).disclaimers] == ["always-1"]


def test_topics_bring_their_disclaimers_in_display_order() -> None:
    env = build_envelope({"x": 1}, state(), topics={"regulatory", "depression"})
    assert [d.id for d in env.disclaimers] == ["crisis", "always-1", "law"]


def test_meta_carries_the_release() -> None:
    meta = build_envelope([], state()).meta
    assert meta.dataset_version == "2026.11.24"
    assert meta.total is None
