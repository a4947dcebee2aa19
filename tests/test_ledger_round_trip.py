"""Issue 17: a ledger with the new columns under Chinese headers (GBK CSV and XLSX, written in
tmp_path from tests/test_investment.py's rows) validates and goes import → store → list export
(CSV and XLSX) → read with nothing lost; warnings are shown (CLI, app); the single map's panel
shows investment by district with the ledger's sums."""
from __future__ import annotations

import math

import openpyxl
import pytest

from app_helpers import open_tab

from cymap.cli import main
from cymap.geo.projects import load_projects
from cymap.ledger import importer, validate
from cymap.ledger.read import read_ledger
from cymap.ledger.schema import ALL_COLUMNS, COLUMNS
from cymap.print import lists, tables
from cymap.views import investment
from cymap.views.i18n import action_label, t
from tests.test_investment import HEADER, ROWS, TOTALS, gbk_csv, records, xlsx

EVERY_COLUMN = list(ALL_COLUMNS)
# The fixture with every other column too: 所属区县, a coordinate override (the airport's, from
# geodata/gazetteer.csv: airportsdata 20260905 CKG), target, source, updated and note.
FULL_HEADER = [*HEADER, "所属区县", "经度", "纬度", "建设目标", "方案原文", "更新日期", "备注"]
FULL_ROWS = [[*row, *extra] for row, extra in zip(ROWS, [
    ["", "106.642", "29.7192", "T3B航站楼投用", "加快建设江北国际机场T3B航站楼", "2025-06-30", "+86 热线"],
    ["璧山区", "", "", "", "", "2025-01-10", ""],
    ["", "", "", "", "", "", "备注，含逗号与\n换行"],
    ["", "", "", "", "", "2024-12-31", ""],
    ["", "", "", "", "", "", ""],
    ["万州区", "", "", "", "", "", ""],
])]


def empty_ledger(path):
    """A ledger with the base columns and no rows, as CSV or XLSX."""
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        book.active.append(COLUMNS)
        book.save(path)
    else:
        path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("upload_format", ["csv", "xlsx"])
@pytest.mark.parametrize("store_format", ["csv", "xlsx"])
def test_import_store_and_both_lists_lose_nothing(tmp_path, upload_format, store_format):
    write = gbk_csv if upload_format == "csv" else xlsx
    upload = write(tmp_path / f"台账.{upload_format}", FULL_ROWS, FULL_HEADER)
    expected = read_ledger(upload)
    assert expected.problems == [] and len(expected.rows) == len(ROWS)
    assert all((expected.rows[c].astype(str) != "").any() for c in EVERY_COLUMN), "a value in every column"
    if upload_format == "csv":
        assert expected.encoding == "gb18030"  # GBK bytes, read as their superset
    target = empty_ledger(tmp_path / f"projects.{store_format}")
    preview = importer.preview_import(target, upload)
    assert preview.problems == [] and len(preview.added) == len(ROWS)
    importer.apply_import(preview, "tester", "台账导入")
    stored = read_ledger(target)
    assert stored.problems == []
    assert records(stored.rows, EVERY_COLUMN) == records(expected.rows, EVERY_COLUMN)  # the store kept it all
    geocoded = load_projects(target).geocoded
    for fmt, data in (("csv", lists.to_csv_bytes(geocoded, "zh")), ("xlsx", lists.to_xlsx_bytes(geocoded, "zh"))):
        assert read_ledger(data, f"list.{fmt}").problems == [], fmt
        again = importer.preview_import(target, data, f"list.{fmt}")  # the list, re-imported: no change
        assert (again.changed, len(again.added), len(again.removed)) == ([], 0, 0), fmt
        fresh = empty_ledger(tmp_path / f"from-list-{fmt}.{store_format}")  # the list alone makes the ledger again
        importer.apply_import(importer.preview_import(fresh, data, f"list.{fmt}"), "tester")
        assert records(read_ledger(fresh).rows, EVERY_COLUMN) == records(expected.rows, EVERY_COLUMN), fmt


def test_a_bad_amount_in_an_upload_names_row_column_value_and_is_not_applied(tmp_path):
    target = gbk_csv(tmp_path / "projects.csv")
    before = target.read_bytes()
    rows = [list(r) for r in ROWS]
    rows[3][HEADER.index("累计完成投资（亿元）")] = "二十亿"
    preview = importer.preview_import(target, xlsx(tmp_path / "new.xlsx", rows))
    assert [(p.row, p.column, p.value) for p in preview.problems] == [(4, "completed_investment", "二十亿")]
    assert str(preview.problems[0]).startswith("row 4, column completed_investment: value '二十亿' — is not an amount")
    with pytest.raises(importer.ImportRefused, match="row 4, column completed_investment: value '二十亿'"):
        importer.apply_import(preview, "tester")
    assert target.read_bytes() == before


# --- warnings: completed above total (validate.ledger_warnings), shown by the CLI and the app ---------
def over_total_ledger(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("累计完成投资（亿元）")] = "13"  # total 125000万元 = 12.5
    return gbk_csv(tmp_path / "over.csv", rows)


def test_warnings_carry_kind_and_the_value_compared(tmp_path):
    read = read_ledger(over_total_ledger(tmp_path))
    over = [w for w in validate.ledger_warnings(read.rows) if w.kind == "completed_above_total"]
    assert [(w.row, w.column, w.value, w.other) for w in over] == [(1, "completed_investment", "13", "12.5")]
    assert {w.kind for w in validate.ledger_warnings(read.rows)} <= set(validate.WARNING_KINDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_validate_prints_each_warning_naming_row_column_value(tmp_path, capsys, lang):
    assert main(["validate", str(over_total_ledger(tmp_path)), "--lang", lang]) == 0  # a warning never fails
    captured = capsys.readouterr()
    assert captured.out == ""  # stdout: one line per problem, and there is none
    expected = t("cli_warning", lang, row=1, column=lists.header_label("completed_investment", lang), value="13",
                 message=t("warn_completed_above_total", lang, other="12.5"))
    assert expected in captured.err.splitlines()
    assert ("第 1 行" in expected and "累计完成投资" in expected and "13" in expected) if lang == "zh" else \
        expected == ("warning: row 1, column Investment completed to date (CNY 100 million): value '13' — "
                     "is above the total investment of 12.5 (CNY 100 million)")


def test_app_data_quality_tab_lists_the_warning(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_app import ROOT, run

    monkeypatch.setenv("CYMAP_LEDGER", str(over_total_ledger(tmp_path)))
    at = run(open_tab(AppTest.from_file(str(ROOT / "app.py"), default_timeout=180), "tab_quality"))
    assert t("ledger_warnings", "zh") in [h.value for h in at.subheader]
    shown = [frame.value for frame in at.dataframe]
    warned = [f for f in shown if t("col_message", "zh") in f.columns
              and t("warn_completed_above_total", "zh", other="12.5") in set(f[t("col_message", "zh")])]
    assert len(warned) == 1
    row = warned[0][warned[0][t("col_message", "zh")] == t("warn_completed_above_total", "zh", other="12.5")]
    assert row[[t("col_row", "zh"), t("col_column", "zh"), t("col_value", "zh")]].values.tolist() == [
        [1, "累计完成投资（亿元）", "13"]]


# --- the single map's panel: investment by district next to the counts (cymap.print.tables) ------------
@pytest.fixture(scope="module")
def geocoded(tmp_path_factory):
    return load_projects(gbk_csv(tmp_path_factory.mktemp("sums") / "台账.csv")).geocoded


def amount(text: str) -> float:
    return 0.0 if text == "–" else float(text.replace(",", ""))


@pytest.mark.parametrize("max_rows", [None, 4, 3])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_district_sums_equal_the_ledger(geocoded, lang, max_rows):
    frame = tables.district_sums_frame(geocoded, "current", lang, max_rows)
    body, total = frame.iloc[:-1], frame.iloc[-1]
    assert total.iloc[0] == t("total", lang)
    assert total[t("inv_col_projects", lang)] == body[t("inv_col_projects", lang)].sum() == len(ROWS)
    for key, column in (("inv_col_total_investment", "total_investment"),
                        ("inv_col_completed_investment", "completed_investment")):
        assert math.isclose(amount(total[t(key, lang)]), TOTALS[column]), key
        assert math.isclose(sum(amount(v) for v in body[t(key, lang)]), TOTALS[column], abs_tol=0.1), key
    if max_rows is not None:
        assert len(frame) <= max_rows


def test_district_sums_put_the_largest_first_and_sum_the_rest(geocoded):
    frame = tables.district_sums_frame(geocoded, "current", "zh", max_rows=4)
    labels = frame.iloc[:, 0].tolist()
    assert labels[0] == "璧山区"  # 100 亿元, the largest
    by_district = investment.by_district(geocoded)
    located = by_district[(by_district.index != investment.MUNICIPAL) & (by_district["projects"] > 0)]
    assert labels[1] == t("tables_other_districts", "zh", n=len(located) - 1)
    assert labels[2:] == [t("inv_municipal", "zh"), t("total", "zh")]


def test_the_single_map_panel_shows_the_sums_beside_the_counts(tmp_path):
    """A ledger too long for the panel's list: the counts show, and below them the district sums
    whose total row is the ledger's total."""
    import matplotlib

    from cymap.print import fonts, static
    from cymap.print.layout import Page
    from cymap.views.filters import FilterSpec

    rows = [[f"X{n}-{k}", *row[1:]] for n in range(12) for k, row in enumerate(ROWS)]
    for row in rows:
        row[HEADER.index("所属行动")] = row[HEADER.index("任务")] = ""  # free ids: no plan action to agree with
    view = load_projects(gbk_csv(tmp_path / "long.csv", rows)).geocoded
    assert len(view) == 72
    with matplotlib.rc_context(fonts.rc_params()):
        sheet = static.map_sheet(view, FilterSpec(), page=Page("A4", "landscape"), dpi=60, lang="zh",
                                 date="2026-12-01")
    texts = [text.get_text() for text in sheet.fig.texts]
    assert sheet.listed == 0 and t("counts_by_action", "zh") in texts  # the counts, not the list
    assert action_label(None, "zh") in texts  # rows without an action are counted, not a crash
    assert f"{t('inv_header', 'zh')} · {t('inv_by_district', 'zh')}" in texts
    assert f"{12 * TOTALS['total_investment']:,.1f}" in texts and f"{12 * TOTALS['completed_investment']:,.1f}" in texts


@pytest.mark.parametrize("column", [c for c in ALL_COLUMNS if c != "id"])
def test_every_chinese_list_header_reads_back_as_its_column(column):
    from cymap.ledger.read import canonical_header
    from cymap.ledger.schema import OPTIONAL_COLUMNS

    label = lists.header_label("status_label" if column == "status" else
                               "category_label" if column == "category" else column, "zh")
    assert canonical_header(label) == column, label
    if column in OPTIONAL_COLUMNS:
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in lists.header_label(column, "en")), column
