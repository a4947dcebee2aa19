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
from cymap.views import refusals  # a refused store or account operation, in the user's language
from cymap.views.i18n import message_language, t  # what the db and user commands print, in the user's language

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


def _lang(args: argparse.Namespace | None) -> str:
    return message_language(getattr(args, "lang", None))


def district_names(typed: list[str], lang: str = "en") -> list[str]:
    """Account districts as the geocoder names them (any spelling of either division)."""
    names = []
    for text in typed:
        meaning = resolve_district_name(text)
        if meaning is None:
            raise accounts.AccountError(t("cli_not_a_district", lang, name=repr(text)))
        names.append(meaning.name_zh)
    return names


def writer(store: stores.LedgerStore, args: argparse.Namespace):
    """Who a CLI write is by: the logged-in account (database), else the typed name (file)."""
    if not store.uses_accounts:
        return args.who or os.environ.get("CYMAP_EDITOR") or getpass.getuser()
    name = getattr(args, "user", None) or os.environ.get(USER_ENV) or ""
    if not name:
        raise accounts.AccountError(t("cli_needs_account", _lang(args), env=USER_ENV))
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = getpass.getpass(t("cli_password_for", _lang(args), name=name))
    return store.accounts.login(name, password)


# --- python -m cymap db init|migrate|import|export ---------------------------------------------
def _database_url(args: argparse.Namespace) -> str:
    url = args.ledger or os.environ.get("CYMAP_LEDGER") or ""
    if not stores.is_database_url(url):
        raise StoreError(t("cli_db_needs_url", _lang(args)))
    return url


def run_db(args: argparse.Namespace) -> int:
    lang = _lang(args)
    try:
        url = _database_url(args)
        if args.db_command in ("init", "migrate"):
            before = pg_store.schema_version(url)
            if args.db_command == "init" and before:
                print(t("cli_db_initialised", lang, version=before))
                return 0
            applied = pg_store.migrate(url)
            print(t("cli_db_schema", lang, version=pg_store.schema_version(url),
                    applied=", ".join(applied) or t("cli_db_up_to_date", lang)))
            return 0
        store = open_ledger_store(url, pool_size=2)
        try:
            if args.db_command == "import":
                loaded = pg_transfer.load_file(store, args.path)
                print(t("cli_db_imported", lang, rows=loaded.rows, located=loaded.located, entries=loaded.entries,
                        location=store.location))
            else:
                rows, entries = pg_transfer.export_file(store, args.out)
                print(t("cli_db_exported", lang, out=args.out, rows=rows, entries=entries))
        finally:
            store.close()
    except (StoreError, pg_transfer.TransferError, OSError) as error:
        print(t("cli_error", lang, error=refusal(error, lang)), file=sys.stderr)
        return 1
    except Exception as error:  # psycopg.Error: the server's own words, not a traceback
        print(t("cli_error", lang, error=t("cli_db_error", lang, error=error)).strip(), file=sys.stderr)
        return 1
    return 0


def refusal(error: Exception, lang: str):
    """A refused store or account operation (a StoreError) in the language (cymap.views.refusals); other
    errors as they are."""
    return refusals.store_error_text(error, lang) if isinstance(error, StoreError) else error


# --- python -m cymap user add|remove|list ------------------------------------------------------
def _new_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(t("cli_password_for", _lang(args), name=args.name))
    if getpass.getpass(t("cli_password_again", _lang(args))) != first:
        raise accounts.AccountError(t("cli_passwords_differ", _lang(args)))
    return first


def run_user(args: argparse.Namespace) -> int:
    lang = _lang(args)
    try:
        store = stores.open_store(_database_url(args), pool_size=1)
    except StoreError as error:
        print(t("cli_error", lang, error=refusal(error, lang)), file=sys.stderr)
        return 1
    try:
        if args.user_command == "add":
            account = store.accounts.add(args.name, _new_password(args), args.role,
                                         district_names(args.district, lang))
            print(t("cli_user_added", lang, account=account))
        elif args.user_command == "remove":
            if not store.accounts.remove(args.name):
                print(t("cli_error", lang, error=t("cli_user_missing", lang, name=repr(args.name))), file=sys.stderr)
                return 1
            print(t("cli_user_removed", lang, name=args.name))
        else:
            for account in store.accounts.list():
                print(account)
    except StoreError as error:
        print(t("cli_error", lang, error=refusal(error, lang)), file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
