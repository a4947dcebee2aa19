"""The CLI's command registry (`command`, COMMANDS) and the arguments several commands share
(filters, division, ledger). cymap.cli and cymap.cli_reports register their commands here."""
from __future__ import annotations

import argparse
from collections.abc import Callable

from cymap.cli_text import h
from cymap.geo import geodata
from cymap.paths import DEFAULT_LEDGER
from cymap.views.filters import FilterSpec


COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {}


def command(name: str, help_key: str):
    """Register a sub-command: decorate `run(args) -> exit code`, given a `configure(parser)`; its
    one-line help is a catalogue key (cymap.views.i18n.TEXT)."""
    def wrap(configure: Callable[[argparse.ArgumentParser], None]):
        def register(run: Callable[[argparse.Namespace], int]):
            COMMANDS[name] = (configure, run, help_key)
            return run
        return register
    return wrap


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--district", action="append", default=[],
                        help=h("cli_h_district"))
    parser.add_argument("--region", action="append", default=[], help=h("cli_h_region"))
    parser.add_argument("--action", action="append", type=int, default=[], help=h("cli_h_action"))
    parser.add_argument("--status", action="append", default=[], help=h("cli_h_status"))
    parser.add_argument("--category", action="append", default=[], help=h("cli_h_category"))
    parser.add_argument("--year", action="append", type=int, default=[], help=h("cli_h_year"))
    parser.add_argument("--query", default="", help=h("cli_h_query"))
    add_division_argument(parser)


def add_division_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--division", choices=geodata.DIVISIONS, default=geodata.DEFAULT_DIVISION,
                        help=h("cli_h_division"))


def spec_from_args(args: argparse.Namespace) -> FilterSpec:
    return FilterSpec(districts=args.district, regions=args.region, actions=args.action,
                      statuses=args.status, categories=args.category, years=args.year, query=args.query,
                      division=args.division)


def add_ledger_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ledger", default=str(DEFAULT_LEDGER), help=h("cli_h_ledger"))
