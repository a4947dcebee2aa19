"""Issue 17: counts and investment by district, action and status (cymap.views.investment), the
pack's investment page and district line, and a ledger with the new columns in Chinese headers
(GBK CSV and XLSX, written in tmp_path) read, validated and carried through import and export."""
from __future__ import annotations

import csv
import io
import math

import openpyxl
import pandas as pd
import pytest

from cymap.geo.projects import load_projects
from cymap.ledger import importer, store, validate
from cymap.ledger.read import read_ledger
from cymap.ledger.schema import ALL_COLUMNS, AMOUNT_COLUMNS, COLUMNS, OPTIONAL_COLUMNS
from cymap.print import investment_table, lists
from cymap.print.layout import Page
from cymap.views import investment
from cymap.views.filters import FilterSpec, apply_filters

HEADER = ["编号", "项目名称", "英文名称", "所属行动", "任务", "类别", "地点", "状态", "目标年份", "总投资（亿元）",
          "年度计划投资（亿元）", "累计完成投资（亿元）", "牵头单位", "责任单位", "业主单位", "计划开工", "计划建成",
          "状态日期", "佐证材料"]
# Known dates for tests/test_late.py (today 2026-12-01): T5-01 late completion, T5-02 late start,
# T6-01 completion due within 180 days, T45-01 completed on time, T28-01 recorded 滞后 (municipal),
# T48-01 completion passed while 持续推进.
ROWS = [
    ["A02-T05-01", "江北国际机场T3B航站楼", "Jiangbei T3B", "2", "5", "机场", "江北国际机场", "在建", "2027",
     "125000万元", "30", "6亿元", "市发展改革委", "渝北区人民政府", "重庆机场集团", "2022-06", "2025-12", "2025-06-30",
     "渝发改投〔2025〕1号"],
    ["A02-T05-02", "璧山至铜梁快速通道", "Bishan–Tongliang road", "2", "5", "公路与城市道路", "璧山区>铜梁区", "前期",
     "2027", "100", "10", "", "市交通运输委", "璧山区;铜梁区", "重庆高速集团", "2025", "2028", "2025-01-10", ""],
    ["A02-T06-01", "渝西水资源配置工程", "West Chongqing water", "2", "6", "水利", "江津区;永川区", "谋划", "2027",
     "50.5", "", "", "市水利局", "", "", "2027-03", "2027-04", "", ""],
    ["A09-T45-01", "城口巫溪帮扶", "Chengkou–Wuxi support", "9", "45", "试点示范", "城口县;巫溪县", "建成投用", "2027",
     "20", "2", "20", "市乡村振兴局", "", "", "2023", "2024", "2024-12-31", ""],
    ["A06-T28-01", "全市生态修复", "Citywide ecology", "6", "28", "生态环保", "重庆市", "滞后", "2027",
     "8", "1", "0.5", "市生态环境局", "", "", "2024-01-01", "2027-12-31", "", ""],
    ["A10-T48-01", "万州区公共服务中心", "Wanzhou service centre", "10", "48", "公共服务", "万州区", "持续推进", "2027",
     "", "", "", "", "", "", "", "2026-06", "", ""],
]
TOTALS = {"total_investment": 12.5 + 100 + 50.5 + 20 + 8, "annual_plan_investment": 30 + 10 + 2 + 1,
          "completed_investment": 6 + 20 + 0.5}


def gbk_csv(path, rows=ROWS, header=HEADER):
    path.write_bytes(gbk_csv_bytes(rows, header))
    return path


def gbk_csv_bytes(rows=ROWS, header=HEADER) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([header, *rows])
    return text.getvalue().encode("gbk")


def xlsx(path, rows=ROWS, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def records(rows: pd.DataFrame, columns: list[str]) -> list[dict[str, str]]:
    """Rows as plain text records (dtypes aside: every value as the ledger reads it)."""
    return rows[columns].astype(object).fillna("").astype(str).to_dict("records")


@pytest.fixture(params=["csv", "xlsx"])
def ledger(request, tmp_path):
    """The fixture ledger with Chinese headers, as GBK CSV and as XLSX."""
    return (gbk_csv if request.param == "csv" else xlsx)(tmp_path / f"台账.{request.param}")


@pytest.fixture(scope="module")
def geocoded(tmp_path_factory):
    return load_projects(gbk_csv(tmp_path_factory.mktemp("inv") / "台账.csv")).geocoded


def test_chinese_headers_validate_and_amounts_are_normalised_to_yi(ledger):
    read = read_ledger(ledger)
    assert read.problems == [] and len(read.rows) == len(ROWS)
    rows = read.rows.set_index("id")
    assert rows.at["A02-T05-01", "total_investment"] == "12.5"  # 125000万元
    assert rows.at["A02-T05-01", "completed_investment"] == "6"  # 6亿元
    assert rows.at["A02-T05-01", "lead_unit"] == "市发展改革委"
    assert rows.at["A02-T05-01", "owner_unit"] == "重庆机场集团"
    assert rows.at["A02-T05-02", "responsible_unit"] == "璧山区;铜梁区"
    assert rows.at["A02-T05-01", "planned_start"] == "2022-06" and rows.at["A09-T45-01", "planned_completion"] == "2024"
    assert rows.at["A02-T05-01", "status_date"] == "2025-06-30"


@pytest.mark.parametrize("cell", ["十二亿", "12.5.3", "12.5美元", "-5"])
def test_a_bad_amount_is_a_row_column_value_problem(tmp_path, cell):
    rows = [list(r) for r in ROWS]
    rows[2][HEADER.index("总投资（亿元）")] = cell
    read = read_ledger(gbk_csv(tmp_path / "bad.csv", rows))
    found = [p for p in read.problems if p.column == "total_investment"]
    assert [(p.row, p.value) for p in found] == [(3, cell)]
    assert "row 3, column total_investment" in str(found[0])


def test_completed_above_total_is_flagged(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("累计完成投资（亿元）")] = "13"
    read = read_ledger(gbk_csv(tmp_path / "over.csv", rows))
    assert read.problems == []  # a warning, never a rejected row
    warnings = [w for w in validate.ledger_warnings(read.rows) if w.column == "completed_investment"]
    assert [(w.row, w.value) for w in warnings] == [(1, "13")]
    assert "above total_investment 12.5" in str(warnings[0])


def test_district_sums_equal_the_ledger(geocoded):
    for division in ("current", "2023"):
        table = investment.by_district(geocoded, division)
        assert table["projects"].sum() == len(geocoded)
        for column, total in TOTALS.items():
            assert math.isclose(table[column].sum(), total), (division, column)
        assert math.isclose(investment.totals(geocoded)["total_investment"], TOTALS["total_investment"])


def test_a_route_counts_once_under_its_primary_district(geocoded):
    table = investment.by_district(geocoded)
    assert table.at["璧山区", "total_investment"] == 100 and table.at["铜梁区", "total_investment"] == 0
    assert table.at["璧山区", "touching"] == 1 and table.at["铜梁区", "touching"] == 1
    assert table.at[investment.MUNICIPAL, "total_investment"] == 8  # 重庆市: no district


def test_a_district_filter_keeps_every_row_once(geocoded):
    spec = FilterSpec(districts=["铜梁区", "万州区"])
    view = apply_filters(geocoded, spec)
    tables = dict(investment.tables(view, spec))
    table = tables["district"]
    assert list(table.index) == ["万州区", "铜梁区", investment.OTHER, investment.MUNICIPAL]
    assert table.at[investment.OTHER, "total_investment"] == 100  # the route starts in 璧山区
    assert math.isclose(table["total_investment"].sum(), investment.totals(view)["total_investment"])


def test_action_and_status_sums_equal_the_ledger(geocoded):
    for table in (investment.by_action(geocoded), investment.by_status(geocoded)):
        assert table["projects"].sum() == len(geocoded)
        for column, total in TOTALS.items():
            assert math.isclose(table[column].sum(), total)
    assert investment.by_action(geocoded).at[2, "total_investment"] == 12.5 + 100 + 50.5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_districts_tab_table_shows_the_ledgers_total(geocoded, lang):
    shown = investment.display_table(investment.by_district(geocoded), "district", lang)
    total_row = shown.iloc[-1]
    assert total_row.iloc[0] == ("合计" if lang == "zh" else "Total")
    assert total_row.iloc[3] == f"{TOTALS['total_investment']:,.1f}"
    assert total_row.iloc[1] == len(geocoded)
    # a district's amount shows as typed in 亿元; a district with no amount shows a dash, not 0
    rows = shown.set_index(shown.columns[0])
    assert rows.iloc[:, 2].loc["万州区" if lang == "zh" else "Wanzhou District"] == "–"


def test_the_districts_tab_table_converts_to_arrow_as_streamlit_sends_it(geocoded):
    import pyarrow as pa

    shown = investment.display_table(investment.by_district(geocoded), "district", "zh")
    touching = shown["涉及项目数"]
    assert pd.isna(touching.iloc[-1]) and touching.iloc[:-1].notna().all()  # no total of a count that overlaps
    pa.Table.from_pandas(shown)  # a '' among integers made Arrow refuse the column (Streamlit logged it)


def test_no_amounts_means_no_investment_page():
    frame = pd.DataFrame({c: [""] for c in AMOUNT_COLUMNS})
    assert not investment_table.has_page(frame)


def test_pack_district_line_and_page_use_the_same_sums(geocoded):
    line = investment_table.district_line(geocoded, "璧山区", "current", "zh")
    assert "总投资 100.0 亿元" in line and "项目 1 项" in line
    assert investment_table.district_line(geocoded, "万州区", "current", "en") == ""  # no amount there
    fig = investment_table.investment_page(geocoded, FilterSpec(), page=Page(), dpi=60, lang="zh",
                                           title="t", subtitle="s", right_text="p")
    texts = [text.get_text() for ax in fig.axes for text in ax.texts]
    assert f"{TOTALS['total_investment']:,.1f}" in texts  # the page's total row: the ledger's total
    assert texts.count(f"{TOTALS['total_investment']:,.1f}") == 3  # by district, by action, by status


def test_import_of_the_chinese_xlsx_keeps_every_new_column(tmp_path):
    """An upload with the new columns into an empty-of-them ledger: every added row keeps them."""
    target = tmp_path / "projects.csv"
    target.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    preview = importer.preview_import(target, xlsx(tmp_path / "台账.xlsx"))
    assert preview.problems == [] and len(preview.added) == len(ROWS)
    importer.apply_import(preview, "tester")
    stored = store.snapshot(target).frame.set_index("id")
    assert set(OPTIONAL_COLUMNS) - {"district_declared", "lon", "lat"} <= set(stored.columns)
    assert stored.at["A02-T05-01", "total_investment"] == "12.5"  # 125000万元, stored in 亿元
    assert stored.at["A02-T05-01", "lead_unit"] == "市发展改革委"
    assert stored.at["A02-T05-01", "planned_start"] == "2022-06"
    assert stored.at["A02-T05-01", "evidence"] == "渝发改投〔2025〕1号"
    assert "lon" not in stored.columns  # the upload has no coordinates: no empty column is made up


def test_import_sees_a_changed_amount(tmp_path):
    target = gbk_csv(tmp_path / "projects.csv")
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("总投资（亿元）")] = "13"
    rows[1][HEADER.index("牵头单位")] = "市交通局"
    preview = importer.preview_import(target, gbk_csv(tmp_path / "new.csv", rows))
    assert [(c.id, c.field, c.old, c.new) for c in preview.changed] == [
        ("A02-T05-01", "total_investment", "125000万元", "13"), ("A02-T05-02", "lead_unit", "市交通运输委", "市交通局")]
    importer.apply_import(preview, "tester")
    rows_now = read_ledger(target).rows.set_index("id")
    assert rows_now.at["A02-T05-01", "total_investment"] == "13"
    assert rows_now.at["A02-T05-02", "lead_unit"] == "市交通局"
    again = importer.preview_import(target, gbk_csv(tmp_path / "new.csv", rows))
    assert again.changed == [] and again.unchanged == len(ROWS)


def test_an_amount_written_in_another_unit_is_no_change(tmp_path):
    """总投资 125000万元 in the ledger and 12.5 in the upload are the same amount (both 亿元 12.5)."""
    target = gbk_csv(tmp_path / "projects.csv")
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("总投资（亿元）")] = "12.5亿元"
    rows[0][HEADER.index("计划开工")] = "2022年6月"
    preview = importer.preview_import(target, gbk_csv(tmp_path / "new.csv", rows))
    assert preview.changed == [] and preview.unchanged == len(ROWS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_csv_list_export_carries_the_new_columns(geocoded, lang):
    """Our CSV list export carries every optional column that has a value, under its catalogue header."""
    frame = lists.list_frame(geocoded, lang)
    for column in ("total_investment", "annual_plan_investment", "completed_investment", "lead_unit",
                   "responsible_unit", "owner_unit", "planned_start", "planned_completion", "status_date", "evidence"):
        header = lists.header_label(column, lang)
        assert header in frame.columns, column
        assert frame[header].tolist() == geocoded[column].tolist(), column
    assert lists.header_label("lon", lang) not in frame.columns  # no row has a coordinate: no empty column


def test_the_csv_list_export_reads_back(geocoded):
    """Our Chinese CSV list re-imports with every ledger column as the ledger has it."""
    back = read_ledger(lists.to_csv_bytes(geocoded, "zh"), "list.csv")
    assert back.problems == [] and len(back.rows) == len(geocoded)
    columns = [c for c in ALL_COLUMNS if c != "row"]
    assert records(back.rows, columns) == records(read_ledger(gbk_csv_bytes()).rows, columns)


def test_a_status_edit_keeps_the_new_columns(ledger):
    """The store writes the ledger back in its own shape: amounts, units and dates survive an edit."""
    before = read_ledger(ledger).rows.set_index("id")
    store.update_status(ledger, "A02-T05-02", "under_construction", "开工", "tester")
    after = read_ledger(ledger).rows.set_index("id")
    assert after.at["A02-T05-02", "status"] == "under_construction"
    kept = [c for c in OPTIONAL_COLUMNS if c in before.columns]
    assert after[kept].drop(index="A02-T05-02").equals(before[kept].drop(index="A02-T05-02"))
    assert after.at["A02-T05-02", "total_investment"] == "100"
