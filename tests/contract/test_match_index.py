"""The matcher's index is built once per release, however many first requests arrive together."""

import threading
import types
from typing import Any

import pytest

from app.claims import service
from app.db import create_reader_engine
from app.envelope import read_dataset_state


def test_concurrent_first_requests_share_one_build(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_reader_engine(database_url)
    with engine.connect() as conn:
        dataset = read_dataset_state(conn, None)
    assert dataset is not None
    builds = []
    real_build = service._build_match_index

    def counting_build(*args: Any) -> service.MatchIndex:
        builds.append(threading.get_ident())
        return real_build(*args)

    monkeypatch.setattr(service, "_build_match_index", counting_build)
    state = types.SimpleNamespace()  # stands in for app.state
    start = threading.Barrier(6)
    results: list[service.MatchIndex] = []

    def first_request() -> None:
        with engine.connect() as conn:
            start.wait()
            results.append(service.match_index(conn, state, dataset.content_hash))

    threads = [threading.Thread(target=first_request) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    engine.dispose()
    assert len(results) == 6
    assert len(builds) == 1
    assert all(index is results[0] for index in results)
    assert results[0].summaries  # a real index, with every claim shaped
