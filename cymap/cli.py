"""`python -m cymap ...`: the same functions as the app, for scripts and CI.

Each command registers itself in COMMANDS through `command(...)`, so modules that add
commands (exports, ledger editing) stay in their own section of this file.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cymap.geo import division as division_module
from cymap.geo import geocode as geocode_module
from cymap.geo import geodata
from cymap.ledger.read import read_ledger
from cymap.views.filters import FilterError, FilterSpec
from cymap.views.i18n import LANGUAGES, locale_language, t  # CLI messages: the one string catalogue
from cymap.geo.projects import load_projects
from cymap.paths import DEFAULT_LEDGER

COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {}


def command(name: str, help_text: str):
    """Register a sub-command: decorate `run(args) -> exit code`, given a `configure(parser)`."""
    def wrap(configure: Callable[[argparse.ArgumentParser], None]):
        def register(run: Callable[[argparse.Namespace], int]):
            COMMANDS[name] = (configure, run, help_text)
            return run
        return register
    return wrap


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", action="append", default=[],
                        help="district name or adcode of either division: 两江新区, 500157, 江北区, 渝北 (repeatable)")
    parser.add_argument("--region", action="append", default=[], help="一区两群 region or group (repeatable)")
    parser.add_argument("--action", action="append", type=int, default=[], help="action 1–10 (repeatable)")
    parser.add_argument("--status", action="append", default=[], help="status code or Chinese label (repeatable)")
    parser.add_argument("--category", action="append", default=[], help="category (repeatable)")
    parser.add_argument("--year", action="append", type=int, default=[], help="target year (repeatable)")
    parser.add_argument("--query", default="", help="free text in name, location, source")
    add_division_argument(parser)


def add_division_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--division", choices=geodata.DIVISIONS, default=geodata.DEFAULT_DIVISION,
                        help="district division: current (since 2025-11-06, default) or 2023 (the plan's)")


def spec_from_args(args: argparse.Namespace) -> FilterSpec:
    return FilterSpec(districts=args.district, regions=args.region, actions=args.action,
                      statuses=args.status, categories=args.category, years=args.year, query=args.query,
                      division=args.division)


def add_ledger_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ledger", default=str(DEFAULT_LEDGER), help="ledger CSV/XLSX (default projects.csv)")


# --- validate ---------------------------------------------------------------------------------
def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="ledger CSV (UTF-8, UTF-8 BOM, GB18030) or XLSX")


@command("validate", "check a ledger; exit 1 with one line per problem")(_configure_validate)
def run_validate(args: argparse.Namespace) -> int:
    from cymap.geo.place_checks import checked_read

    read = checked_read(read_ledger(args.path))  # the ledger's own checks, then those needing the map
    for problem in read.problems:
        print(problem)
    lang = getattr(args, "lang", "en")
    from cymap.ledger.validate import ledger_warnings
    from cymap.print.lists import header_label
    for w in ledger_warnings(read.rows):  # warnings (completed above total …) on stderr: stdout stays problems
        print(t("cli_warning", lang, row=w.row, column=header_label(w.column, lang), value=w.value,
                message=t(f"warn_{w.kind}", lang, other=w.other)), file=sys.stderr)
    print(t("cli_validate_summary", lang, rows=read.total_rows, encoding=read.encoding or t("cli_unreadable", lang),
            valid=len(read.rows), bad=read.problem_rows, problems=len(read.problems)), file=sys.stderr)
    return 1 if read.problems else 0


# --- geocode ----------------------------------------------------------------------------------
def _configure_geocode(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="ledger file")
    parser.add_argument("--out", required=True,
                        help="output: .geojson (FeatureCollection, EPSG:4326) or .gpkg (GeoPackage, one layer per "
                             "geometry type, full geometries)")
    parser.add_argument("--geometry", choices=("compact", "full"), default="compact",
                        help="GeoJSON: compact (default: district-level rows name their districts in district_codes, "
                             "no polygon copies) or full (their dissolved district polygons)")
    add_division_argument(parser)


@command("geocode", "geocode a ledger to GeoJSON or GeoPackage and print a summary")(_configure_geocode)
def run_geocode(args: argparse.Namespace) -> int:
    from cymap.print import gis

    projects = load_projects(args.path)
    if Path(args.out).suffix.lower() == ".gpkg":
        gis.write_gpkg(projects.geocoded, args.out)
    else:
        gis.write_geojson(projects.geocoded, args.out, args.geometry)
    stats = geocode_module.summary(projects.geocoded)
    print(f"rows: {stats['rows']} geocoded of {projects.read.total_rows} read "
          f"({len(projects.problems)} validation problems)")
    for precision, count in sorted(stats["precision"].items()):
        print(f"  {precision}: {count}")
    print("located by (issue 13):")
    for how, count in stats.get("located_by", {}).items():
        print(f"  {how}: {count}")
    if stats.get("located_from_name"):
        print(f"  of which located from the name (no location): {stats['located_from_name']}")
    print(f"unresolved names: {', '.join(stats['unresolved_names']) or 'none'}")
    column = division_module.districts_column(args.division)
    counts = projects.geocoded[column].explode().value_counts()
    print(f"rows per district ({args.division} division, column {column}): "
          + (", ".join(f"{name} {count}" for name, count in counts.items()) or "none"))
    print(geodata.division_note(args.division, "en"))
    for problem in projects.problems:
        print(f"  problem: {problem}", file=sys.stderr)
    return 1 if stats["unresolved_names"] or projects.problems else 0


# --- ledger editing: update, history, import (issue 6); the same on a shared ledger (issue 18) ---
# --ledger is a file (its history beside it; --who names the editor) or postgresql://… (the shared
# ledger: --user names the account, the password comes from $CYMAP_PASSWORD or the prompt).
def _add_writer_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--who", default="", help="file ledger: editor name for the history "
                                                  "(default $CYMAP_EDITOR or login)")
    parser.add_argument("--user", default=None, help="shared ledger: your account (default $CYMAP_USER); "
                                                     "password from $CYMAP_PASSWORD or the prompt")


def _configure_update(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("id", help="project id, e.g. A02-T05-01")
    parser.add_argument("--status", required=True, help="new status: code or Chinese label (在建, 建成投用 …)")
    parser.add_argument("--note", default="", help="why the status changed (recorded with the change)")
    _add_writer_arguments(parser)
    parser.add_argument("--if-version", default=None,
                        help="refuse unless the row's version is still this (from `history --version`)")


@command("update", "change a project's status with a note; recorded in the history")(_configure_update)
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
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not result.changed:
        print(f"{args.id}: no change (status and note already as given)")
        return 0
    for change in result.changes:
        print(f"{change.id}: {change.field} {change.old!r} -> {change.new!r}"
              + (f" — note: {args.note}" if args.note else ""))
    print(f"version {result.versions.get(args.id, '')}", file=sys.stderr)
    return 0


def _configure_history(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("id", nargs="?", default=None, help="only this project")
    parser.add_argument("--since", default=None, help="only changes on or after this date (YYYY-MM-DD, UTC)")
    parser.add_argument("--version", action="store_true", help="also print the project's current row version")


@command("history", "list recorded ledger changes (who, when, field, old -> new, note)")(_configure_history)
def run_history(args: argparse.Namespace) -> int:
    from cymap import shared

    try:
        ledger = shared.open_ledger_store(args.ledger, pool_size=1)
        try:
            entries = ledger.changes_since(args.since, args.id) if args.since else ledger.history(args.id)
            version = ledger.snapshot().version(args.id) if args.version and args.id else ""
        finally:
            ledger.close()
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for entry in entries:
        print(entry)
    if version:
        print(f"version {version}")
    print(f"{len(entries)} changes", file=sys.stderr)
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="updated ledger (CSV in UTF-8/BOM/GB18030, or XLSX)")
    add_ledger_argument(parser)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--preview", action="store_true", help="show what would be added, changed, removed")
    mode.add_argument("--apply", action="store_true", help="apply it (backed up and recorded in the history)")
    parser.add_argument("--keep-removed", action="store_true", help="keep ledger rows the file does not have")
    parser.add_argument("--note", default="", help="note recorded with every change")
    _add_writer_arguments(parser)


@command("import", "import an updated ledger: --preview what changes, or --apply it")(_configure_import)
def run_import(args: argparse.Namespace) -> int:
    from cymap import shared
    from cymap.ledger import store

    try:
        ledger = shared.open_ledger_store(args.ledger, pool_size=1)
        try:
            preview = ledger.preview_import(args.path)
            for line in preview.lines():
                print(line)
            if args.preview:
                return 1 if preview.problems else 0
            result = ledger.apply_import(preview, shared.writer(ledger, args), args.note,
                                         keep_removed=args.keep_removed)
        finally:
            ledger.close()
    except (store.StoreError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"applied: {len(result.changes)} changes recorded" if result.changed else "nothing to apply")
    return 0


# --- the shared ledger's database and accounts (issue 18): db init|migrate|import|export, user … ----
def _configure_db(parser: argparse.ArgumentParser) -> None:
    from cymap import shared

    shared.configure_db(parser)


@command("db", "shared ledger (PostgreSQL): init, migrate, import FILE, export --out FILE")(_configure_db)
def run_db(args: argparse.Namespace) -> int:
    from cymap import shared

    return shared.run_db(args)


def _configure_user(parser: argparse.ArgumentParser) -> None:
    from cymap import shared

    shared.configure_user(parser)


@command("user", "shared ledger accounts: add NAME --role R [--district D …], remove NAME, list")(_configure_user)
def run_user(args: argparse.Namespace) -> int:
    from cymap import shared

    return shared.run_user(args)


# --- exports: export, pack (issue 5) -----------------------------------------------------------
def _add_export_options(parser: argparse.ArgumentParser, *, page: bool = True) -> None:
    add_filter_arguments(parser)
    add_ledger_argument(parser)
    parser.add_argument("--out", required=True, help="output file")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="labels: zh (default) or en")
    from cymap.print.formats import PAPERS

    parser.add_argument("--paper", choices=PAPERS, default="A4",
                        help="paper size (default A4; A1 and A0 are wall maps with the full numbered list)")
    if page:
        parser.add_argument("--orientation", choices=("landscape", "portrait"), default="landscape")
        parser.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")


def _configure_export(parser: argparse.ArgumentParser) -> None:
    from cymap.print import formats

    parser.add_argument("--format", choices=formats.FILE_FORMATS, default=None,
                        help="png, pdf, svg, html, csv or xlsx (default: from --out's extension)")
    _add_export_options(parser)
    parser.add_argument("--basemap", default="osm", help="html only: osm, carto, gaode, tianditu, none")


def _filtered_view(args: argparse.Namespace):
    projects = load_projects(args.ledger)
    from cymap.views.filters import apply_filters

    spec = spec_from_args(args)
    return apply_filters(projects.geocoded, spec), spec


@command("export", "export the filtered map or list: png, pdf, svg, html, csv, xlsx")(_configure_export)
def run_export(args: argparse.Namespace) -> int:
    from cymap.print import formats

    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    if fmt not in formats.FILE_FORMATS:
        print(f"error: --format {fmt!r} is not one of {', '.join(formats.FILE_FORMATS)}", file=sys.stderr)
        return 2
    view, spec = _filtered_view(args)
    options = formats.ExportOptions(fmt=fmt, paper=args.paper, orientation=args.orientation, dpi=args.dpi,
                                    lang=args.lang, basemap=args.basemap)
    data = formats.render(view, spec, options, date=None)
    Path(args.out).write_bytes(data)
    print(f"{args.out}: {fmt}, {len(view)} projects, {len(data):,} bytes")
    return 0


def _configure_pack(parser: argparse.ArgumentParser) -> None:
    _add_export_options(parser, page=False)


def progress_bar(done: int, total: int, width: int = 30, stream=None) -> None:
    """`[#########.....]  9/38 pages` on one line, redrawn in place."""
    stream = stream or sys.stderr
    filled = int(width * done / max(total, 1))
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages")
    if done >= total:
        stream.write("\n")
    stream.flush()


@command("pack", "meeting pack: one PDF, overview + one page per district with projects")(_configure_pack)
def run_pack(args: argparse.Namespace) -> int:
    from cymap.print import formats

    view, spec = _filtered_view(args)
    options = formats.ExportOptions(fmt=formats.PACK, paper=args.paper, lang=args.lang)
    data = formats.render(view, spec, options, date=None, progress=progress_bar)
    Path(args.out).write_bytes(data)
    print(f"{args.out}: {len(view)} projects, {len(data):,} bytes")
    return 0


# --- stale: statuses to chase before a meeting (issue 14) --------------------------------------
def _configure_stale(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("--months", type=int, default=6, help="older than this many months (default 6)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="labels: zh (default) or en")
    parser.add_argument("--today", default=None, help="count from this date (YYYY-MM-DD; default today, UTC)")
    add_division_argument(parser)


@command("stale", "list rows whose status_date is older than N months, by district and lead unit")(_configure_stale)
def run_stale(args: argparse.Namespace) -> int:
    from cymap.views import stale

    try:
        report = stale.stale_rows(load_projects(args.ledger).geocoded, args.months, args.today, args.division)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(stale.format_report(report, args.lang)))
    return 0


# --- late: 滞后 derived from the planned dates, by lead unit and district (issue 17) --------------
def _configure_late(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("--today", default=None, help="count from this date (YYYY-MM-DD; default today, UTC)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="labels: zh (default) or en")
    parser.add_argument("--out", default=None, help="write the list as .csv or .xlsx instead of printing it")
    add_division_argument(parser)


@command("late", "list late and at-risk projects (planned start/completion passed), by lead unit")(_configure_late)
def run_late(args: argparse.Namespace) -> int:
    from cymap.print import late_list
    from cymap.views import late

    fmt = Path(args.out).suffix.lstrip(".").lower() if args.out else ""
    if args.out and fmt not in late_list.FORMATS:
        print(f"error: --out must end in .csv or .xlsx, not {args.out!r}", file=sys.stderr)
        return 2
    try:
        report = late.late_rows(load_projects(args.ledger).geocoded, args.today, args.division)
    except (ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_bytes(late_list.render(report, fmt, args.lang))
        print(f"{args.out}: {report.late} late, {report.at_risk} at risk of {report.total} rows")
    else:
        print("\n".join(late.format_report(report, args.lang)))
    return 0


# --- entry point ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cymap", description="cymap: the Chengdu–Chongqing plan on a map")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (configure, run, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text)
        configure(sub)
        if not any("--lang" in action.option_strings for action in sub._actions):  # messages in the user's language
            sub.add_argument("--lang", choices=LANGUAGES, default=locale_language(), help=t("cli_lang_help", "en"))
        sub.set_defaults(run=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except FilterError as error:
        print(t("cli_error", getattr(args, "lang", "en"), error=error), file=sys.stderr)
        return 2
