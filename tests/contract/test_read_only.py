"""No write path exists: the serving session itself refuses writes on both engines."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker


def test_a_write_through_the_serving_session_fails(client: TestClient) -> None:
    factory: sessionmaker[Session] = client.app.state.sessionmaker  # type: ignore[attr-defined]
    with factory() as session, pytest.raises(DBAPIError, match=r"(?i)read.?only"):
        session.execute(text("DELETE FROM claims"))
    assert client.get("/v1/claims").json()["meta"]["total"] > 0
