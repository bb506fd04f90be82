"""Build-speed benchmark: this book against the template book, in one run on this machine.

    .venv/bin/python tools/benchmark.py [--runs 3] [--no-fail] [--no-profile]

Everything runs in a temporary copy of the repository (see bookcopy.py), built with the
repository's .venv, so the working tree is left as it is. Each time is the median of --runs.

    a. cold build: no _build, every notebook executed (book.py build --reexecute: the execution
       cache is the inputs fingerprint stored in each notebook, which --reexecute ignores), both
       editions; and the same for the English edition alone (--english-only)
    b. no-change rebuild (book.py build), both editions and the English alone
    c. rebuild after a data edit; checks the new value is in a chapter page and the old gone
    d. rebuild after a prose edit in one chapter; checks nothing executes and the edit shows
    e. nbval (pytest --nbval chapters), and the same split over two processes side by side
    f. raw execution of each notebook with nbclient, and their sum
    yardstick: the template book (jupyter-book create) built cold and with no change, with its
       default configuration (its notebooks execute on every Sphinx read: execute "force")

A measurement and its yardstick run alternately (a, template, a, template, ...), so that a
change in the machine's load hits both. Targets: a <= 2.5 x template cold; b <= 1.5 x template
no-change; a and b with both editions <= 2 x the English alone; c re-executes the notebooks
that read the data (all of them: every chapter loads the whole data package, and each edition
has a copy of every chapter) and shows the new value; e <= 1.5 x f (sum). Exit 1 if one is
missed or a check fails (unless --no-fail). The results also go to test-artifacts/benchmark.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import bookcopy
import build_profile

ROOT = bookcopy.ROOT
JSON_REPORT = ROOT / "test-artifacts" / "benchmark.json"
JUPYTER_BOOK = ROOT / ".venv" / "bin" / "jupyter-book"
RATIO_TARGETS = [  # (measured step, yardstick step, highest ratio allowed)
    ("cold", "template_cold", 2.5),
    ("no_change", "template_no_change", 1.5),
    ("cold", "cold_english", 2.0),
    ("no_change", "no_change_english", 2.0),
    ("nbval", "raw_sum", 1.5),
]
DATA_EDIT_REASON = "every chapter loads the whole data package, see execution.py"
ORDER = [
    "cold",
    "cold_english",
    "no_change",
    "no_change_english",
    "data_edit",
    "prose_edit",
    "nbval",
    "nbval_parallel",
    "raw_sum",
    "template_cold",
    "template_no_change",
]


class StepFailed(RuntimeError):
    """A command the benchmark times exited non-zero: there is nothing sound to time."""


@dataclass
class Step:
    label: str
    seconds: list[float]
    cpu_seconds: list[float] = field(default_factory=list)
    peak_rss_mib: float = 0.0
    detail: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    target: bool = False  # one of the targets, not only a sanity check


@dataclass
class Report:
    steps: dict[str, Step] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    notebooks: dict[str, Step] = field(default_factory=dict)
    slow_cells: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    profile: dict = field(default_factory=dict)
    load: dict = field(default_factory=dict)

    def check(self, name: str, ok: bool, detail: str, target: bool = False) -> None:
        self.checks.append(Check(name, bool(ok), detail, target))


# --------------------------------------------------------------------------- running


def succeeded(result: bookcopy.Run, what: str) -> bookcopy.Run:
    if result.returncode != 0:
        raise StepFailed(f"{what} exited {result.returncode}:\n{result.output[-4000:]}")
    return result


def step(label: str, results: list[bookcopy.Run], detail: str = "") -> Step:
    return Step(
        label,
        [r.seconds for r in results],
        [r.cpu_seconds for r in results],
        max(r.peak_rss_mib for r in results),
        detail,
    )


def alternately(runs: int, *actions: Callable[[], bookcopy.Run]) -> list[list[bookcopy.Run]]:
    """Run each action ``runs`` times, taking turns; the results per action."""
    results: list[list[bookcopy.Run]] = [[] for _ in actions]
    for _ in range(runs):
        for action, bucket in zip(actions, results, strict=True):
            bucket.append(action())
    return results


def remove_build(folder: Path) -> None:
    shutil.rmtree(folder / "_build", ignore_errors=True)


def book_build(copy: Path, reexecute: bool = False, english_only: bool = False) -> bookcopy.Run:
    return succeeded(bookcopy.build(copy, reexecute, english_only), "book.py build")


def names(copy: Path, english_only: bool = False) -> list[str]:
    return bookcopy.executed_names(copy, english_only)


def marker(kind: str, index: int) -> str:
    return f"{kind}{index}x{secrets.token_hex(3)}"


# --------------------------------------------------------------------------- a, b and the yardstick


class Template:
    """The book ``jupyter-book create`` makes, with its default configuration."""

    def __init__(self, tmp: Path):
        self.tmp, self.folder = tmp, tmp / "template"
        create = [JUPYTER_BOOK, "create", self.folder]
        succeeded(bookcopy.run(create, cwd=tmp), "jupyter-book create")

    def build(self) -> bookcopy.Run:
        command = [JUPYTER_BOOK, "build", self.folder]
        env = dict(os.environ, PYTHONHASHSEED="0")
        return succeeded(bookcopy.run(command, cwd=self.tmp, env=env), "template build")

    def cold(self) -> bookcopy.Run:
        remove_build(self.folder)
        return self.build()


def cold_build(copy: Path, english_only: bool = False) -> bookcopy.Run:
    remove_build(copy)
    return book_build(copy, reexecute=True, english_only=english_only)


def cold_steps(copy: Path, template: Template, runs: int, report: Report) -> None:
    book, english, yardstick = alternately(
        runs, lambda: cold_build(copy), lambda: cold_build(copy, True), template.cold
    )
    for results, alone in ((book, False), (english, True)):
        executed = [sorted(bookcopy.executed_notebooks(r.output) or []) for r in results]
        report.check(
            f"a. cold build executes every notebook{' (English alone)' if alone else ''}",
            all(e == names(copy, alone) for e in executed),
            f"executed {len(executed[0])}/{len(names(copy, alone))}",
        )
    report.steps["cold"] = step("a. cold build, both editions (book.py build --reexecute)", book)
    report.steps["cold_english"] = step("a. cold build, English alone (--english-only)", english)
    report.steps["template_cold"] = step("template book: cold build", yardstick)


def no_change_steps(copy: Path, template: Template, runs: int, report: Report) -> None:
    book, english, yardstick = alternately(
        runs, lambda: book_build(copy), lambda: book_build(copy, english_only=True), template.build
    )
    executed = [bookcopy.executed_notebooks(r.output) for r in book + english]
    report.check(
        "b. no-change rebuild executes nothing",
        all(e == [] for e in executed),
        f"executed: {executed}",
    )
    report.steps["no_change"] = step("b. no-change rebuild, both editions (book.py build)", book)
    report.steps["no_change_english"] = step("b. no-change rebuild, English alone", english)
    report.steps["template_no_change"] = step("template book: no-change rebuild", yardstick)


# --------------------------------------------------------------------------- c and d


def prepare_freshness(copy: Path, report: Report) -> bookcopy.DataCell:
    """Pick the data cell to edit; if no chapter shows one yet, add a probe cell and build."""
    cell, probe = bookcopy.freshness_target(copy)
    if probe:
        book_build(copy)
        report.notes.append(
            f"no chapter shows a plain-text data value yet: a probe cell printing "
            f"{cell.file} {cell.column} row {cell.row + 1} was added to {probe} in the copy"
        )
    return cell


def data_edit_run(copy: Path, cell: bookcopy.DataCell, index: int) -> tuple:
    new = bookcopy.replace_cell(copy, cell, bookcopy.edited_text(cell, marker("Edited", index)))
    result = book_build(copy)
    outcome = {
        "executed": sorted(bookcopy.executed_notebooks(result.output) or []),
        "new_in": bookcopy.pages_showing(copy, new.text),
        "old_in": bookcopy.pages_showing(copy, cell.text),
    }
    return result, new, outcome


def data_edit_step(copy: Path, runs: int, report: Report) -> None:
    cell = prepare_freshness(copy, report)
    results, outcomes = [], []
    for index in range(runs):
        result, cell, outcome = data_edit_run(copy, cell, index)
        results.append(result)
        outcomes.append(outcome)
    executed = outcomes[-1]["executed"]
    report.check(
        "c. data edit re-executes the notebooks that read the data",
        all(o["executed"] == names(copy) for o in outcomes),
        f"{len(executed)}/{len(names(copy))} re-executed; all read it: {DATA_EDIT_REASON}",
        target=True,
    )
    shown = ", ".join(outcomes[-1]["new_in"]) or "no page"
    report.check(
        "c. data edit shows in the HTML, old value gone",
        all(o["new_in"] and not o["old_in"] for o in outcomes),
        f"{cell.file} column {cell.column}: new value in {shown}; old value in "
        f"{sum(len(o['old_in']) for o in outcomes)} page(s) after the edit",
        target=True,
    )
    detail = f"edited {cell.file} column {cell.column}, row {cell.row + 1}"
    report.steps["data_edit"] = step("c. rebuild after a data edit", results, detail)


def prose_step(copy: Path, runs: int, report: Report) -> None:
    results, ok = [], True
    for index in range(runs):
        text = marker("Prose", index)
        notebook = bookcopy.edit_prose(copy, text)
        results.append(book_build(copy))
        ok &= bookcopy.executed_notebooks(results[-1].output) == []
        ok &= notebook in bookcopy.pages_showing(copy, text)
    report.check(
        "d. prose edit executes nothing and shows in the HTML",
        ok,
        f"a paragraph added to the first markdown cell of {notebook}",
    )
    report.steps["prose_edit"] = step("d. rebuild after a prose edit", results, notebook)


# --------------------------------------------------------------------------- e and f


def raw_execution(copy: Path) -> bookcopy.Run:
    command = [bookcopy.python(copy), ROOT / "tools" / "execute_raw.py"]
    command += [path.relative_to(copy) for path in bookcopy.notebooks(copy)]
    return succeeded(bookcopy.run(command, cwd=copy, env=bookcopy.environment(copy)), "nbclient")


def nbval(copy: Path, *groups: list[str]) -> bookcopy.Run:
    pytest = [bookcopy.python(copy), "-m", "pytest", "--nbval", "-q"]
    commands = [pytest + group for group in groups]
    return bookcopy.run(*commands, cwd=copy, env=bookcopy.environment(copy))


def raw_and_nbval_steps(copy: Path, runs: int, report: Report) -> None:
    raw, serial = alternately(runs, lambda: raw_execution(copy), lambda: nbval(copy, ["chapters"]))
    record_raw(raw, report)
    paths = [str(p.relative_to(copy)) for p in bookcopy.notebooks(copy)]
    groups = split(paths, report.notebooks, os.cpu_count() or 1)
    parallel = [nbval(copy, *groups) for _ in range(runs)]
    codes = sorted({r.returncode for r in serial + parallel})
    if codes != [0]:
        summary = serial[-1].output.strip().splitlines()[-1]
        report.notes.append(f"nbval exited {codes} in the copy ({summary}); timed anyway")
    report.steps["nbval"] = step("e. nbval (pytest --nbval chapters)", serial)
    label = f"e. nbval, notebooks split over {len(groups)} processes (~ pytest-xdist)"
    report.steps["nbval_parallel"] = step(label, parallel)


def record_raw(results: list[bookcopy.Run], report: Report) -> None:
    samples = [json.loads(r.output.strip().splitlines()[-1]) for r in results]
    for name in samples[0]:
        report.notebooks[name] = Step(name, [s[name]["seconds"] for s in samples])
    totals = [sum(s[n]["seconds"] for n in s if not n.startswith("(")) for s in samples]
    raw = step("f. raw execution (nbclient), sum over the notebooks", results)
    raw.seconds = totals  # the notebooks' own times, without the empty notebook
    report.steps["raw_sum"] = raw
    report.slow_cells = slowest_cells(samples)


def slowest_cells(samples: list[dict], count: int = 6) -> list[dict]:
    cells = []
    for name, first in samples[0].items():
        for i, cell in enumerate(first["cells"]):
            times = [s[name]["cells"][i]["seconds"] for s in samples]
            where = f"{name} cell {cell['index']}: {cell['first_line']}"
            cells.append({"cell": where, "median": statistics.median(times)})
    return sorted(cells, key=lambda c: -c["median"])[:count]


def split(notebooks: list[str], times: dict[str, Step], parts: int) -> list[list[str]]:
    """Longest first, each to the least loaded part: what a work-stealing runner would get."""
    groups: list[list[str]] = [[] for _ in range(parts)]
    load = [0.0] * parts
    for name in sorted(notebooks, key=lambda n: -times[Path(n).name].median):
        least = load.index(min(load))
        groups[least].append(name)
        load[least] += times[Path(name).name].median
    return [g for g in groups if g]


# --------------------------------------------------------------------------- targets


def judge(report: Report) -> None:
    for measured, yardstick, limit in RATIO_TARGETS:
        ratio = report.steps[measured].median / report.steps[yardstick].median
        report.check(
            f"{report.steps[measured].label.split(' (')[0]} / {yardstick.replace('_', ' ')}",
            ratio <= limit,
            f"{ratio:.2f} <= {limit}",
            target=True,
        )


def measure(tmp: Path, runs: int, with_profile: bool) -> Report:
    report = Report(load={"start": os.getloadavg()[0]})
    copy = bookcopy.copy_repository(tmp / "book")
    template = Template(tmp)
    cold_steps(copy, template, runs, report)
    no_change_steps(copy, template, runs, report)
    data_edit_step(copy, runs, report)
    prose_step(copy, runs, report)
    raw_and_nbval_steps(copy, runs, report)
    judge(report)
    if with_profile:
        report.profile = build_profile.profile(copy, runs)
    report.load["end"] = os.getloadavg()[0]
    return report


# --------------------------------------------------------------------------- output


def row(label: str, seconds: float, extra: str = "") -> str:
    return f"  {label:<62} {seconds:6.2f} s  {extra}".rstrip()


def print_steps(report: Report, runs: int) -> None:
    cpus = os.cpu_count()
    print(f"\nBuild speed: wall time, median of {runs} run(s), {cpus} CPU(s)")
    print(f"  {'':<62} {'median':>8}  runs; CPU time (median); peak RSS of one process")
    for key in ORDER:
        item = report.steps[key]
        samples = " ".join(f"{s:.2f}" for s in item.seconds)
        cpu = statistics.median(item.cpu_seconds)
        print(
            row(
                item.label,
                item.median,
                f"[{samples}]  cpu {cpu:5.1f} s  {item.peak_rss_mib:4.0f} MiB",
            )
        )
        if key == "raw_sum":
            for name, notebook in report.notebooks.items():
                print(row(f"    {name}", notebook.median))
    start, end = report.load["start"], report.load["end"]
    print(f"  load average (1 min) at start {start:.1f}, at end {end:.1f}")
    if start >= (cpus or 1) / 2:
        print("  note: other processes were busy at the start: wall times are inflated")


def print_checks(report: Report) -> None:
    for title, is_target in (("Targets", True), ("Checks", False)):
        print(f"\n{title}")
        for check in (c for c in report.checks if c.target == is_target):
            verdict = ("met" if is_target else "ok") if check.ok else "FAILED"
            print(f"  [{verdict:^6}] {check.name}: {check.detail}")
    for note in report.notes:
        print(f"  note: {note}")


def print_profile(report: Report) -> None:
    print("\nWhere the time goes (medians)")
    for name, stage in report.profile["stages"].items():
        print(row(name, stage["median"]))
    print("  slowest code cells (raw execution):")
    for cell in report.slow_cells:
        print(row(f"    {cell['cell'][:58]}", cell["median"]))
    print("  slowest imports (python -X importtime, cumulative at first import):")
    for item in report.profile["slowest_imports"]:
        print(row(f"    {item['module']}", item["seconds"]))


def write_json(report: Report, runs: int, path: Path) -> None:
    data = asdict(report)
    for key, item in report.steps.items():
        data["steps"][key]["median"] = item.median
    data["runs"] = runs
    data["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    data["when"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {path}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--no-fail", action="store_true", help="report only; always exit 0")
    parser.add_argument("--no-profile", action="store_true", help="skip the time breakdown")
    parser.add_argument("--json", type=Path, default=JSON_REPORT, help="where to write results")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
            report = measure(Path(tmp), args.runs, not args.no_profile)
    except (bookcopy.VenvNotReady, StepFailed) as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    print_steps(report, args.runs)
    if report.profile:
        print_profile(report)
    print_checks(report)
    write_json(report, args.runs, args.json.resolve())
    failed = [c for c in report.checks if not c.ok]
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
