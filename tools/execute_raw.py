"""Execute notebooks one after another with nbclient, in memory, and print timings as JSON.

    python tools/execute_raw.py chapters/a.ipynb chapters/b.ipynb

Each notebook runs in a fresh kernel, with the settings the build uses (its own folder as the
working directory, kernel python3), and is not written back. Printed: for each notebook the
wall time of ``execute()`` (kernel start-up, cells, shut-down) and each code cell's time; and
the same for an empty notebook, which measures kernel start-up and shut-down alone.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def execute(notebook, folder: Path) -> dict:
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        record_timing=True,
        resources={"metadata": {"path": str(folder)}},
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    cells = [
        {"index": i, "seconds": cell_seconds(cell), "first_line": cell.source.split("\n")[0]}
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    ]
    return {"seconds": seconds, "cells": cells}


def main(argv: list[str]) -> int:
    results = {"(empty notebook)": execute(nbformat.v4.new_notebook(), Path.cwd())}
    for name in argv:
        path = Path(name)
        results[path.name] = execute(nbformat.read(path, as_version=4), path.parent)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
