"""Reading the ledgers users really have, and naming every problem by row, column and value."""
from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cymap.ledger.read import read_ledger, read_raw
from cymap.ledger.validate import normalised_strings
from cymap.ledger.schema import COLUMNS, STATUSES

HEADER = COLUMNS
GOOD = {"id": "A02-T05-01", "name_zh": "甲", "name_en": "a", "action": "2", "task": "5", "category": "rail",
        "location": "涪陵", "status": "ongoing", "target_year": "2027", "target": "", "source": "s",
        "updated": "2023-03-10", "note": ""}


def csv_bytes(rows: list[dict], encoding: str = "utf-8", header=HEADER, delimiter: str = ",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[row.get(c, "") for c in COLUMNS] for row in rows])
    return text.getvalue().encode(encoding)


# --- property: rows in = rows shown + rows reported, in every encoding ------------------------
# Each corruption makes exactly one known column invalid.
CORRUPTIONS = {
    "id": ["X 1", "A01-T０1-01", "A01-T٠١-01", "１２", "#3"],  # free ids, but no look-alike digits
    "name_zh": [""],
    "action": ["11", "0", "two", "1.5"],
    "task": ["57", "abc"],
    "category": ["rocket", "铁路线"],
    "status": ["bogus", "快完了"],
    "target_year": ["20x7", "1999", "3000"],
    "updated": ["10/3/2023", "2023-13-01", "2023-02-30", "yesterday"],
}
# Any printable text, with line breaks inside a cell (Excel's Alt+Enter) and quotes and commas.
name_text = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufeff",
                                  include_characters="\n"), min_size=1, max_size=20).filter(lambda s: s.strip() != "")
row_plan = st.tuples(name_text, st.sampled_from(list(STATUSES) + [v["zh"] for v in STATUSES.values()]),
                     st.one_of(st.none(), st.sampled_from([(c, v) for c, vs in CORRUPTIONS.items() for v in vs])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans=st.lists(row_plan, min_size=1, max_size=25),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_generated_ledgers_read_in_every_encoding(plans, encoding):
    rows, corrupted = [], {}
    for number, (name, status, corruption) in enumerate(plans, start=1):
        row = {**GOOD, "id": f"A02-T05-{number:02d}", "name_zh": name, "status": status}
        if corruption:
            column, value = corruption
            row[column] = value
            corrupted[number] = (column, value)
        rows.append(row)
    read = read_ledger(csv_bytes(rows, encoding), "generated.csv")

    assert read.encoding == encoding
    assert read.total_rows == len(rows)
    assert len(read.rows) + read.problem_rows == read.total_rows  # rows in = shown + reported
    reported = {(p.row, p.column) for p in read.problems}
    for number, (column, value) in corrupted.items():
        assert (number, column) in reported, (number, column, value, read.problems)
    assert {p.row for p in read.problems} == set(corrupted)  # valid rows are never reported
    for problem in read.problems:
        assert str(problem).startswith(f"row {problem.row}, column {problem.column}: value {problem.value!r}")
    shown = read.rows.set_index("row")
    for number, (name, status, _) in enumerate(plans, start=1):
        if number not in corrupted:
            assert shown.at[number, "name_zh"] == name.strip()  # text survives, only trimmed
            assert shown.at[number, "status"] in STATUSES


# --- every bad-value kind is named in its message -------------------------------------------
@pytest.mark.parametrize("column, value, message, allowed", [
    ("id", "A01-T０1-01", "is not an id", "digits 0–9"),
    ("id", "A03-T05-01", "says action 3 but column action is 2", "id and action agree"),
    ("name_zh", "", "is empty", "a value is required"),
    ("category", "", "is empty", "a value is required"),
    ("action", "11", "is not an action number", "1–10"),
    ("task", "57", "is not a task number of the plan", "1–56"),
    ("task", "9", "belongs to action 3, not 2", "tasks of action 2: 5, 6, 7, 8"),
    ("category", "rocket", "is not a category", "airport, rail"),
    ("status", "bogus", "is not a status", "under_construction (在建)"),
    ("target_year", "20x7", "is not a year", "a year such as 2027"),
    ("updated", "10/3/2023", "is not a date", "YYYY-MM-DD"),
    ("updated", "2023-02-30", "is not a real calendar date", "YYYY-MM-DD"),
])
def test_each_bad_value_kind_is_named(column, value, message, allowed):
    read = read_ledger(csv_bytes([GOOD, {**GOOD, "id": "A02-T05-02", column: value}]), "bad.csv")
    lines = [str(p) for p in read.problems]
    expected = f"row 2, column {column}: value {value!r} — {message}"
    assert any(line.startswith(expected) and allowed in line.split(" — allowed: ")[1] for line in lines), lines
    assert len(read.rows) == 1 and read.rows.at[0, "id"] == "A02-T05-01"  # the valid row still loads


def test_duplicate_id_names_the_first_row():
    read = read_ledger(csv_bytes([GOOD, GOOD]), "dup.csv")
    assert [str(p) for p in read.problems] == [
        "row 2, column id: value 'A02-T05-01' — duplicates the id of row 1 — allowed: unique ids"
        " (line 3 of the file, header = line 1)"]


def test_chinese_headers_values_and_whitespace_are_understood():
    header = ["项目编号", "项目名称", "英文名称", "所属行动", "任务", "类别", "地点", "状态", "目标年份", "目标",
              "来源", "更新日期", "备注"]
    rows = [{**GOOD, "name_zh": "  甲项目 ", "action": "二", "category": "铁路", "status": " 在建 ",
             "updated": "2023年3月10日"},
            {**GOOD, "id": "A02-T05-02", "action": "行动二", "category": "Railway", "status": "已建成",
             "updated": "2024/7/1"}]
    read = read_ledger(csv_bytes(rows, "gb18030", header), "台账.csv")
    assert read.problems == []
    assert read.rows["name_zh"].tolist() == ["甲项目", "甲"]
    assert read.rows["action"].tolist() == [2, 2]
    assert read.rows["category"].tolist() == ["rail", "rail"]
    assert read.rows["status"].tolist() == ["under_construction", "completed"]
    assert read.rows["updated"].tolist() == ["2023-03-10", "2024-07-01"]


def test_xlsx_with_number_and_date_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "项目名称", "所属行动", "任务", "类别", "地点", "状态", "目标年份", "更新日期"])
    sheet.append(["A02-T05-01", "甲", 2, 5.0, "rail", "涪陵", "在建", 2027, dt.datetime(2025, 4, 1)])
    sheet.append(["A02-T05-02", "乙", 2, 5, "rail", "涪陵", "bogus", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    read = read_ledger(buffer.getvalue(), "ledger.xlsx")
    assert read.encoding == "xlsx" and read.total_rows == 2
    assert read.rows.iloc[0][["task", "target_year", "updated"]].tolist() == [5, 2027, "2025-04-01"]
    assert [str(p).split(" — ")[0] for p in read.problems] == ["row 2, column status: value 'bogus'"]


def test_utf16_tab_separated_excel_unicode_text():
    data = csv_bytes([GOOD], "utf-16", delimiter="\t")
    read = read_ledger(data, "unicode.txt")
    assert read.encoding == "utf-16" and read.problems == [] and read.rows.at[0, "id"] == "A02-T05-01"


def test_semicolon_separated_csv():
    read = read_ledger(csv_bytes([GOOD], delimiter=";"), "semi.csv")
    assert read.problems == [] and len(read.rows) == 1


def test_extra_cells_are_reported_and_kept():
    data = csv_bytes([GOOD]) + "A02-T05-02,乙,b,2,5,rail,涪陵,ongoing,2027,,s,2023-03-10,,stray\n".encode()
    read = read_ledger(data, "extra.csv")
    assert [str(p) for p in read.problems] == [
        "row 2, column (extra cells): value 'stray' — is a cell beyond the last header column "
        "— allowed: one cell per header column (line 3 of the file, header = line 1)"]
    assert read.total_rows == 2 and len(read.rows) == 1
    raw = read_raw(data, "extra.csv")
    assert raw.frame.iloc[1].tolist()[-1] == "stray" and raw.headers[raw.frame.columns[-1]] == ""


def test_duplicate_header_is_a_header_problem():
    header = [*HEADER, "状态"]
    data = csv_bytes([GOOD], header=header)
    read = read_ledger(data, "twice.csv")
    assert [str(p) for p in read.problems] == [
        "row 0, column (header): value '状态' — is a second header for column status (first: 'status'); "
        "its cells are ignored — allowed: one header per column"]


@pytest.mark.parametrize("data, filename, message", [
    (b"", "empty.csv", "the file is empty"),
    (b"\n\n  \n", "blank.csv", "the file is empty"),
    (bytes(range(128, 256)) * 4, "binary.csv", "the file is neither UTF-8 nor GB18030/GBK text"),
    (b"PK\x03\x04not really a zip", "broken.xlsx", "cannot read the Excel file"),
    (b"\xef\xbb\xbf" + "甲".encode("gb18030"), "bom.csv", "the file starts with a utf-8-sig byte-order mark"),
])
def test_unreadable_files_give_one_clear_problem(data, filename, message):
    read = read_ledger(data, filename)
    assert len(read.problems) == 1 and read.rows.empty
    problem = read.problems[0]
    assert (problem.row, problem.column, problem.value) == (0, "(file)", filename)
    assert message in problem.message


def test_file_without_ledger_columns():
    read = read_ledger(b"a,b\n1,2\n", "other.csv")
    assert [str(p) for p in read.problems] == [
        "row 0, column (header): value 'a, b' — no recognisable ledger columns — allowed: " + ", ".join(COLUMNS)]
    assert read.total_rows == 1


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    read = read_ledger(tmp_path / "nope.csv")
    assert read.problems[0].column == "(file)" and "No such file" in read.problems[0].message


def test_normalised_strings_keep_unknown_values_as_written():
    frame = read_raw(csv_bytes([{**GOOD, "status": "在建", "category": "铁路", "action": "二", "task": "5.0",
                                  "updated": "2023/3/10"}, {**GOOD, "status": "bogus"}]), "x.csv").frame
    out = normalised_strings(frame)
    assert out.iloc[0][["status", "category", "action", "task", "updated"]].tolist() == [
        "under_construction", "rail", "2", "5", "2023-03-10"]
    assert out.iloc[1]["status"] == "bogus"
