"""The shared deployment, wired: the ledger store a name means, with the geocoder plugged in, and the
`db` and `user` commands of `python -m cymap`.

The ledger layer cannot import the geocoder (it is a layer above); this module, at the top with the
CLI and the app, passes `locate_rows` (cymap.geo.geocode) to the store so every write to the
database places its rows (PostGIS geometry, districts of both divisions) and a district editor's
rights follow the geocoded districts. `open_ledger_store(None)` opens CYMAP_LEDGER, else projects.csv.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys

import pandas as pd
import shapely

from cymap.geo import geocode
from cymap.geo.division import resolve_district_name
from cymap.geo.geometry import joined
from cymap.geo.place_checks import check_places
from cymap.ledger import accounts, pg_store, pg_transfer, stores
from cymap.ledger.store import StoreError
from cymap.ledger.stores import Placement
from cymap.ledger.validate import validate_rows
from cymap.paths import DEFAULT_LEDGER

USER_ENV, PASSWORD_ENV = "CYMAP_USER", "CYMAP_PASSWORD"


def default_ledger() -> str:
    return os.environ.get("CYMAP_LEDGER") or str(DEFAULT_LEDGER)


def locate_rows(frame: pd.DataFrame) -> dict[str, Placement]:
    """Geocode ledger rows (valid ones; invalid rows are not placed): id -> Placement."""
    valid, _ = check_places(validate_rows(frame)[0])  # the ledger's checks, then those needing the map
    if not len(valid):
        return {}
    located = geocode.geocode(valid)
    out = {}
    for record, geometry in zip(located[["id", "districts", "districts_2023", "precision"]].to_dict("records"),
                                joined(located)):  # district-level rows: their districts' polygon
        ewkb = ""
        if geometry is not None and not geometry.is_empty:
            ewkb = shapely.to_wkb(shapely.set_srid(geometry, 4326), hex=True, include_srid=True)
        out[record["id"]] = Placement(ewkb, tuple(record["districts"] or ()), tuple(record["districts_2023"] or ()),
                                      str(record["precision"] or ""))
    return out


def open_ledger_store(ledger: str | None = None, pool_size: int = 4) -> stores.LedgerStore:
    return stores.open_store(ledger or default_ledger(), locate=locate_rows, pool_size=pool_size)


def district_names(typed: list[str]) -> list[str]:
    """Account districts as the geocoder names them (any spelling of either division)."""
    names = []
    for text in typed:
        meaning = resolve_district_name(text)
        if meaning is None:
            raise accounts.AccountError(f"{text!r} is not a district of Chongqing (either division)")
        names.append(meaning.name_zh)
    return names


def writer(store: stores.LedgerStore, args: argparse.Namespace):
    """Who a CLI write is by: the logged-in account (database), else the typed name (file)."""
    if not store.uses_accounts:
        return args.who or os.environ.get("CYMAP_EDITOR") or getpass.getuser()
    name = getattr(args, "user", None) or os.environ.get(USER_ENV) or ""
    if not name:
        raise accounts.AccountError(f"the shared ledger needs an account: --user NAME (or {USER_ENV})")
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = getpass.getpass(f"password for {name}: ")
    return store.accounts.login(name, password)


# --- python -m cymap db init|migrate|import|export ---------------------------------------------
def configure_db(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", required=True)
    for name, text in (("init", "create the schema (PostGIS, tables, projects layer) in an empty database"),
                       ("migrate", "apply the schema migrations this version has and the database lacks"),
                       ("import", "fill an empty shared ledger from a ledger file and its history"),
                       ("export", "write the shared ledger and its history to a file")):
        command = sub.add_parser(name, help=text)
        command.add_argument("--ledger", default=None, help="postgresql://user@host/db (default $CYMAP_LEDGER)")
        if name == "import":
            command.add_argument("path", help="ledger file (CSV/XLSX); its .history.jsonl comes along")
        if name == "export":
            command.add_argument("--out", required=True, help="ledger file to write (history beside it)")


def _database_url(args: argparse.Namespace) -> str:
    url = args.ledger or os.environ.get("CYMAP_LEDGER") or ""
    if not stores.is_database_url(url):
        raise StoreError("name the shared ledger's database: --ledger postgresql://user@host/db (or CYMAP_LEDGER)")
    return url


def run_db(args: argparse.Namespace) -> int:
    try:
        url = _database_url(args)
        if args.db_command in ("init", "migrate"):
            before = pg_store.schema_version(url)
            if args.db_command == "init" and before:
                print(f"already initialised (schema version {before}); use `db migrate` after an upgrade")
                return 0
            applied = pg_store.migrate(url)
            print(f"schema version {pg_store.schema_version(url)}: " + (", ".join(applied) or "up to date"))
            return 0
        store = open_ledger_store(url, pool_size=2)
        try:
            if args.db_command == "import":
                loaded = pg_transfer.load_file(store, args.path)
                print(f"imported {loaded.rows} rows ({loaded.located} placed on the map) and "
                      f"{loaded.entries} history entries into {store.location}")
            else:
                rows, entries = pg_transfer.export_file(store, args.out)
                print(f"{args.out}: {rows} rows; {entries} history entries")
        finally:
            store.close()
    except (StoreError, pg_transfer.TransferError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # psycopg.Error: the server's own words, not a traceback
        print(f"error: database: {error}".strip(), file=sys.stderr)
        return 1
    return 0


# --- python -m cymap user add|remove|list ------------------------------------------------------
def configure_user(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="user_command", required=True)
    add = sub.add_parser("add", help="add an account (password from --password-stdin or the prompt)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=accounts.ROLES)
    add.add_argument("--district", action="append", default=[],
                     help="district_editor: a district it may edit (either division, repeatable)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    remove = sub.add_parser("remove", help="remove an account")
    remove.add_argument("name")
    sub.add_parser("list", help="list accounts, roles and districts")
    for command in (add, remove, *[p for n, p in sub.choices.items() if n == "list"]):
        command.add_argument("--ledger", default=None, help="postgresql://user@host/db (default $CYMAP_LEDGER)")


def _new_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise accounts.AccountError("the two passwords differ")
    return first


def run_user(args: argparse.Namespace) -> int:
    try:
        store = stores.open_store(_database_url(args), pool_size=1)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        if args.user_command == "add":
            account = store.accounts.add(args.name, _new_password(args), args.role, district_names(args.district))
            print(f"added {account}")
        elif args.user_command == "remove":
            if not store.accounts.remove(args.name):
                print(f"error: there is no account {args.name!r}", file=sys.stderr)
                return 1
            print(f"removed {args.name}")
        else:
            for account in store.accounts.list():
                print(account)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
