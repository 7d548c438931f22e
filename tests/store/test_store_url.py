"""A store opens from a data folder or from a database URL; other databases are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, select

from lcpdesk.errors import StoreError
from lcpdesk.store import migrate, schema
from lcpdesk.store.db import open_store


def test_a_sqlite_url_opens_that_file(tmp_path: Path) -> None:
    db_file = tmp_path / "shared" / "office.sqlite"
    store = open_store(f"sqlite:///{db_file.as_posix()}")
    try:
        assert store.path == db_file
        assert migrate.current_revision(store) == migrate.head_revision()
        with store.write() as conn:
            conn.execute(insert(schema.area).values(name="Leeds"))
    finally:
        store.close()
    assert db_file.is_file()
    assert not (tmp_path / "shared" / "lcpdesk.sqlite").exists()
    # ... and the same file opened from its URL again holds the row
    again = open_store(f"sqlite:///{db_file.as_posix()}")
    try:
        with again.read() as conn:
            assert conn.execute(select(schema.area.c.name)).scalars().all() == ["Leeds"]
    finally:
        again.close()


def test_a_folder_given_as_text_is_still_a_data_folder(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "data"))
    try:
        assert store.path == tmp_path / "data" / "lcpdesk.sqlite"
    finally:
        store.close()


@pytest.mark.parametrize(
    "url",
    ["postgresql://office@server/lcpdesk", "mysql+pymysql://u:p@host/db", "oracle://x/y"],
)
def test_a_database_lcpdesk_does_not_know_is_refused_clearly(url: str, tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        open_store(url)
    scheme = url.partition(":")[0].partition("+")[0]
    assert f"cannot keep its data in a '{scheme}' database" in refused.value.message
    assert "sqlite:///" in refused.value.hint
    assert "u:p" not in refused.value.message


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_a_sqlite_url_without_a_file_is_refused(url: str) -> None:
    with pytest.raises(StoreError) as refused:
        open_store(url)
    assert "names no file" in refused.value.message


def test_a_malformed_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        open_store("not a url://at all")
    assert "not a database URL" in refused.value.message
