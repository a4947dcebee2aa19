"""The CLI's report commands, `stale` (issue 14) and `late` (issue 17): lists to chase before a
meeting. They register in cymap.cli's COMMANDS like the commands there."""
from __future__ import annotations

import argparse
from pathlib import Path

from cymap.cli_commands import add_division_argument, add_ledger_argument, command
from cymap.cli_text import bad_date, h, labels_of, lang_of, say_error
from cymap.geo.projects import load_projects
from cymap.views.i18n import t


# --- stale: statuses to chase before a meeting (issue 14) --------------------------------------
def _configure_stale(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("--months", type=int, default=6, help=h("cli_h_months"))
    parser.add_argument("--today", default=None, help=h("cli_h_today"))
    add_division_argument(parser)


@command("stale", "cli_cmd_stale")(_configure_stale)
def run_stale(args: argparse.Namespace) -> int:
    from cymap.views import asof, stale

    if args.months < 0:
        say_error(args, t("cli_months_negative", lang_of(args)))
        return 2
    if bad_date(args, args.today, asof.parse_date):
        return 2
    try:
        report = stale.stale_rows(load_projects(args.ledger).geocoded, args.months, args.today, args.division)
    except (ValueError, OSError) as error:
        say_error(args, error)
        return 2
    print("\n".join(stale.format_report(report, labels_of(args))))
    return 0


# --- late: 滞后 derived from the planned dates, by lead unit and district (issue 17) --------------
def _configure_late(parser: argparse.ArgumentParser) -> None:
    add_ledger_argument(parser)
    parser.add_argument("--today", default=None, help=h("cli_h_today"))
    parser.add_argument("--out", default=None, help=h("cli_h_late_out"))
    add_division_argument(parser)


@command("late", "cli_cmd_late")(_configure_late)
def run_late(args: argparse.Namespace) -> int:
    from cymap.print import late_list
    from cymap.views import asof, late

    fmt = Path(args.out).suffix.lstrip(".").lower() if args.out else ""
    if args.out and fmt not in late_list.FORMATS:
        say_error(args, t("cli_late_out", lang_of(args), out=repr(args.out)))
        return 2
    if bad_date(args, args.today, asof.parse_date):
        return 2
    try:
        report = late.late_rows(load_projects(args.ledger).geocoded, args.today, args.division)
    except (ValueError, OSError) as error:
        say_error(args, error)
        return 2
    if args.out:
        Path(args.out).write_bytes(late_list.render(report, fmt, labels_of(args)))
        print(t("cli_late_written", lang_of(args), out=args.out, late=report.late, risk=report.at_risk,
                total=report.total))
    else:
        print("\n".join(late.format_report(report, labels_of(args))))
    return 0
