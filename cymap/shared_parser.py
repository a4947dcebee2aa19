"""The `db` and `user` commands' arguments (cymap.shared runs them): apart, so building the CLI's
parser does not import the database, geocoding and PostGIS code that running them needs."""
from __future__ import annotations

import argparse

from cymap.ledger.accounts import ROLES


def configure_db(parser: argparse.ArgumentParser) -> None:
    from cymap.cli_text import add_help_option, add_nested_lang, h  # help in the parser's language

    sub = parser.add_subparsers(dest="db_command", required=True)
    for name in ("init", "migrate", "import", "export"):
        command = sub.add_parser(name, help=h(f"cli_db_{name}"), add_help=False)
        add_help_option(command)
        add_nested_lang(command)
        command.add_argument("--ledger", default=None, help=h("cli_h_db_ledger"))
        if name == "import":
            command.add_argument("path", help=h("cli_h_db_import_path"))
        if name == "export":
            command.add_argument("--out", required=True, help=h("cli_h_db_export_out"))


def configure_user(parser: argparse.ArgumentParser) -> None:
    from cymap.cli_text import add_help_option, add_nested_lang, h  # help in the parser's language

    sub = parser.add_subparsers(dest="user_command", required=True)
    add = sub.add_parser("add", help=h("cli_h_user_add"), add_help=False)
    add.add_argument("name", help=h("cli_h_user_name"))
    add.add_argument("--role", required=True, choices=ROLES, help=h("cli_h_role"))
    add.add_argument("--district", action="append", default=[],
                     help=h("cli_h_user_district"))
    add.add_argument("--password-stdin", action="store_true", help=h("cli_h_password_stdin"))
    remove = sub.add_parser("remove", help=h("cli_h_user_remove"), add_help=False)
    remove.add_argument("name", help=h("cli_h_user_name"))
    sub.add_parser("list", help=h("cli_h_user_list"), add_help=False)
    for command in (add, remove, *[p for n, p in sub.choices.items() if n == "list"]):
        command.add_argument("--ledger", default=None, help=h("cli_h_db_ledger"))
        add_help_option(command)
        add_nested_lang(command)
