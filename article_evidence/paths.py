"""Where things are, relative to the repository root (never an absolute machine path)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"
CHAPTERS = ROOT / "chapters"
ARTICLE = SEEDS / "000_3782c6645462c6f3.txt"
DATAPACKAGE = DATA / "datapackage.json"
