"""A real PostgreSQL/PostGIS server for the store tests (no mock database).

`$CYMAP_TEST_PG_URL` (a libpq URL of a database whose role may CREATE DATABASE) is used when set;
otherwise a throwaway cluster is started for the test session: `initdb` into a temporary folder
(as the `postgres` user via runuser when the tests run as root, as in CI), `pg_ctl start` on a
unix socket only (`listen_addresses=''`, output to a log file), stopped at the end. Each test
gets its own database, copied from a template that has PostGIS and the schema migrated.
Without PostgreSQL binaries the postgres-marked tests are skipped, saying why.
"""
from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

TEMPLATE = "cymap_test_template"
START_TIMEOUT_S = 60


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user(command: list[str]) -> list[str]:
    """Run server binaries as `postgres` when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class Cluster:
    """A throwaway cluster on a unix socket; `url(db)` names one of its databases."""

    def __init__(self) -> None:
        initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
        if not initdb or not pg_ctl:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql "
                        "postgresql-15-postgis-3, or set CYMAP_TEST_PG_URL")
        self.pg_ctl = pg_ctl
        self.root = Path(tempfile.mkdtemp(prefix="cymap-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.log = self.root / "server.log"
        self.socket.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket, "postgres")
        self.user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
        subprocess.run(_as_server_user([initdb, "-D", str(self.data), "-A", "trust", "-U", self.user,
                                        "-E", "UTF8", "--locale=C"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off -c max_connections=200"
        subprocess.run(_as_server_user([pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.log),
                                        "-w", "-t", str(START_TIMEOUT_S), "start"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@/{database}?host={self.socket}"

    def stop(self) -> None:
        subprocess.run(_as_server_user([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.root, ignore_errors=True)


def _with_database(url: str, database: str) -> str:
    """The same server as `url` (a libpq URL or key=value string), naming another database, as a
    postgresql:// URL (what cymap.ledger.stores.open_store recognises)."""
    from urllib.parse import quote, urlencode

    import psycopg.conninfo

    parts = psycopg.conninfo.conninfo_to_dict(url)
    parts.pop("dbname", None)
    user = quote(parts.pop("user", ""), safe="")
    password = parts.pop("password", None)
    host = parts.pop("host", "")
    port = parts.pop("port", "")
    if host.startswith("/"):
        parts["host"], host = host, ""
    credentials = user + (f":{quote(password, safe='')}" if password else "")
    where = f"{credentials}@" if credentials else ""
    query = f"?{urlencode(parts)}" if parts else ""
    return f"postgresql://{where}{host}{':' + port if port else ''}/{database}{query}"


def _admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


class Server:
    """Where test databases are made: a URL of the maintenance database and a counter."""

    def __init__(self, admin_url: str) -> None:
        from cymap.ledger import pg_store

        self.admin_url = admin_url
        self.names = itertools.count()
        _admin(admin_url, f"DROP DATABASE IF EXISTS {TEMPLATE}", f"CREATE DATABASE {TEMPLATE}")
        template_url = _with_database(admin_url, TEMPLATE)
        pg_store.migrate(template_url)
        self.created: list[str] = []

    def new_database(self) -> str:
        name = f"cymap_test_{os.getpid()}_{next(self.names)}"
        _admin(self.admin_url, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        self.created.append(name)
        return _with_database(self.admin_url, name)

    def empty_database(self) -> str:
        """A database without the schema (for `db init` tests)."""
        name = f"cymap_empty_{os.getpid()}_{next(self.names)}"
        _admin(self.admin_url, f"CREATE DATABASE {name}")
        self.created.append(name)
        return _with_database(self.admin_url, name)

    def drop(self, url: str) -> None:
        import psycopg.conninfo

        name = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
        with contextlib.suppress(Exception):
            _admin(self.admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (CYMAP_TEST_PG_URL, else a throwaway cluster)."""
    pytest.importorskip("psycopg")
    given = os.environ.get("CYMAP_TEST_PG_URL")
    cluster = None if given else Cluster()
    try:
        server = Server(given or cluster.url())
        yield server
        for name in server.created:
            with contextlib.suppress(Exception):
                _admin(server.admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        with contextlib.suppress(Exception):
            _admin(server.admin_url, f"DROP DATABASE IF EXISTS {TEMPLATE}")
    finally:
        if cluster is not None:
            cluster.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh migrated database (PostGIS, cymap schema) for one test; dropped after it."""
    url = pg_server.new_database()
    yield url
    pg_server.drop(url)


def wait_for(condition, timeout: float = 30.0, step: float = 0.05) -> bool:
    """Poll `condition()` until it is true or `timeout` seconds pass (bounded waits in tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())
