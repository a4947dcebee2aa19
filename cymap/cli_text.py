"""What `python -m cymap` says, in the user's language: the language of a run (--lang, else the
locale's), option help from the catalogue, and the lines that commands print.

Every word comes from the one catalogue (cymap.views.i18n.TEXT, keys cli_*); the ledger's own data
(ids, names, codes in the English lines scripts read) is printed as it is.
"""
from __future__ import annotations

import argparse
import contextvars
import sys

from cymap.geo import division as division_module
from cymap.geo import geodata
from cymap.views.i18n import (DEFAULT_LANGUAGE, LANGUAGES, TEXT, district_label, join_names, located_by_label,
                              message_language, precision_label, status_label, t)
from cymap.views.problems import problem_line, problem_row

HELP_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("cymap_help_lang", default="en")


def h(key: str) -> str:
    """An option's help text: catalogue key `key` in the language build_parser is building in."""
    return t(key, HELP_LANG.get())


def lang_of(args: argparse.Namespace) -> str:
    """The messages' language: --lang, else the locale's (LC_ALL, LC_MESSAGES, LANG: zh… -> zh, else en)."""
    return message_language(getattr(args, "lang", None))


def labels_of(args: argparse.Namespace) -> str:
    """The labels of what a command writes or lists (maps, packs, lists): --lang, else Chinese."""
    return getattr(args, "lang", None) or DEFAULT_LANGUAGE


def say_error(args: argparse.Namespace, error) -> None:
    print(t("cli_error", lang_of(args), error=error), file=sys.stderr)


def bad_date(args: argparse.Namespace, value: str | None, parse) -> bool:
    """Say so and return True when a date option (--since, --today) is given and `parse` rejects it
    (returns None or raises ValueError)."""
    if value is None:
        return False
    try:
        good = parse(value) is not None
    except ValueError:
        good = False
    if not good:
        say_error(args, t("cli_not_a_date", lang_of(args), value=repr(value)))
    return not good


def add_help_option(parser: argparse.ArgumentParser) -> None:
    """-h/--help with its help text from the catalogue (argparse's own headings stay English)."""
    parser.add_argument("-h", "--help", action="help", help=h("cli_h_help"))


def add_nested_lang(parser: argparse.ArgumentParser) -> None:
    """--lang before or after a command (`--lang zh db init`, `db init --lang zh`): SUPPRESS leaves it
    unset unless given, so a later parser's default never overwrites one given earlier."""
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=h("cli_lang_help"))


def chosen_language(argv: list[str]) -> str | None:
    """--lang zh / --lang=zh in the arguments, read before parsing so that --help is in it too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def geocode_lines(projects, stats: dict, division: str, lang: str) -> list[str]:
    """The geocode summary: rows, by precision, by way of locating, unresolved names, per district."""
    lines = [t("cli_geocode_rows", lang, rows=stats["rows"], read=projects.read.total_rows,
               problems=len(projects.problems)), t("cli_by_precision", lang)]
    lines += [t("cli_count", lang, label=precision_label(p, lang), count=n)
              for p, n in sorted(stats["precision"].items())]
    lines.append(t("cli_located_by", lang))
    lines += [t("cli_count", lang, label=located_by_label(how, lang), count=n)
              for how, n in stats.get("located_by", {}).items()]
    if stats.get("located_from_name"):
        lines.append(t("cli_located_from_name", lang, count=stats["located_from_name"]))
    lines.append(t("cli_unresolved", lang, names=join_names(stats["unresolved_names"], lang) or t("cli_none", lang)))
    column = division_module.districts_column(division)
    counts = projects.geocoded[column].explode().value_counts()
    per = join_names((f"{district_label(name, lang)} {n}" for name, n in counts.items()), lang)
    lines.append(t("cli_per_district", lang, division=t(f"division_{division}", lang), column=column,
                   counts=per or t("cli_none", lang)))
    return [*lines, geodata.division_note(division, lang)]


def change_line(change, lang: str) -> str:
    """`A02-T05-01: status 'planned' -> 'completed'`; in Chinese the field and status by their labels."""
    if lang == "en":  # the ledger's own codes, as scripts read them
        return t("cli_change", lang, id=change.id, field=change.field, old=repr(change.old), new=repr(change.new))
    value = status_label if change.field == "status" else str
    return t("cli_change", lang, id=change.id, field=t(change.field, lang) if change.field in TEXT else change.field,
             old=f"“{value(change.old)}”", new=f"“{value(change.new)}”")


def history_line(entry, lang: str) -> str:
    """One recorded change: when, who, then the change as change_line says it, and its note."""
    if lang == "en":
        return str(entry)  # the history's own line (cymap.ledger.history.Entry)
    return f"{entry.when}  {entry.who}  {change_line(entry, lang)}" + (f"  — {entry.note}" if entry.note else "")


def import_summary(preview, lang: str) -> str:
    """An import preview in one line (the CLI's first line, the Edit tab's summary): rows added, changed,
    removed, unchanged, problems, and — for a file without ids — how many rows kept theirs."""
    text = t("cli_import_summary", lang, file=preview.filename, rows=preview.read.total_rows,
             added=len(preview.added), changed=len(preview.changed_ids), fields=len(preview.changed),
             removed=len(preview.removed), unchanged=preview.unchanged, problems=len(preview.problems))
    return text + (t("import_ids_kept", lang, count=preview.ids_kept) if preview.ids_kept is not None else "")


def preview_lines(preview, lang: str) -> list[str]:
    """An import preview as text: a summary, then one line per problem, added/removed row, changed field."""
    out = [import_summary(preview, lang)]
    out += [t("cli_problem", lang, problem=problem_line(p, lang)) for p in preview.problems]
    out += [f"  + {r.id}  {r.name_zh}" for r in preview.added.itertuples()]
    out += [f"  ~ {c.id}  {c.field}: {c.old!r} -> {c.new!r}" if lang == "en" else f"  ~ {change_line(c, lang)}"
            for c in preview.changed]
    out += [f"  - {r.id}  {r.name_zh}" for r in preview.removed.itertuples()]
    return out


def validate_lines(read, lang: str) -> tuple[list[str], list[str]]:
    """`validate`'s output in the language: one line per problem (English: `str(problem)`, the line scripts
    read), then the warnings (cymap.ledger.validate.ledger_warnings: rows that load but deserve a look) and
    the summary."""
    from cymap.ledger.validate import ledger_warnings

    notes = [t("cli_warning", lang, **problem_row(w, lang)) for w in ledger_warnings(read.rows)]
    notes.append(t("cli_validate_summary", lang, rows=read.total_rows, valid=len(read.rows), bad=read.problem_rows,
                   encoding=read.encoding or t("cli_unreadable", lang), problems=len(read.problems)))
    return [problem_line(p, lang) for p in read.problems], notes


def progress_bar(done: int, total: int, width: int = 30, stream=None, lang: str = "en") -> None:
    """`[#########.....]  9/38 pages` on one line, redrawn in place."""
    stream = stream or sys.stderr
    filled = int(width * done / max(total, 1))
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] " + t("cli_pages", lang, done=done, total=total))
    if done >= total:
        stream.write("\n")
    stream.flush()
