"""Issue 12 as executable cases: every hostile or unlucky input a user, an attacker or a crash can
give the ledger, and what happens now (nothing lost, nothing injected, a sentence not a traceback).

The kill -9 harness for every named write step is in tests/test_store.py (tests/faults/harness.py).
"""
from __future__ import annotations

import csv
import errno
import grp
import io
import json
import os
import shutil
import stat
import zipfile

import openpyxl
import pytest

from app_helpers import open_tab
from openpyxl.styles import Font

from cymap.ledger import auth, history, importer, store
from cymap.ledger.read import LedgerReadError, read_ledger, read_raw
from cymap.ledger.schema import COLUMNS
from cymap.views.edit_view import markdown_text
from tests.ledger_fixtures import (
    ROOT,
    SMALL_LEDGER,
    assert_history_matches_ledger,
    run_python,
)

APP = ROOT / "app.py"


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    return path


def rows_by_id(path):
    return read_ledger(path).rows.set_index("id")


def xlsx_ledger(tmp_path, name="ledger.xlsx"):
    """The small ledger as an Excel workbook with a second sheet, styles and column widths."""
    raw = read_raw(SMALL_LEDGER).frame
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(list(raw.columns))
    for values in raw.itertuples(index=False):
        sheet.append([int(v) if c in ("action", "task") else v for c, v in zip(raw.columns, values)])
    sheet["A1"].font = Font(bold=True, color="FF0000")
    sheet.column_dimensions["B"].width = 42
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("说明")
    notes["A1"] = "填表说明：状态用中文"
    notes["B2"] = "=1+1"
    path = tmp_path / name
    book.save(path)
    return path


# --- 1. a cell longer than the CSV reader's limit ------------------------------------------------
def test_case01_overlong_cell_is_readable_and_the_editor_caps_what_it_accepts(ledger):
    long_note = "长" * 200_000
    text = ledger.read_text(encoding="utf-8").splitlines()
    text[2] = text[2] + long_note  # a note written by an older version, or by hand
    ledger.write_text("\n".join(text) + "\n", encoding="utf-8")
    read = read_ledger(ledger)  # used to crash: _csv.Error: field larger than field limit
    assert read.problems == [] and read.rows.set_index("id").at["A02-T05-02", "note"] == long_note
    store.update_status(ledger, "A02-T05-01", "completed", "ok", who="a")  # the ledger is not bricked
    assert rows_by_id(ledger).at["A02-T05-02", "note"] == long_note

    before = ledger.read_bytes()
    with pytest.raises(store.InvalidEditError) as error:
        store.update_status(ledger, "A02-T05-01", "delayed", "x" * (store.MAX_CELL_CHARS + 1), who="a")
    message = str(error.value)
    assert "column note" in message and "A02-T05-01" in message and f"{store.MAX_CELL_CHARS:,}" in message
    assert ledger.read_bytes() == before


def test_case01_overlong_cell_in_an_upload_is_a_problem_not_a_crash(ledger):
    upload = ledger.read_text(encoding="utf-8").replace("推进涪陵港区建设,2023-03-10,",
                                                       "推进涪陵港区建设,2023-03-10," + "注" * 150_000)
    preview = importer.preview_import(ledger, upload.encode("utf-8"), "big-note.csv")
    assert [(p.row, p.column) for p in preview.problems] == [(2, "note")]
    assert "32,767" in str(preview.problems[0]) and not preview.can_apply


# --- 2. a bare CR inside a note ---------------------------------------------------------------------
def test_case02_bare_cr_in_a_note_stays_in_its_cell(ledger):
    store.update_status(ledger, "A02-T05-01", "completed", "see report\rA09-T44-99", who="a")
    read = read_ledger(ledger)
    assert read.total_rows == 4 and read.problems == []
    assert read.rows.set_index("id").at["A02-T05-01", "note"] == "see report\rA09-T44-99"
    store.update_status(ledger, "A02-T05-02", "delayed", "next write", who="a")  # and stays so
    assert read_ledger(ledger).total_rows == 4
    assert rows_by_id(ledger).at["A02-T05-01", "note"] == "see report\rA09-T44-99"
    assert b'"see report\rA09-T44-99"' in ledger.read_bytes()  # quoted, lines still end in \n


# --- 3. XLSX ledgers ----------------------------------------------------------------------------------
def test_case03_xlsx_edits_keep_other_sheets_styles_and_widths_in_the_ledger_and_backups(tmp_path):
    path = xlsx_ledger(tmp_path)
    for n in range(store.KEEP_BACKUPS + 1):
        store.update_status(path, "A02-T05-01", "completed", f"edit {n}", who="a")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["台账", "说明"]
    assert book["说明"]["A1"].value == "填表说明：状态用中文" and book["说明"]["B2"].value == "=1+1"
    sheet = book["台账"]
    assert sheet["A1"].font.bold and sheet.column_dimensions["B"].width == 42 and sheet.freeze_panes == "A2"
    assert rows_by_id(path).at["A02-T05-01", "note"] == f"edit {store.KEEP_BACKUPS}"
    backups = sorted((tmp_path / store.BACKUP_DIR).iterdir())
    assert len(backups) == store.KEEP_BACKUPS
    assert all(openpyxl.load_workbook(b).sheetnames == ["台账", "说明"] for b in backups)


def test_case03_formula_text_is_stored_as_text_and_reads_back(tmp_path):
    path = xlsx_ledger(tmp_path)
    payload = '=HYPERLINK("https://evil.example","点我")'
    store.update_status(path, "A02-T05-01", "completed", payload, who="a")
    store.add_project(path, {"id": "A02-T05-03", "name_zh": "=1+2", "name_en": "@SUM(A1)", "action": "2", "task": "5",
                             "category": "rail", "location": "涪陵区", "status": "planned"}, who="a")
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=@"]
    assert {c.value for c in cells} == {payload, "=1+2", "@SUM(A1)"}
    assert {c.data_type for c in cells} == {"s"}  # text, never a formula
    rows = rows_by_id(path)
    assert rows.at["A02-T05-01", "note"] == payload and rows.at["A02-T05-03", "name_zh"] == "=1+2"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_case03_control_characters_are_refused_with_row_and_column(tmp_path, ledger, suffix):
    path = xlsx_ledger(tmp_path) if suffix == "xlsx" else ledger
    before = path.read_bytes()
    with pytest.raises(store.InvalidEditError) as error:
        store.update_status(path, "A02-T05-01", "completed", "line\vtab", who="a")
    message = str(error.value)
    assert "A02-T05-01" in message and "column note" in message and "U+000B" in message
    assert path.read_bytes() == before


def test_case03_formula_cell_without_a_saved_value_is_reported(tmp_path):
    path = xlsx_ledger(tmp_path)
    book = openpyxl.load_workbook(path)
    book.active["J3"] = "=B3&\"目标\""  # openpyxl never calculates: no cached value in the file
    book.save(path)
    read = read_ledger(path)
    assert [(p.row, p.column, p.value) for p in read.problems] == [(2, "target", '=B3&"目标"')]
    assert "no saved value" in str(read.problems[0]) and "A02-T05-02" not in set(read.rows["id"])


# --- 4. recovery never finishes a half-recorded import ----------------------------------------------
def test_case04_recovery_voids_an_import_killed_half_way_through_its_history(tmp_path):
    from tests.faults.harness import generated_import, run_killed

    path, upload, expected = generated_import(tmp_path, rows=60)  # 120 changed fields
    before = path.read_bytes()
    run_killed(path, "import", "history_line", 60, upload)
    assert len([line for line in history.history_path(path).read_text(encoding="utf-8").splitlines()]) == 60
    with store.locked(path):
        pass
    assert path.read_bytes() == before  # not half applied, not fully applied with half a history
    assert assert_history_matches_ledger(path) == [] and history.read_history(path) == []
    assert expected == 120


def test_case04_recovery_does_not_complete_a_batch_with_half_its_history(tmp_path):
    """The state a writer killed half-way through a 120-line history append leaves (built by hand,
    so it does not depend on the fault points): the old ledger, the complete temp file, 60 lines."""
    from tests.faults.harness import generated_import

    path, upload, _ = generated_import(tmp_path, rows=60)
    before = path.read_bytes()
    done = tmp_path / "done"
    done.mkdir()
    shutil.copy(path, done / path.name)
    result = importer.apply_import(importer.preview_import(done / path.name, upload), who="a")
    lines = history.history_path(done / path.name).read_bytes().splitlines(keepends=True)
    assert len(lines) == 120
    (tmp_path / f".{path.name}.{result.batch}.tmp").write_bytes((done / path.name).read_bytes())
    history.history_path(path).write_bytes(b"".join(lines[:60]))
    with store.locked(path):
        pass
    assert path.read_bytes() == before and history.read_history(path) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- 5. bad files fail loudly and the encoding is named -------------------------------------------
def test_case05_unclosed_quote_fails_naming_the_line(ledger):
    lines = ledger.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("涪陵港区", '"涪陵港区', 1)
    data = ("\n".join(lines + [f"A02-T05-{n:02d},x,x,2,5,port,涪陵,ongoing,,,s,2023-03-10," for n in range(3, 20)])
            + "\n").encode()
    with pytest.raises(LedgerReadError, match=r"line 3.*quote.*never closed"):
        read_raw(data, "q.csv")
    read = read_ledger(data, "q.csv")
    assert len(read.problems) == 1 and "line 3" in str(read.problems[0])


TRADITIONAL = ("id,name_zh,name_en,action,task,category,location,status\n"
               "A02-T05-01,江北國際機場T3B航站樓,T3B,2,5,airport,江北國際機場,在建\n"
               "A02-T05-02,長壽湖生態環境保護,Lake,2,5,ecology,長壽區,進行中\n")
JAPANESE = ("id,name_zh,name_en,action,task,category,location,status\n"
            "A02-T05-01,江北国際空港第三ターミナル,T3B,2,5,airport,江北国際空港,under_construction\n"
            "A02-T05-02,長寿湖の生態環境,Lake,2,5,ecology,長寿区,ongoing\n")


@pytest.mark.parametrize("text, encoding, name", [
    (TRADITIONAL, "big5", "cp950"), (JAPANESE, "shift_jis", "cp932"), (TRADITIONAL, "utf-32", "utf-32"),
    (TRADITIONAL.replace("國際", "国际"), "gb18030", "gb18030"),
])
def test_case05_big5_shift_jis_and_utf32_are_detected_and_named(text, encoding, name):
    raw = read_raw(text.encode(encoding), "ledger.csv")
    assert raw.encoding == name
    expected = list(csv.reader(io.StringIO(text)))[1][1]
    assert raw.frame.at[0, "name_zh"] == expected


def test_case05_big5_ledger_is_written_back_in_big5(tmp_path):
    path = tmp_path / "繁體.csv"
    path.write_bytes(TRADITIONAL.encode("big5"))
    store.update_status(path, "A02-T05-01", "completed", "已啟用", who="a")
    assert path.read_bytes().decode("cp950").splitlines()[1].endswith("已啟用")


def test_case05_encrypted_xlsx_says_it_is_password_protected():
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1016)
    ole += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    read = read_ledger(bytes(ole), "加密台账.xlsx")
    assert len(read.problems) == 1 and "password" in read.problems[0].message
    assert "BadZipFile" not in read.problems[0].message


# --- 6. every download neutralised; our own export re-imports unchanged -----------------------------
def test_case06_reimported_export_is_not_a_change(tmp_path, ledger):
    from cymap.geo.projects import load_projects
    from cymap.print import lists as export  # the export's list functions (neutralise, to_csv_bytes)

    text = ledger.read_text(encoding="utf-8")
    text = text.replace("推进涪陵港区建设,2023-03-10,", "推进涪陵港区建设,2023-03-10,=1+1")
    text = text.replace("Fuling port", "-Fuling port").replace("支持城口巫溪", "@城口巫溪")
    ledger.write_text(text, encoding="utf-8")
    data = export.to_csv_bytes(load_projects(ledger).geocoded)
    assert b"'=1+1" in data  # the export is neutralised …
    preview = importer.preview_import(ledger, data, "export.csv")
    assert preview.problems == [] and preview.changed == []  # … and re-imports as no change
    assert importer.FORMULA_PREFIXES == export.FORMULA_PREFIXES  # what the import undoes is what export does


def test_case06_table_tab_download_is_neutralised(tmp_path, monkeypatch):
    import streamlit
    from streamlit.testing.v1 import AppTest

    ledger = tmp_path / "t.csv"
    text = (ROOT / "tests" / "data" / "app_ledger.csv").read_text(encoding="utf-8")
    header, first, *rest = text.splitlines()
    columns = header.split(",")
    cells = next(csv.reader([first]))
    cells[columns.index("name_zh")] = "=HYPERLINK(\"https://evil.example\")"
    cells[columns.index("target")] = "@cmd"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    ledger.write_text("\n".join([header, buffer.getvalue().rstrip("\n"), *rest]) + "\n", encoding="utf-8")
    monkeypatch.setenv("CYMAP_LEDGER", str(ledger))
    offered = {}
    real = streamlit.download_button

    def spy(label, data, *args, **kwargs):
        offered[kwargs.get("file_name")] = data
        return real(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", spy)
    at = open_tab(AppTest.from_file(str(APP), default_timeout=180), "tab_table").run()
    assert not at.exception, at.exception
    table = list(csv.reader(io.StringIO(offered["cymap-projects.csv"].decode("utf-8-sig"))))
    formula_cells = [c for row in table[1:] for c in row if c[:1] in ("=", "+", "-", "@")]
    assert formula_cells == [] and any(c == "'@cmd" for row in table for c in row)


# --- 7. user and link text rendered as text ----------------------------------------------------------
def test_case07_link_parameter_in_the_warning_is_text(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CYMAP_LEDGER", str(ROOT / "tests" / "data" / "app_ledger.csv"))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["district"] = "[重新登录](https://evil.example/login)"
    at.run()
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning if "evil" in w.value]
    assert warnings and all("](https" not in w and "\\[重新登录\\]" in w for w in warnings)


def test_case07_unknown_status_in_the_edit_caption_is_text(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "projects.csv"
    path.write_text(SMALL_LEDGER.read_text(encoding="utf-8").replace(
        "under_construction", "[登录](https://evil.example)", 1), encoding="utf-8")
    monkeypatch.setenv("CYMAP_LEDGER", str(path))
    monkeypatch.setenv(auth.PASSWORD_KEY, "long-enough-口令")
    at = open_tab(AppTest.from_file(str(APP), default_timeout=180), "tab_edit").run()
    at.text_input(key="editor_password").input("long-enough-口令")
    at.button(key="FormSubmitter:editor_login-进入编辑").click().run()
    at.selectbox(key="edit_id").set_value("A02-T05-01").run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption if "evil" in c.value]
    assert captions and all("](https" not in c for c in captions)


# --- 8. a hand-edited history file ---------------------------------------------------------------
def damage(ledger, *lines: bytes):
    with open(history.history_path(ledger), "ab") as handle:
        handle.writelines(line + b"\n" for line in lines)


def test_case08_damaged_history_lines_are_skipped_and_reported(ledger):
    store.update_status(ledger, "A02-T05-01", "completed", "first", who="a")
    damage(ledger, b"123", b"[1, 2]", b'{"batch": ["x"], "id": "A02-T05-01"}', b'{"who": "\xff\xfe bad utf-8"}',
           b'{"void": ["x"]}', b"")
    entries = history.read_history(ledger)
    assert [(e.id, e.field) for e in entries] == [("A02-T05-01", "status")]
    damaged = history.damaged_lines(ledger)
    assert [number for number, _ in damaged] == [2, 3, 4, 5, 6]
    assert all(isinstance(reason, str) and reason for _, reason in damaged)
    assert history.changes_since(ledger, "2000-01-01") == entries and history.for_project(ledger, "A02-T05-01")
    seen = store.snapshot(ledger).version("A02-T05-02")
    store.update_status(ledger, "A02-T05-02", "delayed", "", who="b")
    with pytest.raises(store.StaleEditError, match="changed since you loaded it"):  # refused, not a crash
        store.update_status(ledger, "A02-T05-02", "ongoing", "", who="c", expected_version=seen)
    assert len(assert_history_matches_ledger(ledger)) == 2


def test_case08_cli_history_and_stale_update_with_a_damaged_history(ledger, capsys):
    from cymap.cli import main

    store.update_status(ledger, "A02-T05-01", "completed", "first", who="a")
    seen = store.snapshot(ledger).version("A02-T05-01")
    store.update_status(ledger, "A02-T05-01", "delayed", "second", who="b")
    damage(ledger, b"123", b'{"batch": ["x"]}', b"\xff\xfe")
    assert main(["history", "--ledger", str(ledger)]) == 0
    assert "2 changes" in capsys.readouterr().err
    code = main(["update", "A02-T05-01", "--status", "ongoing", "--ledger", str(ledger), "--who", "c",
                 "--if-version", seen])
    assert code == 1 and "changed since you loaded it" in capsys.readouterr().err


def test_case08_history_without_a_final_newline_keeps_its_last_entry(ledger):
    store.update_status(ledger, "A02-T05-01", "completed", "first", who="a")
    path = history.history_path(ledger)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))  # an editor removed the final newline
    store.update_status(ledger, "A02-T05-02", "delayed", "second", who="b")
    assert [(e.id, e.note) for e in history.read_history(ledger)] == [("A02-T05-01", "first"),
                                                                      ("A02-T05-02", "second")]
    history.append(ledger, [])  # and a direct append never glues two lines together
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    history.append(ledger, [history.Entry("2025-01-01T00:00:00Z", "c", "A06-T28-01", "note", "", "x", batch="b3")])
    assert [e.id for e in history.read_history(ledger)] == ["A02-T05-01", "A02-T05-02", "A06-T28-01"]
    assert history.damaged_lines(ledger) == []


# --- 9. file mode and group kept ----------------------------------------------------------------------
def other_group() -> int:
    groups = [g.gr_gid for g in grp.getgrall() if g.gr_gid != os.getgid()]
    return groups[0] if groups else os.getgid()


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_case09_mode_and_group_survive_a_write_and_backups_are_as_private(ledger, mode):
    gid = other_group()
    os.chown(ledger, -1, gid) if os.geteuid() == 0 else None
    os.chmod(ledger, mode)
    group = ledger.stat().st_gid
    store.update_status(ledger, "A02-T05-01", "completed", "", who="a")
    assert stat.S_IMODE(ledger.stat().st_mode) == mode and ledger.stat().st_gid == group
    backups = list((ledger.parent / store.BACKUP_DIR).iterdir())
    assert backups and all(stat.S_IMODE(b.stat().st_mode) == mode and b.stat().st_gid == group for b in backups)
    folder = stat.S_IMODE((ledger.parent / store.BACKUP_DIR).stat().st_mode)
    assert not folder & 0o007 or mode & 0o004  # others cannot list the backups of a private ledger
    assert stat.S_IMODE(history.history_path(ledger).stat().st_mode) == mode


def test_case09_read_only_ledger_is_refused_and_stays_read_only(ledger):
    os.chmod(ledger, 0o444)
    before = ledger.read_bytes()
    with pytest.raises(store.StoreError, match=r"read-only"):
        store.update_status(ledger, "A02-T05-01", "completed", "", who="a")
    assert ledger.read_bytes() == before and stat.S_IMODE(ledger.stat().st_mode) == 0o444


# --- 10. operating-system errors as sentences --------------------------------------------------------
def test_case10_os_error_during_a_write_is_a_sentence_and_changes_nothing(ledger, monkeypatch):
    before = ledger.read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(history, "append", full)
    with pytest.raises(store.StoreError) as error:
        store.update_status(ledger, "A02-T05-01", "completed", "", who="a")
    assert "disk is full" in str(error.value) and "nothing was saved" in str(error.value)
    assert ledger.read_bytes() == before
    assert not [p for p in ledger.parent.iterdir() if p.name.endswith(".tmp")]


def test_case10_app_shows_an_os_error_as_a_sentence(ledger, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CYMAP_LEDGER", str(ledger))
    monkeypatch.setenv(auth.PASSWORD_KEY, "long-enough-口令")
    at = open_tab(AppTest.from_file(str(APP), default_timeout=180), "tab_edit").run()
    at.text_input(key="editor_password").input("long-enough-口令")
    at.button(key="FormSubmitter:editor_login-进入编辑").click().run()
    at.text_input(key="editor_name").input("测试员").run()
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(history, "append", read_only)
    at.selectbox(key="edit_status").set_value("completed")
    at.button(key="FormSubmitter:edit_status_form-保存").click().run()
    assert not at.exception, at.exception
    # the Chinese interface: the refusal in Chinese (cymap.views.refusals), naming the ledger file
    assert any(markdown_text(f"无法写入台账 {ledger.name}：磁盘为只读；未保存任何内容") in e.value for e in at.error), \
        [e.value for e in at.error]


DISK_FULL_WORKER = """
import json, resource, signal, sys
from pathlib import Path
from cymap.ledger import store
from tests.ledger_fixtures import assert_history_matches_ledger
path, step = Path(sys.argv[1]), int(sys.argv[2])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as on a full disk
versions = {path.read_bytes()} | {b.read_bytes() for b in (path.parent / store.BACKUP_DIR).iterdir()}
outcomes = []
history = path.with_name(path.name + ".history.jsonl")
for limit in range(0, len(path.read_bytes()) + len(history.read_bytes()) + 20000, step):  # no space … plenty
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    try:
        store.update_status(path, "A02-T05-01", "completed", "x" * 3000, who="full")
        outcome = "saved"
    except store.StoreError as error:
        outcome = "refused: " + str(error)
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    with store.locked(path):
        pass
    versions.add(path.read_bytes())
    truncated = [b.name for b in (path.parent / store.BACKUP_DIR).iterdir()
                 if b.name.endswith(".tmp") or b.read_bytes() not in versions]
    assert_history_matches_ledger(path)
    outcomes.append([limit, outcome, truncated])
    if outcome == "saved":
        store.update_status(path, "A02-T05-01", "under_construction", "", who="reset")
        versions.add(path.read_bytes())
print(json.dumps(outcomes, ensure_ascii=False))
"""


def test_case10_disk_full_at_every_level_leaves_no_truncated_backup(ledger):
    store.update_status(ledger, "A02-T05-02", "delayed", "y" * 3000, who="a")  # history > ledger size
    worker = run_python(DISK_FULL_WORKER, str(ledger), "300")
    out, err = worker.communicate(timeout=300)
    assert worker.returncode == 0, err  # never a traceback
    outcomes = json.loads(out)
    assert len(outcomes) >= 40
    assert all(truncated == [] for _, _, truncated in outcomes)  # no backup is ever a partial copy
    refused = [message for _, message, _ in outcomes if message != "saved"]
    assert refused and all("the disk is full" in m and "nothing was saved" in m for m in refused)
    assert len(refused) < len(outcomes)  # with space enough, it saves


# --- 11. uploads that unpack to too much --------------------------------------------------------------
def test_case11_xlsx_upload_with_too_many_rows_is_refused_quickly(ledger, monkeypatch):
    monkeypatch.setattr(importer, "MAX_UPLOAD_ROWS", 500, raising=False)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    for n in range(2000):
        sheet.append([f"A02-T05-{n % 99 + 1:02d}", "x", "", 2, 5, "rail", "涪陵", "ongoing"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(importer.ImportRefused, match=r"more than 500 rows"):
        importer.preview_import(ledger, buffer.getvalue(), "many.xlsx")


def test_case11_xlsx_upload_that_unpacks_too_large_is_refused(ledger, monkeypatch):
    monkeypatch.setattr(importer, "MAX_UNPACKED_BYTES", 1_000_000, raising=False)
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    book.save(buffer)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 5_000_000)  # 5 MB that packs to a few KB
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(importer.ImportRefused, match=r"unpacks to 5\.\d MB"):
        importer.preview_import(ledger, buffer.getvalue(), "bomb.xlsx")


# --- 12. password guesses ------------------------------------------------------------------------------
def test_case12_short_or_blank_password_does_not_enable_editing(monkeypatch):
    for weak in (" ", "a", "1234567", "       x"):
        monkeypatch.setenv(auth.PASSWORD_KEY, weak)
        assert not auth.editing_enabled() and not auth.check_password(weak)
        assert str(auth.MIN_PASSWORD_LENGTH) in auth.read_only_message("en")
    monkeypatch.setenv(auth.PASSWORD_KEY, "x" * auth.MIN_PASSWORD_LENGTH)
    assert auth.editing_enabled() and auth.check_password("x" * auth.MIN_PASSWORD_LENGTH)


def test_case12_failed_guesses_are_slowed_down(monkeypatch):
    monkeypatch.setenv(auth.PASSWORD_KEY, "correct horse")
    slept = []
    throttle = auth.LoginThrottle(sleep=slept.append)
    assert [throttle.attempt(f"guess {n}") for n in range(6)] == [False] * 6
    assert slept == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]  # doubling, capped
    assert sum(auth.LoginThrottle.delay(n) for n in range(1, 201)) > 3600  # 200 guesses: over an hour
    assert throttle.attempt("correct horse") and slept[-1] == 30.0 and len(slept) == 6
    throttle.attempt("wrong again")
    assert slept[-1] == 1.0  # a success resets the count


def test_fault_points_are_named_in_the_order_commit_reaches_them(ledger, monkeypatch):
    reached = []
    monkeypatch.setattr(store, "fault_hook", reached.append)
    store.update_status(ledger, "A02-T05-01", "completed", "", who="a")
    assert [p for p in dict.fromkeys(reached)] == list(store.FAULT_POINTS)

