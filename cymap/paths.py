"""Where the installed checkout keeps its data: one answer for every layer."""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
GEODATA_DIR = REPO_ROOT / "geodata"
STATIC_DIR = REPO_ROOT / "static"
DEFAULT_LEDGER = REPO_ROOT / "projects.csv"
