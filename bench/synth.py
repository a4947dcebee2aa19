"""A synthetic, realistic ledger of N projects for the benchmark (deterministic with a seed).

Rows look like the ones planners keep: every category, action and status in balanced
proportions; each row has a home district (all districts of the current division, in turn)
and a location bound to it — a gazetteer place in that district (airport, port, park, zone …),
a named route passing through it or an ad-hoc route (`璧山区>铜梁区`) starting there, a few
districts of one zone (`A;B;C`), the district itself, or now and then the whole municipality;
about one row in 200 carries a typo that the fuzzy step of the geocoder has to catch.
Names follow the plan's wording, `source` quotes a real sentence of the plan, statuses are
written as users do (codes or Chinese). Everything is drawn from the committed geodata, so
the ledger grows with the gazetteer and routes.

    python bench/synth.py --rows 10000 --out bench/out/synth-10000.csv [--seed 20230310]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a fresh checkout (cymap is not installed)
    sys.path.insert(0, str(ROOT))

from cymap.geo import division, geocode, geodata  # noqa: E402
from cymap.ledger.schema import ACTIONS, CATEGORIES, COLUMNS, ID_PATTERN, PLAN_DATE, STATUSES, TASK_ACTION  # noqa: E402

DEFAULT_SEED = 20230310  # the plan's date
PLAN_TEXT = ROOT / "docs" / "action-plan-2023-2027.zh.txt"

# Gazetteer kinds (places.csv `kind`) a project of each category is typically sited at.
PLACE_KINDS: dict[str, tuple[str, ...]] = {
    "airport": ("airport",),
    "port": ("port",),
    "logistics": ("port", "station", "park"),
    "energy": ("plant", "site"),
    "water": ("reservoir",),
    "zone": ("zone", "district_area"),
    "industry": ("park", "zone", "site"),
    "digital": ("park", "lab", "site"),
    "science": ("lab", "park", "zone"),
    "commerce": ("site", "district_area", "town"),
    "culture_tourism": ("site", "town"),
    "ecology": ("reservoir", "site", "district_area"),
    "public_service": ("site", "town"),
    "pilot": ("zone", "district_area", "town"),
    "cooperation": ("zone", "district_area"),
    "opening": ("zone", "port", "park"),
    "rail": ("station",), "urban_rail": ("station",), "road": ("site",), "waterway": ("port",),
}
# Route kinds (routes.csv `kind`) of the line categories.
ROUTE_KINDS: dict[str, tuple[str, ...]] = {
    "rail": ("rail",), "urban_rail": ("urban_rail",), "road": ("road",), "waterway": ("waterway",),
    "energy": ("power", "pipeline"), "water": ("pipeline",),
}
# How a row of each category is located: weights of (place, route, zone of districts, district, municipal).
LOCATION_MIX: dict[str, tuple[float, float, float, float, float]] = {
    "rail": (0.10, 0.85, 0.0, 0.05, 0.0), "urban_rail": (0.15, 0.80, 0.0, 0.05, 0.0),
    "road": (0.10, 0.80, 0.0, 0.10, 0.0), "waterway": (0.30, 0.65, 0.0, 0.05, 0.0),
    "energy": (0.40, 0.35, 0.0, 0.25, 0.0), "water": (0.45, 0.20, 0.05, 0.30, 0.0),
    "airport": (0.90, 0.0, 0.0, 0.10, 0.0), "port": (0.85, 0.0, 0.0, 0.15, 0.0),
    "zone": (0.60, 0.0, 0.30, 0.10, 0.0), "cooperation": (0.45, 0.0, 0.45, 0.10, 0.0),
    "pilot": (0.30, 0.0, 0.30, 0.30, 0.10), "ecology": (0.20, 0.0, 0.40, 0.30, 0.10),
    "public_service": (0.45, 0.0, 0.05, 0.40, 0.10), "opening": (0.60, 0.0, 0.10, 0.25, 0.05),
}
DEFAULT_MIX = (0.60, 0.0, 0.05, 0.35, 0.0)
TYPO_RATE = 0.005

# Words of project names, as the plan writes them.
LINE_WORDS = {"rail": "铁路", "urban_rail": "轨道交通线", "road": "高速公路", "waterway": "航道整治工程",
              "energy": "输电工程", "water": "引水工程"}
SUFFIXES: dict[str, tuple[str, ...]] = {
    "airport": ("T3B航站楼", "第四跑道", "航空货运区", "综合交通枢纽"),
    "rail": ("站改扩建工程", "枢纽站", "货运场站"), "urban_rail": ("换乘枢纽", "车辆基地"),
    "road": ("互通立交", "快速路", "跨江大桥", "隧道工程"),
    "waterway": ("港区航道", "船闸改造"), "port": ("集装箱码头二期", "铁水联运工程", "港口型物流园"),
    "logistics": ("国际物流分拨中心", "冷链物流基地", "陆港型国家物流枢纽"),
    "energy": ("抽水蓄能电站", "500千伏输变电工程", "天然气储气库", "光伏发电项目"),
    "water": ("水库工程", "水系连通工程", "城乡供水一体化工程"),
    "zone": ("高新区扩区", "开发区提档升级", "产业新城"),
    "industry": ("智能网联新能源汽车产业园", "电子信息产业基地", "先进材料产业园", "生物医药产业园"),
    "digital": ("数据中心集群", "5G应用示范区", "算力调度中心"),
    "science": ("重点实验室", "科技创新中心", "中试基地", "大科学装置"),
    "commerce": ("国际消费商圈", "夜间经济示范区", "步行街改造提升"),
    "culture_tourism": ("国家级旅游度假区", "文物保护利用工程", "历史文化街区"),
    "ecology": ("生态保护修复工程", "国家储备林", "湿地公园", "污水处理厂扩建"),
    "public_service": ("区域医疗中心", "职业教育园区", "养老服务综合体", "体育中心"),
    "pilot": ("城乡融合发展试验区", "改革试点", "综合改革示范区"),
    "cooperation": ("川渝合作示范区", "毗邻地区协同发展平台"),
    "opening": ("综合保税区", "跨境电商综合试验区", "开放平台"),
}
PHASES = ("", "", "", "一期", "二期", "（续建）", "（新建）")
TARGETS = ("建成投用", "开工建设", "完成前期工作", "新增产能{n}万吨", "年吞吐能力{n}万标箱",
           "总投资{n}亿元", "新增就业{n}人", "")
NOTES = ("", "", "", "", "{d}调度：进展符合预期", "{d}调度：征地拆迁滞后", "{d}调度：已完成可研批复")


def plan_sentences() -> list[str]:
    """Sentences of the plan, to quote as `source` (verbatim, as the real ledger does)."""
    text = PLAN_TEXT.read_text(encoding="utf-8")
    sentences = [s.strip() + "。" for s in re.split(r"。", text.replace("\n", "")) if len(s.strip()) >= 20]
    return [s for s in sentences if "**" not in s]


def balanced(values: list, n: int, rng: np.random.Generator) -> list:
    """`values` repeated to length n and shuffled: each value appears n // len(values) times or once more."""
    repeated = [values[i % len(values)] for i in range(n)]
    return [repeated[i] for i in rng.permutation(n)]


class Sources:
    """The geodata a row's location is drawn from, indexed by district."""

    def __init__(self) -> None:
        self.districts = geodata.districts()
        self.district_names: list[str] = self.districts["name_zh"].tolist()
        self.short: dict[str, str] = dict(zip(self.districts["name_zh"], self.districts["short_zh"]))
        # How a row names a district: full or short name, unless that name is also a place
        # (bare 两江新区 is the zone); then the first form that resolves to the district itself.
        self.full_ref: dict[str, str] = {}
        self.short_ref: dict[str, str] = {}
        for row in self.districts.itertuples():
            forms = [row.name_zh, row.short_zh, f"{row.name_zh}（行政区）", row.adcode]
            resolving = [f for f in forms if _names_district(f, row.name_zh)]
            self.full_ref[row.name_zh] = resolving[0]
            self.short_ref[row.name_zh] = row.short_zh if row.short_zh in resolving else resolving[0]
        self.name_en: dict[str, str] = dict(zip(self.districts["name_zh"], self.districts["name_en"]))
        geoms = self.districts.geometry.values
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="touches")
        self.neighbours: dict[str, list[str]] = {name: [] for name in self.district_names}
        for i, j in zip(left, right):
            if i != j:
                self.neighbours[self.district_names[i]].append(self.district_names[j])
        # A place belongs to the district its point lies in (current division) and, for zones,
        # to the other districts it names; a route to every district its line crosses.
        places = geodata.gazetteer()
        places = places[places["precision"] != "outside"].reset_index(drop=True)
        points = shapely.points(places["lon"].to_numpy(), places["lat"].to_numpy())
        inside, district_of = tree.query(points, predicate="within")
        containing = {int(p): self.district_names[d] for p, d in zip(inside, district_of)}
        self.places: dict[tuple[str, str], list[str]] = {}
        for i, row in enumerate(places.itertuples()):
            named = {_full_name(d) for d in str(row.districts).split("|") if d}
            for district in ({containing[i]} if i in containing else set()) | (named & set(self.district_names)):
                self.places.setdefault((district, row.kind), []).append(row.name)
        self.routes: dict[tuple[str, str], list[str]] = {}
        for row in geodata.routes().itertuples():
            line = geocode.resolve_reference(row.name).geometry
            if line is None:
                continue
            for d in tree.query(line, predicate="intersects"):
                self.routes.setdefault((self.district_names[d], row.kind), []).append(row.name)

    def place(self, district: str, category: str, rng: np.random.Generator) -> str | None:
        kinds = PLACE_KINDS.get(category, ("site",))
        found = [name for kind in kinds for name in self.places.get((district, kind), [])]
        if not found:  # any place in the district, whatever its kind
            found = [name for (d, _), names in self.places.items() if d == district for name in names]
        return str(rng.choice(found)) if found else None

    def route(self, district: str, category: str, rng: np.random.Generator) -> tuple[str, str]:
        """(location, name stem): a named route through the district, else an ad-hoc one from it."""
        named = [name for kind in ROUTE_KINDS.get(category, ()) for name in self.routes.get((district, kind), [])]
        if named and rng.random() < 0.6:
            name = str(rng.choice(named))
            return name, name
        stops = [district]
        for _ in range(int(rng.integers(1, 4))):
            options = [d for d in self.neighbours[stops[-1]] if d not in stops]
            if not options:
                break
            stops.append(str(rng.choice(options)))
        if len(stops) == 1:
            stops.append(str(rng.choice([d for d in self.district_names if d != district])))
        stem = f"{self.short[stops[0]]}至{self.short[stops[-1]]}{LINE_WORDS.get(category, '通道')}"
        return ">".join(self.full_ref[d] for d in stops), stem

    def zone_of_districts(self, district: str, rng: np.random.Generator) -> str:
        members = [district, *self.neighbours[district]][: int(rng.integers(2, 5))]
        return ";".join(self.short_ref[d] if rng.random() < 0.3 else self.full_ref[d] for d in members)


def _names_district(reference: str, district: str) -> bool:
    part = geocode.resolve_reference(reference)
    return part.precision == "district" and part.matched == district


def _typo(name: str, rng: np.random.Generator) -> str:
    """Drop one character: what a hurried clerk types (the geocoder's fuzzy step catches most)."""
    if len(name) < 5:
        return name
    cut = int(rng.integers(1, len(name) - 1))
    return name[:cut] + name[cut + 1:]


def _ids(actions: list[int], tasks: list[int]) -> list[str]:
    """Unique ids A{action}-T{task}-{item}. The schema's item has two digits, so once a (action,
    task) has 100 rows its further rows take the task numbers no plan paragraph uses (T57–T99)
    in turn — still valid, unique ids naming the right action — unless the id pattern accepts
    three-digit items, which it is then given."""
    three_digits = bool(ID_PATTERN.match("A01-T01-100"))
    items: dict[tuple[int, int], int] = {}
    spare: dict[int, int] = {}  # action -> rows placed on spare task numbers so far
    ids = []
    for action, task in zip(actions, tasks):
        item = items.get((action, task), 0)
        items[(action, task)] = item + 1
        if item <= 99 or three_digits:
            ids.append(f"A{action:02d}-T{task:02d}-{item:0{2 if item <= 99 else 3}d}")
            continue
        placed = spare.get(action, 0)
        spare[action] = placed + 1
        ids.append(f"A{action:02d}-T{57 + placed // 100:02d}-{placed % 100:02d}")
    return ids


def synth_ledger(n: int, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """N ledger rows (all columns as strings), deterministic for a given seed and geodata."""
    rng = np.random.default_rng(seed)
    sources = Sources()
    sentences = plan_sentences()
    categories = balanced(list(CATEGORIES), n, rng)
    actions = balanced(list(ACTIONS), n, rng)
    statuses = balanced(list(STATUSES), n, rng)
    homes = balanced(sources.district_names, n, rng)
    tasks_of = {a: [t for t, owner in TASK_ACTION.items() if owner == a] for a in ACTIONS}
    shared_tasks = [t for t, owner in TASK_ACTION.items() if owner == 0]
    dates = pd.date_range(PLAN_DATE, "2026-06-30", freq="D").strftime("%Y-%m-%d").tolist()

    records = []
    for i in range(n):
        category, action, status, home = categories[i], actions[i], statuses[i], homes[i]
        task = int(rng.choice(tasks_of[action])) if rng.random() < 0.95 else int(rng.choice(shared_tasks))
        mix = np.array(LOCATION_MIX.get(category, DEFAULT_MIX))
        how = rng.choice(5, p=mix / mix.sum())
        suffix = str(rng.choice(SUFFIXES[category]))
        phase = str(rng.choice(PHASES))
        place = sources.place(home, category, rng) if how == 0 else None
        if place is not None:
            location, name = place, f"{place}{suffix}{phase}"
        elif how == 1:
            location, name = sources.route(home, category, rng)
            name += phase
        elif how == 2:
            location, name = sources.zone_of_districts(home, rng), f"{sources.short[home]}片区{suffix}"
        elif how == 4:
            location, name = "重庆市", f"全市{suffix}"
        else:  # district level; users write the full or the short name
            location = sources.full_ref[home] if rng.random() < 0.7 else sources.short_ref[home]
            name = f"{sources.short[home]}{suffix}{phase}"
        if rng.random() < TYPO_RATE and ">" not in location and ";" not in location:
            location = _typo(location, rng)
        year = int(rng.choice([2023, 2024, 2025, 2026, 2027, 2027, 2027, 2030])) if rng.random() < 0.85 else ""
        written_status = STATUSES[status]["zh"] if rng.random() < 0.2 else status
        updated = PLAN_DATE if rng.random() < 0.5 else str(rng.choice(dates))
        note = str(rng.choice(NOTES)).format(d=updated)
        target = str(rng.choice(TARGETS)).format(n=int(rng.integers(2, 500)) * 10)
        records.append({
            "name_zh": name,
            "name_en": f"{sources.name_en[home].title()} {CATEGORIES[category]['en']} project {i + 1}",
            "action": str(action), "task": str(task), "category": category, "location": location,
            "status": written_status, "target_year": str(year), "target": target,
            "source": str(rng.choice(sentences)), "updated": updated, "note": note,
        })
    frame = pd.DataFrame.from_records(records)
    frame.insert(0, "id", _ids([int(a) for a in frame["action"]], [int(t) for t in frame["task"]]))
    return frame[COLUMNS]


def write_synth_ledger(path: str | Path, n: int, seed: int = DEFAULT_SEED) -> Path:
    """Write the synthetic ledger as UTF-8 CSV with a BOM (as Excel saves it) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    synth_ledger(n, seed).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(write_synth_ledger(args.out, args.rows, args.seed))
    return 0


def _full_name(name: str) -> str:
    meaning = division.resolve_district_name(name)
    return meaning.name_zh if meaning else name


if __name__ == "__main__":  # last: the script needs every function above defined
    sys.exit(main())
