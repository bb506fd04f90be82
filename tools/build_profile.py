"""Where a build's time goes, measured in a built copy of the book (see bookcopy.py).

Stages of ``book.py build``: the stale check, the execution of the notebooks, and Sphinx
(``jupyter-book build``) cold and with nothing changed. Inside one notebook's kernel: the
imports and the data load the chapters start with, and a first and a second matplotlib figure.
The slowest imports come from ``python -X importtime``.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
from pathlib import Path

import bookcopy

# What a chapter's kernel does first, timed phase by phase, in that order, in a plain python
# process started in chapters/ (kernel start-up itself is the empty notebook of execute_raw.py).
PHASES = """\
import json, time
marks = [time.perf_counter()]
import article_evidence.evidence as evidence
marks.append(time.perf_counter())
import frictionless
marks.append(time.perf_counter())
evidence.load()
marks.append(time.perf_counter())
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
marks.append(time.perf_counter())
for dpi in (100, 100, 200):
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.barh([f"source {i}" for i in range(8)], range(8))
    ax.set_title("claims per source")
    fig.savefig(__import__("io").BytesIO(), format="png", dpi=dpi)
    plt.close(fig)
    marks.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""
PHASE_NAMES = [
    "kernel: import article_evidence.evidence (pandas)",
    "kernel: import frictionless (done by load())",
    "kernel: evidence.load() (parse + validate)",
    "kernel: import matplotlib.pyplot",
    "kernel: first figure rendered to PNG",
    "kernel: next figure rendered to PNG",
    "kernel: same figure at 2x (retina inline PNG)",
]
# imported by a kernel besides the package's modules: by evidence.load() and by figures
ALSO_IMPORTED = ("frictionless", "matplotlib.pyplot")
# One import statement each (importlib.import_module is not timed by -X importtime); a module
# that does not import (being edited, say) is left out, not fatal.
IMPORT_ONE = "try:\n    import {module}\nexcept Exception:\n    pass\n"
IMPORT_LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| +(\S+)$")


def seconds_of(result: bookcopy.Run, what: str) -> float:
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.output[-3000:]}")
    return result.seconds


def timed(copy: Path, command: list, runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        result = bookcopy.run(command, cwd=copy, env=bookcopy.environment(copy))
        times.append(seconds_of(result, " ".join(map(str, command))))
    return times


def kernel_phases(copy: Path, runs: int) -> dict[str, list[float]]:
    env = bookcopy.environment(copy)
    samples = []
    for _ in range(runs):
        result = bookcopy.run([bookcopy.python(copy), "-c", PHASES], cwd=copy / "chapters", env=env)
        seconds_of(result, "kernel phases")
        samples.append(json.loads(result.output.strip().splitlines()[-1]))
    return {name: [sample[i] for sample in samples] for i, name in enumerate(PHASE_NAMES)}


def build_stages(copy: Path, runs: int) -> dict[str, list[float]]:
    python, jupyter_book = bookcopy.python(copy), copy / ".venv" / "bin" / "jupyter-book"
    sphinx = [jupyter_book, "build", ".", "-W", "--keep-going", "-q"]
    return {
        "python start-up (python -c pass)": timed(copy, [python, "-c", "pass"], runs),
        "stale check (execution --check)": timed(
            copy, [python, "-m", "article_evidence.execution", "chapters", "--check"], runs
        ),
        "execution of all notebooks (execution --all)": timed(
            copy, [python, "-m", "article_evidence.execution", "chapters", "--all"], runs
        ),
        "Sphinx, no _build (jupyter-book build)": timed(
            copy, sphinx, runs, before=lambda: shutil.rmtree(copy / "_build", ignore_errors=True)
        ),
        "Sphinx, nothing changed (jupyter-book build)": timed(copy, sphinx, runs),
    }


def slowest_imports(copy: Path, count: int = 8) -> list[tuple[str, float]]:
    """Packages by cumulative import time when a chapter's kernel imports all it may need.

    Each package counts at its first import, with what it imports itself (so numpy is inside
    pandas); the package's own modules are listed as well.
    """
    modules = sorted(
        f"article_evidence.{p.stem}"
        for p in (copy / "article_evidence").glob("*.py")
        if p.stem not in {"__init__", "__main__"}
    )
    env = bookcopy.environment(copy)
    code = "".join(IMPORT_ONE.format(module=m) for m in modules + list(ALSO_IMPORTED))
    result = bookcopy.run(
        [bookcopy.python(copy), "-X", "importtime", "-c", code], cwd=copy, env=env
    )
    seconds_of(result, "python -X importtime")
    found = [m for m in map(IMPORT_LINE.match, result.output.splitlines()) if m]
    packages = [
        (m.group(2), int(m.group(1)) / 1e6)
        for m in found
        if "." not in m.group(2) or m.group(2) in modules or m.group(2) in ALSO_IMPORTED
    ]
    return sorted(packages, key=lambda item: -item[1])[:count]


def profile(copy: Path, runs: int) -> dict:
    """Medians (and samples) of every stage and phase, and the slowest imports."""
    samples = build_stages(copy, runs) | kernel_phases(copy, runs)
    return {
        "stages": {
            name: {"median": statistics.median(times), "seconds": times}
            for name, times in samples.items()
        },
        "slowest_imports": [{"module": m, "seconds": s} for m, s in slowest_imports(copy)],
    }
