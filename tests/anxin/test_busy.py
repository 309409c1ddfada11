"""Database contention (issue 14 C): a write lock held by another connection turns a
write into "系统繁忙，请稍后再试" (503, Retry-After: 5), not a 500, and changes nothing."""

from __future__ import annotations

import sqlite3

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from anxin.busy import BusyDatabaseMiddleware, is_busy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def locked_database():
    """Another connection holding ``BEGIN IMMEDIATE`` on the test database (the test
    database is SQLite's shared-cache in-memory database: the lock is real and the
    second writer is refused at once)."""
    if connection.vendor != "sqlite":
        pytest.skip("the lock is taken with SQLite")
    name = connection.settings_dict["NAME"]
    if not connection.is_in_memory_db():
        other = sqlite3.connect(name, isolation_level=None)
    else:
        other = sqlite3.connect(connection.creation._get_test_db_name(), uri=True, isolation_level=None)

    def lock():
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE auth_user SET first_name = first_name")  # take the write lock
        return other

    yield lock
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def test_a_login_during_a_write_lock_answers_503_and_changes_nothing(locked_database):
    user = get_user_model().objects.create_user("editor", password="secret-password-123")
    other = locked_database()
    client = Client(raise_request_exception=False)
    response = client.post("/admin/login/", {"username": "editor", "password": "secret-password-123"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "系统繁忙，请稍后再试" in html
    assert "12356" in html
    other.execute("ROLLBACK")
    user.refresh_from_db()
    assert user.last_login is None  # the login did not happen


def test_api_paths_get_the_json_error_shape():
    middleware = BusyDatabaseMiddleware(lambda request: None)
    request = RequestFactory().get("/api/hsds/services")
    exc = OperationalError("database is locked")
    response = middleware.process_exception(request, exc)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    import json

    body = json.loads(response.content)
    assert body["error"]["code"] == "busy"
    assert body["error"]["message"] == "系统繁忙，请稍后再试。"


def test_a_real_file_lock_is_recognised(tmp_path):
    """The error a file-backed database raises after its busy timeout."""
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t(x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as raised:
        other.execute("BEGIN IMMEDIATE")
    holder.execute("ROLLBACK")
    try:
        raise OperationalError(*raised.value.args) from raised.value
    except OperationalError as exc:
        assert is_busy(exc)
    assert not is_busy(OperationalError("no such table: t"))
    assert not is_busy(ValueError("database is locked"))


def test_postgres_lock_and_connection_timeouts_are_recognised():
    class LockNotAvailable(Exception):
        sqlstate = "55P03"

    try:
        raise OperationalError("canceling statement due to lock timeout") from LockNotAvailable()
    except OperationalError as exc:
        assert is_busy(exc)
    assert is_busy(
        OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 failed: timeout expired')
    )
    assert is_busy(OperationalError("could not connect to server: Connection refused"))
