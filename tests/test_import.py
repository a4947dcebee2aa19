"""Importing an updated ledger: preview added / changed / removed, then apply safely."""
from __future__ import annotations

import io
import shutil

import openpyxl
import pytest

from cymap.ledger import history, importer, store
from cymap.ledger.read import read_ledger
from tests.ledger_fixtures import SMALL_LEDGER, assert_history_matches_ledger

XSS = "<script>alert(1)</script>"
UPLOAD = """项目编号,项目名称,英文名称,所属行动,任务,类别,地点,状态,目标年份
A02-T05-01,江北国际机场T3B航站楼,Jiangbei Airport T3B,2,5,机场,江北国际机场,建成投用,2027
A02-T05-02,涪陵港区{xss},Fuling port,2,5,port,涪陵,在建,2026
A09-T45-01,城口巫溪帮扶,Chengkou and Wuxi support,9,45,pilot,城口县;巫溪县,ongoing,2027
A02-T06-01,渝西水资源配置,West Chongqing water,2,6,water,江津区;永川区,前期,2027
"""  # A06-T28-01 is missing: removed


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "projects.csv"
    shutil.copy(SMALL_LEDGER, path)
    return path


def upload(encoding="gb18030") -> bytes:
    return UPLOAD.format(xss=XSS).encode(encoding)


def test_preview_lists_added_changed_fields_and_removed_without_writing(ledger):
    before = ledger.read_bytes()
    preview = importer.preview_import(ledger, upload(), "台账2025H1.csv")
    assert ledger.read_bytes() == before and not history.history_path(ledger).exists()
    assert preview.added["id"].tolist() == ["A02-T06-01"]
    assert preview.added.at[0, "status"] == "preparing"  # normalised as the ledger stores it
    assert [(c.id, c.field, c.old, c.new) for c in preview.changed] == [
        ("A02-T05-01", "status", "under_construction", "completed"),
        ("A02-T05-02", "name_zh", "涪陵港区", "涪陵港区" + XSS),
        ("A02-T05-02", "status", "ongoing", "under_construction"),
        ("A02-T05-02", "target_year", "", "2026"),
    ]
    assert preview.removed["id"].tolist() == ["A06-T28-01"]
    assert preview.unchanged == 1  # A09-T45-01: 机场 = airport, ongoing = ongoing
    assert preview.summary() == ("台账2025H1.csv: 4 rows — 1 added, 2 changed (4 fields), 1 removed, "
                                 "1 unchanged; 0 problems")
    assert "  ~ A02-T05-01  status: 'under_construction' -> 'completed'" in preview.lines()
    assert preview.changed_frame().values.tolist()[0] == ["A02-T05-01", "status", "under_construction", "completed"]


def test_apply_writes_once_with_history_and_keeps_columns_the_upload_lacks(ledger):
    preview = importer.preview_import(ledger, upload(), "up.csv")
    result = importer.apply_import(preview, who="刘", note="2025 上半年台账")
    rows = read_ledger(ledger).rows.set_index("id")
    assert sorted(rows.index) == ["A02-T05-01", "A02-T05-02", "A02-T06-01", "A09-T45-01"]
    assert rows.at["A02-T05-01", "status"] == "completed"
    assert rows.at["A02-T05-02", "name_zh"] == "涪陵港区" + XSS  # stays text
    assert rows.at["A02-T05-01", "source"] == "加快建设江北国际机场T3B航站楼"  # the upload has no source column
    entries = assert_history_matches_ledger(ledger)
    assert len(entries) == len(result.changes) == 6 and {e.batch for e in entries} == {result.batch}
    assert {(e.id, e.field) for e in entries} >= {("A02-T06-01", history.ROW_FIELD_ADDED),
                                                  ("A06-T28-01", history.ROW_FIELD_REMOVED)}
    assert all(e.who == "刘" and e.note == "2025 上半年台账" and e.action == "import" for e in entries)
    assert not importer.preview_import(ledger, upload(), "up.csv").changed  # applying again changes nothing


def test_keep_removed(ledger):
    importer.apply_import(importer.preview_import(ledger, upload(), "up.csv"), who="a", keep_removed=True)
    assert "A06-T28-01" in set(read_ledger(ledger).rows["id"])


def test_apply_refuses_when_the_ledger_changed_since_the_preview(ledger):
    preview = importer.preview_import(ledger, upload(), "up.csv")
    store.update_status(ledger, "A06-T28-01", "preparing", "someone else", who="b")
    before = ledger.read_bytes()
    with pytest.raises(store.StaleEditError, match="changed since this preview .*by b.*preview the import again"):
        importer.apply_import(preview, who="a")
    assert ledger.read_bytes() == before


def test_upload_with_problems_previews_but_does_not_apply(ledger):
    bad = UPLOAD.format(xss="").replace(",前期,", ",maybe,")
    preview = importer.preview_import(ledger, bad.encode(), "bad.csv")
    assert [str(p).split(" — ")[0] for p in preview.problems] == ["row 4, column status: value 'maybe'"]
    with pytest.raises(importer.ImportRefused, match=r"bad.csv has 1 problems; fix them .*row 4, column status"):
        importer.apply_import(preview, who="a")


def test_unreadable_upload_is_a_problem_not_a_traceback(ledger):
    preview = importer.preview_import(ledger, b"\x00\xff\xfe\x00garbage" * 10, "photo.csv")
    assert len(preview.problems) == 1 and preview.problems[0].column == "(file)"
    assert preview.added.empty and preview.removed.empty and not preview.changed


def test_size_limit(ledger, tmp_path):
    with pytest.raises(importer.ImportRefused, match=r"the file is 10.0 MB; uploads are limited to 10 MB"):
        importer.preview_import(ledger, b"x" * (importer.MAX_UPLOAD_BYTES + 1), "huge.csv")
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (importer.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(importer.ImportRefused, match="uploads are limited to 10 MB"):
        importer.preview_import(ledger, big)


def test_xlsx_upload(ledger):
    book = openpyxl.Workbook()
    for line in UPLOAD.format(xss="").splitlines():
        book.active.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    preview = importer.preview_import(ledger, buffer.getvalue(), "台账.xlsx")
    assert preview.read.encoding == "xlsx" and preview.added["id"].tolist() == ["A02-T06-01"]
    assert len(preview.changed) == 3
