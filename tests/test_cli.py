"""The stable CLI interface: validate and geocode; every command's messages and help in zh and en."""
import json
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EDIT_LEDGER, ROOT
from tests.test_i18n import ZH_ALLOWED

from cymap import cli
from cymap.cli import main
from cymap.cli_text import change_line, history_line
from cymap.geo import geodata
from cymap.ledger.read import read_ledger
from cymap.ledger import history
from cymap.ledger.history import Change
from cymap.views.i18n import TEXT, t




def test_validate_clean_ledger_exits_zero(write_ledger, capsys):
    path = write_ledger(["A02-T05-01,甲,a,2,5,rail,涪陵,ongoing,2027,,s,2023-03-10,"])
    assert main(["validate", str(path)]) == 0


def test_validate_reports_row_column_value_and_exits_one(write_ledger, capsys):
    path = write_ledger([
        "A02-T05-01,甲,a,2,5,rail,涪陵,ongoing,2027,,s,2023-03-10,",
        "A02-T05-02,乙,b,2,5,rocket,涪陵,bogus,20x7,,s,10/3/2023,",
    ])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "row 2, column category: value 'rocket'" in out[0]
    assert any("row 2, column status: value 'bogus'" in line for line in out)
    assert any("row 2, column target_year: value '20x7'" in line for line in out)
    assert any("row 2, column updated: value '10/3/2023'" in line for line in out)


def test_geocode_writes_feature_collection_with_contract_properties(write_ledger, tmp_path, capsys):
    path = write_ledger([
        "A02-T05-01,机场,Airport,2,5,airport,江北国际机场,under_construction,2027,,s,2023-03-10,",
        "A09-T45-01,帮扶县,Counties,9,45,pilot,城口县;巫溪县,ongoing,,,s,2023-03-10,",
    ])
    out = tmp_path / "x.geojson"
    assert main(["geocode", str(path), "--out", str(out)]) == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    props = collection["features"][1]["properties"]
    for key in ("id", "name_zh", "action", "status", "precision", "districts", "primary_district"):
        assert key in props
    assert isinstance(props["districts"], list) and "城口县" in props["districts"]
    assert props["primary_district"] == "城口县"
    printed = capsys.readouterr().out
    assert "rows: 2" in printed and "unresolved names: none" in printed


def test_module_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "cymap", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "validate" in result.stdout


def test_problem_names_the_spreadsheet_line_too():
    from cymap.ledger.schema import Problem

    text = str(Problem(2, "status", "bogus", "is not a status", "planned"))
    assert text.startswith("row 2, column status: value 'bogus'")
    assert "line 3 of the file" in text
    assert "line" not in str(Problem(0, "(file)", "x.csv", "the file is empty"))


# --- every command in the user's language (issue 15 item 4) -----------------------------------------
CLEAN = "A02-T05-01,甲,a,2,5,rail,涪陵,ongoing,2027,,s,2023-03-10,"
SMALL = str(ROOT / "tests" / "data" / "export_small.csv")
LANGS = ["zh", "en"]
CJK = re.compile(r"[\u3400-\u9fff]")


def set_locale(monkeypatch, **names):
    """The locale variables exactly as given (the rest unset)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in names.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("argv", [["--lang", "zh", "validate"], ["validate", "--lang", "zh"]])
def test_lang_goes_before_or_after_the_command(monkeypatch, write_ledger, capsys, argv):
    set_locale(monkeypatch, LANG="en_US.UTF-8")
    path = write_ledger([CLEAN])
    assert main([*argv, str(path)]) == 0
    assert capsys.readouterr().err == validate_summary(path, "zh")


def validate_summary(path, lang: str) -> str:
    read = read_ledger(path)
    return t("cli_validate_summary", lang, rows=read.total_rows, encoding=read.encoding, valid=len(read.rows),
             bad=read.problem_rows, problems=len(read.problems)) + "\n"


@pytest.mark.parametrize("locale, argv, lang", [
    ({"LANG": "zh_CN.UTF-8"}, [], "zh"),
    ({"LANG": "C.UTF-8"}, [], "en"),
    ({}, [], "en"),
    ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, [], "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, [], "en"),  # LC_ALL first, as POSIX orders them
    ({"LANG": "zh_CN.UTF-8"}, ["--lang", "en"], "en"),  # --lang overrides the locale
    ({"LANG": "C"}, ["--lang", "zh"], "zh"),
    ({"LANG": "C"}, ["--lang=zh"], "zh"),
])
def test_the_language_comes_from_the_locale_and_lang_overrides_it(monkeypatch, write_ledger, capsys, locale, argv,
                                                                   lang):
    set_locale(monkeypatch, **locale)
    path = write_ledger([CLEAN])
    assert main(["validate", str(path), *argv]) == 0
    assert capsys.readouterr().err == validate_summary(path, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_geocode_summary_in_the_language(write_ledger, tmp_path, capsys, lang):
    path = write_ledger([CLEAN, "A09-T45-01,帮扶县,Counties,9,45,pilot,城口县;巫溪县,ongoing,,,s,2023-03-10,"])
    assert main(["geocode", str(path), "--out", str(tmp_path / "x.geojson"), "--lang", lang]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == t("cli_geocode_rows", lang, rows=2, read=2, problems=0)
    assert t("cli_unresolved", lang, names=t("cli_none", lang)) in out
    assert out[-1] == geodata.division_note("current", lang)
    assert all(CJK.search(line) for line in out if not line.startswith("  ")) == (lang == "zh")


def test_a_change_reads_in_chinese_by_its_labels_and_in_english_by_its_codes():
    change = Change("A02-T05-01", "status", "under_construction", "completed")
    assert change_line(change, "zh") == "A02-T05-01：状态 “在建” → “建成投用”"
    assert change_line(change, "en") == "A02-T05-01: status 'under_construction' -> 'completed'"


@pytest.mark.parametrize("lang", LANGS)
def test_update_history_and_import_in_the_language(ledger, tmp_path, capsys, lang):
    assert main(["update", "--ledger", str(ledger), "A02-T05-01", "--status", "建成投用", "--note", "n",
                 "--who", "王工", "--lang", lang]) == 0
    change = Change("A02-T05-01", "status", "under_construction", "completed")
    captured = capsys.readouterr()
    assert captured.out == change_line(change, lang) + t("cli_change_note", lang, note="n") + "\n"
    assert captured.err.startswith(t("cli_version", lang, version=""))
    assert main(["history", "--ledger", str(ledger), "--lang", lang]) == 0
    captured = capsys.readouterr()
    entry = history.read_history(ledger)[0]
    assert captured.out == history_line(entry, lang) + "\n" and captured.err == t("cli_changes", lang, count=1) + "\n"
    assert (change_line(change, lang) in captured.out) == (lang == "zh")  # English: the history's own line
    assert main(["history", "--ledger", str(ledger), "--since", "last year", "--lang", lang]) == 2
    assert capsys.readouterr().err == t("cli_error", lang, error=t("cli_not_a_date", lang, value="'last year'")) + "\n"
    upload = tmp_path / "up.csv"
    shutil.copy(EDIT_LEDGER, upload)  # the ledger as it was: the update undone
    assert main(["import", str(upload), "--preview", "--ledger", str(ledger), "--lang", lang]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == t("cli_import_summary", lang, file="up.csv", rows=4, added=0, changed=1, fields=3, removed=0,
                       unchanged=3, problems=0)
    assert main(["import", str(upload), "--apply", "--ledger", str(ledger), "--who", "a", "--lang", lang]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == t("cli_applied", lang, count=3)
    assert main(["import", str(upload), "--apply", "--ledger", str(ledger), "--who", "a", "--lang", lang]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == t("cli_nothing_to_apply", lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("argv", [["db", "init"], ["db", "export", "--out", "x.csv"], ["user", "list"]])
def test_db_and_user_without_a_database_say_so_in_the_language(monkeypatch, capsys, lang, argv):
    monkeypatch.delenv("CYMAP_LEDGER", raising=False)
    assert main([*argv, "--lang", lang]) == 1
    assert capsys.readouterr().err == t("cli_error", lang, error=t("cli_db_needs_url", lang)) + "\n"


@pytest.mark.parametrize("lang", LANGS)
def test_export_and_its_errors_in_the_language(tmp_path, capsys, lang):
    out = tmp_path / "list.csv"
    assert main(["export", "--ledger", SMALL, "--district", "万州", "--out", str(out), "--lang", lang]) == 0
    printed = capsys.readouterr().out
    count = printed.split(t("cli_exported", lang, out="", format="csv", count="|", size="").split("|")[0])[1]
    assert printed == t("cli_exported", lang, out=out, format="csv", count=int(count.split()[0]),
                        size=f"{out.stat().st_size:,}") + "\n"
    assert main(["export", "--ledger", SMALL, "--out", str(tmp_path / "x.docx"), "--lang", lang]) == 2
    assert capsys.readouterr().err == t("cli_error", lang, error=t(
        "cli_bad_format", lang, format="'docx'", formats="png, pdf, svg, html, csv, xlsx")) + "\n"


def test_files_keep_chinese_labels_unless_lang_says_otherwise(monkeypatch, tmp_path, capsys):
    """An English locale changes the messages, not the meeting files: those follow --lang only."""
    set_locale(monkeypatch, LANG="en_US.UTF-8")
    plain, chinese, english = (tmp_path / f"{name}.csv" for name in ("plain", "zh", "en"))
    assert main(["export", "--ledger", SMALL, "--out", str(plain)]) == 0
    assert main(["export", "--ledger", SMALL, "--out", str(chinese), "--lang", "zh"]) == 0
    assert main(["export", "--ledger", SMALL, "--out", str(english), "--lang", "en"]) == 0
    assert plain.read_bytes() == chinese.read_bytes() != english.read_bytes()
    assert capsys.readouterr().out.startswith(f"{plain}: csv, ")  # the message in the locale's English


def test_pack_progress_in_chinese(tmp_path, capsys):
    out = tmp_path / "pack.pdf"
    assert main(["pack", "--ledger", SMALL, "--district", "万州", "--out", str(out), "--lang", "zh"]) == 0
    err = capsys.readouterr().err
    done = re.findall(r"\] (\d+)/(\d+) 页", err)
    assert done and done[-1][0] == done[-1][1] and "pages" not in err


@pytest.mark.parametrize("lang", LANGS)
def test_stale_and_late_errors_in_the_language(tmp_path, capsys, lang):
    assert main(["stale", "--ledger", SMALL, "--today", "1 Dec 2026", "--lang", lang]) == 2
    assert capsys.readouterr().err == t("cli_error", lang, error=t("cli_not_a_date", lang, value="'1 Dec 2026'")) + "\n"
    assert main(["stale", "--ledger", SMALL, "--months", "-1", "--lang", lang]) == 2
    assert capsys.readouterr().err == t("cli_error", lang, error=t("cli_months_negative", lang)) + "\n"
    bad = str(tmp_path / "x.pdf")
    assert main(["late", "--ledger", SMALL, "--out", bad, "--lang", lang]) == 2
    assert capsys.readouterr().err == t("cli_error", lang, error=t("cli_late_out", lang, out=repr(bad))) + "\n"
    out = tmp_path / "late.csv"
    assert main(["late", "--ledger", SMALL, "--today", "2026-12-01", "--out", str(out), "--lang", lang]) == 0
    from cymap.geo.projects import load_projects
    from cymap.views import late

    report = late.late_rows(load_projects(SMALL).geocoded, "2026-12-01")
    assert capsys.readouterr().out == t("cli_late_written", lang, out=out, late=report.late, risk=report.at_risk,
                                        total=report.total) + "\n"


# --- help: every command and option, in both languages -----------------------------------------------
# Names a Chinese help text may show as they are typed or published: formats, standards, variables.
CLI_TECHNICAL = {"BOM", "UTF", "YYYY", "MM", "DD", "EPSG", "FeatureCollection", "GeoJSON", "GeoPackage", "PostGIS",
                 "PostgreSQL", "LC", "ALL", "MESSAGES", "LANG", "USER", "LEDGER", "jsonl", "geojson", "gpkg", "csv",
                 "xlsx", "projects", "cymap", "user", "host", "db", "postgresql", "district", "codes", "status",
                 "date"}


def help_pages():
    """argv of every --help page: the top, each command, each command of db and user."""
    yield []
    for name in cli.COMMANDS:
        yield [name]
    yield from (["db", name] for name in ("init", "migrate", "import", "export"))
    yield from (["user", name] for name in ("add", "remove", "list"))


def help_text(capsys, argv: list[str], lang: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help", "--lang", lang])
    assert done.value.code == 0
    return capsys.readouterr().out


def typed_values() -> set[str]:
    """Chinese an English help may quote as it is typed: district names and their short forms, status
    and region labels."""
    from cymap.ledger.schema import REGION_GROUPS, REGIONS, STATUSES

    names = {n for division in geodata.DIVISIONS for n in geodata.districts(division)["name_zh"]}
    names |= {n[:-1] for n in names} | {v["zh"] for v in STATUSES.values()}
    return names | {v["zh"] for v in {**REGIONS, **REGION_GROUPS}.values()} | {"一区两群"}


def typed_words(capsys) -> set[str]:
    """What is typed on the command line: every usage line's commands, options, metavars and choices,
    and the basemap names --basemap takes."""
    from cymap.views.basemap_choices import BASEMAP_KEYS

    usages = [help_text(capsys, argv, "en").partition("\n\n")[0] for argv in help_pages()]
    return set(re.findall(r"[A-Za-z]{2,}", " ".join([*usages, *BASEMAP_KEYS])))


@pytest.mark.parametrize("argv", list(help_pages()), ids=lambda a: " ".join(a) or "top")
def test_help_is_in_the_language(capsys, argv):
    typed = typed_words(capsys)
    zh, en = help_text(capsys, argv, "zh"), help_text(capsys, argv, "en")
    body = zh.partition("\n\n")[2]
    headings = {"positional", "arguments", "options", "help"}  # argparse's own (its gettext catalogue) and --help
    words = set(re.findall(r"[A-Za-z]{2,}", body)) - typed - headings - ZH_ALLOWED - CLI_TECHNICAL
    words -= {w for choice in re.findall(r"\{([^}]*)\}", body) for w in re.findall(r"[A-Za-z]{2,}", choice)}
    assert not words, (argv, sorted(words))
    assert CJK.search(body) and not set(re.findall(r"[\u3400-\u9fff]+", en)) - typed_values()
    assert zh != en


def test_every_cli_key_is_used():
    """No message is left in the catalogue that no command prints (the catalogue says what the CLI says)."""
    used = set()
    for path in (ROOT / "cymap").glob("*.py"):
        used |= set(re.findall(r'"(cli_[a-z_0-9]+)"', path.read_text(encoding="utf-8")))
    used |= {f"cli_db_{name}" for name in ("init", "migrate", "import", "export")}  # help=h(f"cli_db_{name}")
    assert {key for key in TEXT if key.startswith("cli_")} == used
