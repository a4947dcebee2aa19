"""`python -m cymap ...`: the same functions as the app, for scripts and CI.

Each command registers itself in COMMANDS through `command(...)`, so modules that add
commands (exports, ledger editing) stay in their own section of this file.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cymap.geo import geocode as geocode_module
from cymap.ledger.read import read_ledger
from cymap.views.filters import FilterError
from cymap.views.i18n import message_language, t  # CLI messages: the one string catalogue
from cymap.cli_text import (HELP_LANG, add_help_option, add_nested_lang, bad_date, change_line, chosen_language,
                            geocode_lines, h, history_line, labels_of, lang_of, preview_lines, problem_line,
                            progress_bar, say_error, validate_lines)
from cymap.geo.projects import load_projects
# The registry and the arguments several commands share live in cymap.cli_commands (the report
# commands of cymap.cli_reports register there too); re-exported for scripts and tests.
from cymap.cli_commands import (COMMANDS, add_division_argument, add_filter_arguments,  # noqa: F401
                                add_ledger_argument, command, spec_from_args)


def say_refusal(args: argparse.Namespace, error: Exception) -> None:
    """A refused edit or import (a StoreError) in the user's language (cymap.views.refusals); other errors
    as they are."""
    from cymap.ledger.store_errors import StoreError
    from cymap.views.refusals import store_error_text

    say_error(args, store_error_text(error, lang_of(args)) if isinstance(error, StoreError) else error)


# --- validate ---------------------------------------------------------------------------------
def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help=h("cli_h_validate_path"))


@command("validate", "cli_cmd_validate")(_configure_validate)
def run_validate(args: argparse.Namespace) -> int:
    from cymap.geo.place_checks import checked_read
    read = checked_read(read_ledger(args.path))  # the ledger's own checks, then those needing the map
    problems, notes = validate_lines(read, lang_of(args))  # stdout: the problems; stderr: warnings, the summary
    for line in problems:
        print(line)
    print("\n".join(notes), file=sys.stderr)
    return 1 if read.problems else 0


# --- geocode ----------------------------------------------------------------------------------
def _configure_geocode(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help=h("cli_h_geocode_path"))
    parser.add_argument("--out", required=True,
                        help=h("cli_h_geocode_out"))
    parser.add_argument("--geometry", choices=("compact", "full"), default="compact",
                        help=h("cli_h_geometry"))
    add_division_argument(parser)


@command("geocode", "cli_cmd_geocode")(_configure_geocode)
def run_geocode(args: argparse.Namespace) -> int:
    from cymap.print import gis

    projects = load_projects(args.path)
    if Path(args.out).suffix.lower() == ".gpkg":
        gis.write_gpkg(projects.geocoded, args.out)
    else:
        gis.write_geojson(projects.geocoded, args.out, args.geometry)
    stats = geocode_module.summary(projects.geocoded)
    print("\n".join(geocode_lines(projects, stats, args.division, lang_of(args))))
    for problem in projects.problems:
        print(t("cli_problem", lang_of(args), problem=problem_line(problem, lang_of(args))), file=sys.stderr)
    return 1 if stats["unresolved_names"] or projects.problems else 0


# --- ledger editing: update, history, import (issue 6); the same on a shared ledger (issue 18) ---
# --ledger is a file (its history beside it; --who names the editor) or postgresql://… (the shared
# ledger: --user names the account, the password comes from $CYMAP_PASSWORD or the prompt).
def _add_writer_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--who", default="", help=h("cli_h_who"))
    parser.add_argument("--user", default=None, help=h("cli_h_user"))


def _configure_update(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("id", help=h("cli_h_update_id"))
    parser.add_argument("--status", required=True, help=h("cli_h_update_status"))
    parser.add_argument("--note", default="", help=h("cli_h_update_note"))
    _add_writer_arguments(parser)
    parser.add_argument("--if-version", default=None,
                        help=h("cli_h_if_version"))


@command("update", "cli_cmd_update")(_configure_update)
def run_update(args: argparse.Namespace) -> int:
    from cymap import shared
    from cymap.ledger import store

    try:
        ledger = shared.open_ledger_store(args.ledger, pool_size=1)
        try:
            result = ledger.update_status(args.id, args.status, args.note, shared.writer(ledger, args),
                                          expected_version=args.if_version)
        finally:
            ledger.close()
    except (store.StoreError, OSError) as error:
        say_refusal(args, error)
        return 1
    lang = lang_of(args)
    if not result.changed:
        print(t("cli_no_change", lang, id=args.id))
        return 0
    for change in result.changes:
        print(change_line(change, lang) + (t("cli_change_note", lang, note=args.note) if args.note else ""))
    print(t("cli_version", lang, version=result.versions.get(args.id, "")), file=sys.stderr)
    return 0


def _configure_history(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("id", nargs="?", default=None, help=h("cli_h_history_id"))
    parser.add_argument("--since", default=None, help=h("cli_h_since"))
    parser.add_argument("--version", action="store_true", help=h("cli_h_version"))


@command("history", "cli_cmd_history")(_configure_history)
def run_history(args: argparse.Namespace) -> int:
    from cymap import shared
    from cymap.ledger import history

    if bad_date(args, args.since, history.parse_date):
        return 2
    try:
        ledger = shared.open_ledger_store(args.ledger, pool_size=1)
        try:
            entries = ledger.changes_since(args.since, args.id) if args.since else ledger.history(args.id)
            version = ledger.snapshot().version(args.id) if args.version and args.id else ""
        finally:
            ledger.close()
    except (ValueError, OSError) as error:
        say_refusal(args, error)
        return 2
    for entry in entries:
        print(history_line(entry, lang_of(args)))
    if version:
        print(t("cli_version", lang_of(args), version=version))
    print(t("cli_changes", lang_of(args), count=len(entries)), file=sys.stderr)
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help=h("cli_h_import_path"))
    add_ledger_argument(parser)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help=h("cli_h_preview"))
    mode.add_argument("--apply", action="store_true", help=h("cli_h_apply"))
    parser.add_argument("--keep-removed", action="store_true", help=h("cli_h_keep_removed"))
    parser.add_argument("--note", default="", help=h("cli_h_import_note"))
    _add_writer_arguments(parser)


@command("import", "cli_cmd_import")(_configure_import)
def run_import(args: argparse.Namespace) -> int:
    from cymap import shared
    from cymap.ledger import store

    try:
        ledger = shared.open_ledger_store(args.ledger, pool_size=1)
        try:
            preview = ledger.preview_import(args.path)
            print("\n".join(preview_lines(preview, lang_of(args))))
            if args.preview:
                return 1 if preview.problems else 0
            result = ledger.apply_import(preview, shared.writer(ledger, args), args.note,
                                         keep_removed=args.keep_removed)
        finally:
            ledger.close()
    except (store.StoreError, OSError) as error:
        say_refusal(args, error)
        return 1
    print(t("cli_applied", lang_of(args), count=len(result.changes)) if result.changed
          else t("cli_nothing_to_apply", lang_of(args)))
    return 0


# --- the shared ledger's database and accounts (issue 18): db init|migrate|import|export, user … ----
def _configure_db(parser: argparse.ArgumentParser) -> None:
    from cymap import shared_parser

    shared_parser.configure_db(parser)


@command("db", "cli_cmd_db")(_configure_db)
def run_db(args: argparse.Namespace) -> int:
    from cymap import shared

    return shared.run_db(args)


def _configure_user(parser: argparse.ArgumentParser) -> None:
    from cymap import shared_parser

    shared_parser.configure_user(parser)


@command("user", "cli_cmd_user")(_configure_user)
def run_user(args: argparse.Namespace) -> int:
    from cymap import shared

    return shared.run_user(args)


# --- exports: export, pack (issue 5) -----------------------------------------------------------
def _add_export_options(parser: argparse.ArgumentParser, *, page: bool = True) -> None:
    add_filter_arguments(parser)
    add_ledger_argument(parser)
    parser.add_argument("--out", required=True, help=h("cli_h_export_out"))
    from cymap.print.choices import PAPERS  # data only: no page code imported to build the parser

    parser.add_argument("--paper", choices=PAPERS, default="A4",
                        help=h("cli_h_paper"))
    if page:
        parser.add_argument("--orientation", choices=("landscape", "portrait"), default="landscape",
                            help=h("cli_h_orientation"))
        parser.add_argument("--dpi", type=int, default=300, help=h("cli_h_dpi"))


def _configure_export(parser: argparse.ArgumentParser) -> None:
    from cymap.print import choices

    parser.add_argument("--format", choices=choices.FILE_FORMATS, default=None,
                        help=h("cli_h_format"))
    _add_export_options(parser)
    parser.add_argument("--basemap", default="osm", help=h("cli_h_basemap"))


def _filtered_view(args: argparse.Namespace):
    projects = load_projects(args.ledger)
    from cymap.views.filters import apply_filters

    spec = spec_from_args(args)
    return apply_filters(projects.geocoded, spec), spec


@command("export", "cli_cmd_export")(_configure_export)
def run_export(args: argparse.Namespace) -> int:
    from cymap.print import formats

    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    if fmt not in formats.FILE_FORMATS:
        say_error(args, t("cli_bad_format", lang_of(args), format=repr(fmt), formats=", ".join(formats.FILE_FORMATS)))
        return 2
    view, spec = _filtered_view(args)
    options = formats.ExportOptions(fmt=fmt, paper=args.paper, orientation=args.orientation, dpi=args.dpi,
                                    lang=labels_of(args), basemap=args.basemap)
    data = formats.render(view, spec, options, date=None)
    Path(args.out).write_bytes(data)
    print(t("cli_exported", lang_of(args), out=args.out, format=fmt, count=len(view), size=f"{len(data):,}"))
    return 0


def _configure_pack(parser: argparse.ArgumentParser) -> None:
    _add_export_options(parser, page=False)


@command("pack", "cli_cmd_pack")(_configure_pack)
def run_pack(args: argparse.Namespace) -> int:
    from cymap.print import formats

    view, spec = _filtered_view(args)
    options = formats.ExportOptions(fmt=formats.PACK, paper=args.paper, lang=labels_of(args))
    data = formats.render(view, spec, options, date=None,
                          progress=lambda done, total: progress_bar(done, total, lang=lang_of(args)))
    Path(args.out).write_bytes(data)
    print(t("cli_packed", lang_of(args), out=args.out, count=len(view), size=f"{len(data):,}"))
    return 0


# --- entry point ------------------------------------------------------------------------------
def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser, its help in `lang` (default: the locale's): the configure functions give their
    help as h(catalogue key), read while HELP_LANG is set to `lang`."""
    lang = message_language(lang)
    token = HELP_LANG.set(lang)
    try:
        parser = argparse.ArgumentParser(prog="python -m cymap", description=t("cli_description", lang),
                                         add_help=False)
        add_help_option(parser)
        add_nested_lang(parser)  # python -m cymap --lang zh validate …
        subparsers = parser.add_subparsers(dest="command", required=True)
        for name, (configure, run, help_key) in COMMANDS.items():
            sub = subparsers.add_parser(name, help=t(help_key, lang), add_help=False)
            add_help_option(sub)
            configure(sub)
            add_nested_lang(sub)  # after the command too; unset unless given (the locale decides)
            sub.set_defaults(run=run)
    finally:
        HELP_LANG.reset(token)
    return parser


from cymap import cli_reports  # noqa: E402,F401  (registers stale and late; it needs `command` above)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(chosen_language(argv)).parse_args(argv)
    try:
        return args.run(args)
    except FilterError as error:
        say_error(args, error)
        return 2
