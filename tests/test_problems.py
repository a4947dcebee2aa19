"""Issue 15 item 4: every ledger problem in the user's language (cymap.views.problems).

Each Problem names its `kind` and `fields`; the catalogue says every kind in Chinese and English. The
kinds are collected from the code that makes problems, and hostile input provokes them: the Chinese
line has no English word beyond the values it quotes and still names row, column and value.
"""
from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import openpyxl
import pytest

from app_helpers import open_tab

from cymap.geo.place_checks import checked_read
from cymap.ledger import importer
from cymap.ledger.read import LedgerReadError, read_ledger, read_raw, unreadable
from cymap.views import problems as words
from cymap.views.i18n import TEXT
from tests.test_i18n import ZH_ALLOWED, ZH_ALSO

ROOT = Path(__file__).resolve().parents[1]
MAKERS = ["cymap/ledger/validate.py", "cymap/ledger/read.py", "cymap/ledger/importer.py", "cymap/geo/place_checks.py"]
KIND_ARG = {"report": 5, "Problem": 5, "LedgerReadError": 1, "LedgerTooLargeError": 1}  # kind's position


def _strings(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def kinds_in_code() -> set[str]:
    """Every kind the problem makers write: the kind argument of report/Problem/LedgerReadError calls,
    and the file_/cell_ kinds returned by the helpers that choose one (_ole_message, _cell_kind, unreadable)."""
    kinds: set[str] = set()
    for path in MAKERS:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in KIND_ARG:
                position = KIND_ARG[node.func.id]
                if len(node.args) > position and not isinstance(node.args[position], ast.Starred):
                    kinds |= _strings(node.args[position])
                kinds |= {s for k in node.keywords if k.arg == "kind" for s in _strings(k.value)}
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"(file|cell)_[a-z_]+", node.value):
                    kinds.add(node.value)
    return kinds


def test_every_kind_in_the_code_is_said_in_both_languages():
    kinds = kinds_in_code()
    assert len(kinds) >= 35 and {"not_status", "file_empty", "cell_too_long", "not_district"} <= kinds
    for kind in kinds:
        assert f"problem_{kind}" in TEXT, kind
        assert TEXT[f"problem_{kind}"]["zh"] != TEXT[f"problem_{kind}"]["en"], kind


# --- hostile input --------------------------------------------------------------------------------------
BAD_ROWS = (
    "id,name_zh,location,category,status,action,task,target_year,updated,lon,lat,total_investment,"
    "planned_start,district_declared,status\n"
    "A02-T05-01,甲,渝北,rocket,bogus,11,99,3000,2023-02-30,abc,29,很多,2025-13,,dup\n"
    "A02-T05-01,乙,渝北,rail,在建,3,5,2027,2023/3/1,29.5,106.5,1,2025,火星区,\n"
    "bad id!,丙,渝北,rail,在建,2,5,2027,20x,,29,1,2025,渝北区,\n"
    "A03-T05-01,,渝北,rail,在建,2,,2027,,120,40,1,2025,,,extra\n"
    "A04-T14-01,丁,北碚,science,在建,4,14,2027,,,,1,2025,火星区,\n"
    "A04-T14-02,戊,北碚,science,在建,4,14,2027,,120.5,40.5,1,2025,,\n"
)


def _xlsx(rows, formula: bool = False) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if formula:
        book.active["C2"] = "=1+1"  # openpyxl saves no value: the reader must say so
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _too_large(data: bytes, name: str, **limits) -> list:
    with pytest.raises(LedgerReadError) as caught:
        read_raw(data, name, **limits)
    return unreadable(name, caught.value).problems


def hostile_problems() -> list:
    found = list(checked_read(read_ledger(BAD_ROWS.encode())).problems)
    files = [(b"", "empty.csv"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls"),
             (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "locked.xlsx"),
             (b'id,name_zh\n"A1,x\nA2,y\n', "quote.csv"), (b"\xff\xfe\x00\xd8", "bom.csv"),
             (b"id\n\x80\x80\x00\xff", "binary.csv"), (b"foo,bar\n1,2\n", "other.csv"), (b"\n\n\n", "blank.csv"),
             (b",,\n,,\n", "commas.csv"),
             (b"PK\x03\x04 not a zip", "broken.xlsx"),
             (_xlsx([["id", "name_zh", "location"], ["A1", "x", ""]], formula=True), "formula.xlsx")]
    for data, name in files:
        found += read_ledger(data, name).problems
    found += read_ledger(ROOT / "tests" / "no-such-ledger.csv").problems
    found += _too_large(b"id,name_zh\n" + b"A1,x\n" * 5, "rows.csv", max_rows=2)
    found += _too_large(_xlsx([["id"], ["A1"], ["A2"], ["A3"]]), "rows.xlsx", max_rows=1)
    found += _too_large(_xlsx([["id"], ["A1"]]), "big.xlsx", max_unpacked=10)
    upload = ("id,name_zh,note\nA1,x," + "长" * 40_000 + "\nA2,y,a\x07b\n").encode()
    found += importer.preview_frame(importer.pd.DataFrame(columns=["id", "name_zh"]), "", "ledger.csv", upload,
                                    "upload.csv").problems
    return found


@pytest.fixture(scope="module")
def hostile():
    return hostile_problems()


def test_hostile_input_provokes_a_representative_set_of_kinds(hostile):
    kinds = {p.kind for p in hostile}
    assert all(p.kind for p in hostile), [str(p) for p in hostile if not p.kind]
    assert len(kinds) >= 37, sorted(kinds_in_code() - kinds)  # all but a csv module error and the default kind


def _without(line: str, quoted) -> str:
    for text in sorted(map(str, quoted), key=len, reverse=True):
        line = line.replace(text, " ") if text else line
    return line


def _words_left(line: str, quoted) -> set[str]:
    """English words of a Chinese line once what it quotes (the value, the fields) is taken out."""
    return set(re.findall(r"[A-Za-z]{2,}", _without(line, quoted)))




def test_chinese_lines_are_chinese_and_name_row_column_and_value(hostile):
    for problem in hostile:
        line = words.problem_line(problem, "zh")
        allowed = ZH_ALLOWED | ZH_ALSO.get(f"problem_{problem.kind}", set())
        left = _words_left(line, [problem.value, *problem.fields.values()])
        assert left <= allowed, (line, left - allowed)
        assert words.column_label(problem.column, "zh") in line and f"“{problem.value}”" in line, line
        if problem.row > 0:
            assert line.startswith(f"第 {problem.row} 行（文件第 {problem.row + 1} 行"), line
        row = words.problem_row(problem, "zh")
        assert re.search(r"[\u4e00-\u9fff]", row["message"]), (problem.kind, row)
        assert not row["allowed"] or re.search(r"[\u4e00-\u9fff]", row["allowed"]), (problem.kind, row)


def test_english_line_is_the_one_scripts_read_and_the_row_is_english(hostile):
    for problem in hostile:
        assert words.problem_line(problem, "en") == str(problem)
        row = words.problem_row(problem, "en")
        assert not re.search(r"[\u4e00-\u9fff]", row["message"] + row["column"] + row["allowed"]
                             .replace("渝北区", "")), (problem.kind, row)


def test_allowed_values_are_the_vocabulary_in_the_language():
    status = next(p for p in read_ledger(BAD_ROWS.encode()).problems if p.kind == "not_status")
    zh, en = words.allowed_text(status, "zh"), words.allowed_text(status, "en")
    assert "谋划、前期、在建" in zh and "planned" not in zh
    assert "planned (Planned)" in en and "谋划" not in en
    assert str(status).endswith("planned (谋划), preparing (前期), under_construction (在建), completed (建成投用), "
                                "ongoing (持续推进), delayed (滞后) (line 2 of the file, header = line 1)")


def test_fields_fill_the_chinese_message():
    problem = next(p for p in read_ledger(BAD_ROWS.encode()).problems if p.kind == "task_of_other_action")
    assert words.problem_text(problem, "zh") == "属于行动2，不属于行动3"
    assert words.problem_text(problem, "en") == problem.message == "belongs to action 2, not 3"
    assert words.allowed_text(problem, "zh") == "行动3的任务：9, 10, 11, 12, 13"


# --- where problems are shown: the command line and the app's Data quality tab ----------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_validate_prints_one_line_per_problem_in_the_language(tmp_path, capsys, monkeypatch, lang):
    from cymap.cli import main

    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # the locale says English: --lang decides
    path = tmp_path / "ledger.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    expected = checked_read(read_ledger(path)).problems
    assert main(["validate", str(path), "--lang", lang]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [words.problem_line(p, lang) for p in expected] and len(out) == len(expected) > 15
    status = next(line for line, p in zip(out, expected) if p.kind == "not_status")
    if lang == "zh":
        assert status.startswith("第 1 行（文件第 2 行，表头为第 1 行），“状态”列，值“bogus”：不是有效的状态；允许：")
        assert not any(re.search(r"\b(row|column|value|allowed)\b", line) for line in out)
    else:
        assert status.startswith("row 1, column status: value 'bogus' — is not a status — allowed: planned")


def test_cli_import_preview_lists_problems_in_chinese(tmp_path, capsys):
    from cymap.cli_text import preview_lines

    ledger = tmp_path / "projects.csv"
    ledger.write_text("id,name_zh,location,status\nA1,x,渝北区,planned\n", encoding="utf-8")
    preview = importer.preview_import(ledger, BAD_ROWS.encode(), "upload.csv")
    lines = preview_lines(preview, "zh")
    problems = [line for line in lines if line.startswith("  问题：")]
    assert len(problems) == len(preview.problems) > 15
    assert "  问题：" + words.problem_line(preview.problems[0], "zh") in lines
    assert not any("is not" in line for line in problems)


def test_data_quality_tab_shows_chinese_problems_then_english_on_the_switch(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CYMAP_LEDGER", str(ROOT / "tests" / "data" / "app_ledger.csv"))
    at = open_tab(AppTest.from_file(str(ROOT / "app.py"), default_timeout=180), "tab_quality")
    at.run()
    assert not at.exception

    def problems_frame(lang):
        headers = [TEXT[f"col_{c}"][lang] for c in ("row", "column", "value", "message", "allowed")]
        return next(f.value for f in at.dataframe if list(f.value.columns) == headers)

    zh = problems_frame("zh")
    assert set(zh[TEXT["col_message"]["zh"]]) == {"不是有效的类别", "不是有效的状态"}
    assert set(zh[TEXT["col_column"]["zh"]]) == {"类别", "状态"}
    assert all("机场" in a or "谋划" in a for a in zh[TEXT["col_allowed"]["zh"]])
    at.radio(key="lang").set_value("en")
    at.run()
    en = problems_frame("en")
    assert set(en[TEXT["col_message"]["en"]]) == {"is not a category", "is not a status"}
    assert set(en[TEXT["col_column"]["en"]]) == {"Category", "Status"}


# --- the geocoder's warnings (cymap.geo.readings.Note): the 定位核对 tab's column ------------------------------
NOTE_CASES = [("科学城", ""), ("静观镇", "万州区"), ("北碚区静观镇", "万州区"), ("双龙镇", "")]
NOTE_LEDGER = ("id,name_zh,location,category,status,district_declared\n"
               "R1,万州区临港产业园,,industry,planned,\nR2,某项目,,industry,planned,渝北区\n"
               "R3,某项目,,industry,planned,\nR4,北碚科研平台,北碚区,science,planned,万州区\n")


def note_kinds_in_code() -> set[str]:
    kinds = set()
    for path in ("cymap/geo/readings.py", "cymap/geo/locate.py"):
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            if isinstance(node, ast.Call) and "Note" in (getattr(func, "id", ""), getattr(func, "attr", "")):
                kinds |= _strings(node.args[1])
    from cymap.geo.locate import NOTES

    return kinds | set(NOTES)


@pytest.fixture(scope="module")
def notes(tmp_path_factory):
    from cymap.geo import readings, resolve
    from cymap.geo.projects import load_projects

    gazetteer = resolve.load_gazetteer()
    found = [n for text, declared in NOTE_CASES for n in readings.read_text(text, gazetteer, declared).warnings]
    path = tmp_path_factory.mktemp("notes") / "ledger.csv"
    path.write_text(NOTE_LEDGER, encoding="utf-8")
    geocoded = load_projects(path).geocoded
    return found + [n for row in geocoded["warnings"] for n in row], geocoded


def test_every_geocoder_note_is_said_in_both_languages_and_provoked(notes):
    kinds = note_kinds_in_code()
    assert len(kinds) == 8 and all(f"note_{k}" in TEXT for k in kinds)
    assert {n.kind for n in notes[0]} == kinds


def test_geocoder_notes_in_chinese_and_the_english_sentence_unchanged(notes):
    import pickle

    for note in notes[0]:
        zh = words.note_text(note, "zh")
        assert words.note_text(note, "en") == str(note)  # the catalogue's English is the geocoder's sentence
        quoted = [v for value in note.fields.values() for v in (value if isinstance(value, tuple) else [value])]
        assert not _words_left(zh, quoted), zh
        assert "" not in quoted and re.search(r"[\u4e00-\u9fff]{2}", _without(zh, quoted)), zh  # the sentence too
        assert pickle.loads(pickle.dumps(note)).kind == note.kind  # a cache keeps what it is


def test_review_table_shows_the_warnings_in_the_language(notes):
    from cymap.views import review

    zh = review.review_table(notes[1], "zh")[review.header("warnings", "zh")]
    en = review.review_table(notes[1], "en")[review.header("warnings", "en")]
    assert set(zh) >= {"按项目名称定位", "名称中没有地点：按所属区县定位", "地点“北碚区”不在所属区县万州区"}
    assert set(en) >= {"located from the name", "location '北碚区' is not in the declared district 万州区"}


def test_import_summary_says_in_the_language_how_many_rows_kept_their_ids(tmp_path):
    from cymap.cli_text import import_summary, preview_lines

    ledger = tmp_path / "projects.csv"
    ledger.write_text("id,name_zh,location,category,status\nA1,甲,渝北区,rail,planned\nA2,乙,北碚区,rail,planned\n",
                      encoding="utf-8")
    upload = "name_zh,location,category,status\n甲,渝北区,rail,completed\n乙,北碚区,rail,planned\n"
    preview = importer.preview_import(ledger, upload.encode(), "no-ids.csv")
    assert preview.ids_kept == 2
    assert import_summary(preview, "zh").endswith("；0 个问题；文件没有编号列：2 行按名称和地点沿用原编号")
    assert import_summary(preview, "en").endswith("; 0 problems; no id column: 2 rows kept their ids by name and "
                                                  "location")
    assert preview_lines(preview, "zh")[0] == import_summary(preview, "zh")


def test_cli_geocode_names_its_problems_in_the_language(tmp_path, capsys):
    from cymap.cli import main

    path = tmp_path / "ledger.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    expected = checked_read(read_ledger(path)).problems
    assert main(["geocode", str(path), "--out", str(tmp_path / "out.geojson"), "--lang", "zh"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("  问题：")]
    assert err == ["  问题：" + words.problem_line(p, "zh") for p in expected]
