"""Compare the exports of two checkouts page by page (a refactoring must not change them).

    python tools/compare_exports.py OLD_CHECKOUT NEW_CHECKOUT [--out DIR]

Renders the same exports of each checkout's projects.csv with its own code (PNG city/万州区/
2023 中心城区, a region PDF, a region pack, CSV, offline HTML), turns PDF pages into PNG with
pdftoppm, and prints per page how many pixels differ and where (bounding box). Run both on the
same data (copy projects.csv and geodata/ across) to see what the code alone changed.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

EXPORTS = {
    "city.png": ["export", "--format", "png", "--dpi", "100"],
    "wanzhou.png": ["export", "--district", "万州区", "--format", "png", "--dpi", "100"],
    "core2023.png": ["export", "--region", "中心城区", "--division", "2023", "--format", "png", "--dpi", "100"],
    "southeast.pdf": ["export", "--region", "渝东南武陵山区城镇群", "--format", "pdf"],
    "pack_ne.pdf": ["pack", "--region", "渝东北三峡库区城镇群"],
    "list.csv": ["export", "--format", "csv"],
}


def render(checkout: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, args in EXPORTS.items():
        subprocess.run([sys.executable, "-m", "cymap", *args, "--out", str(out / name)], cwd=checkout,
                       check=True, capture_output=True)
        if name.endswith(".pdf"):
            subprocess.run(["pdftoppm", "-r", "50", "-png", str(out / name), str(out / name[:-4])], check=True)


def compare(old: Path, new: Path) -> list[str]:
    import numpy as np
    from PIL import Image, ImageChops

    lines = []
    for path in sorted(old.glob("*.png")):
        other = new / path.name
        if not other.exists():
            lines.append(f"{path.name}: missing in the new export")
            continue
        a, b = Image.open(path).convert("RGB"), Image.open(other).convert("RGB")
        if a.size != b.size:
            lines.append(f"{path.name}: size {a.size} -> {b.size}")
            continue
        diff = np.asarray(ImageChops.difference(a, b)).sum(axis=2)
        ys, xs = np.nonzero(diff)
        where = f" in x {xs.min()}–{xs.max()}, y {ys.min()}–{ys.max()}" if len(xs) else ""
        lines.append(f"{path.name}: {len(xs)} of {diff.size} pixels differ{where}")
    extra = sorted({p.name for p in new.glob("*.png")} - {p.name for p in old.glob("*.png")})
    lines += [f"{name}: new page" for name in extra]
    old_csv, new_csv = (old / "list.csv").read_bytes(), (new / "list.csv").read_bytes()
    lines.append("list.csv: identical" if old_csv == new_csv else "list.csv: differs")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/cymap-compare"))
    args = parser.parse_args()
    render(args.old.resolve(), args.out / "old")
    render(args.new.resolve(), args.out / "new")
    print("\n".join(compare(args.out / "old", args.out / "new")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
