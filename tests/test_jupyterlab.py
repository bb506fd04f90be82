"""The chapters as a reader reruns them: JupyterLab on 127.0.0.1, each notebook in Chromium.

JupyterLab serves the Jupyter copies of the chapters (``article_evidence.jupyter``, what
``book.py lab`` and Binder open). In each notebook no raw MyST may show (roles, ``{.ar}`` spans,
directive fences), every glued value must be on the page, and every Arabic run must be marked
``lang="ar"`` and laid out right to left. The same probe run on an original MyST notebook must
find raw roles, so it can fail.

Chromium and the skip/fail rule are those of test_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import ARTIFACTS, CHROMIUM, in_ci

from article_evidence import jupyter, paths

CHAPTERS = sorted(p.name for p in paths.CHAPTERS.glob("*.ipynb"))
NOTEBOOK_SETTINGS = {"windowingMode": "none"}  # every cell in the page, not only those in view

# Reports what a reader would see that is not rendered: raw roles, spans and fences in the
# rendered Markdown and the outputs, and Arabic text not marked lang=ar or not laid out RTL.
PROBE_JS = r"""
() => {
  const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook");
  const shown = [...panel.querySelectorAll(".jp-RenderedMarkdown, .jp-OutputArea-output")];
  const text = shown.map((el) => el.innerText).join("\n");
  const raw = [];
  for (const m of text.matchAll(/\{[A-Za-z][\w:.-]*\}`|\]\{[^}]*\}|(:{3,}|`{3,})\{/g)) {
    raw.push(text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, " "));
  }
  const arabic = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]/;
  const problems = [];
  let runs = 0;
  for (const root of shown) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!arabic.test(node.data)) continue;
      runs += 1;
      const holder = node.parentElement.closest("[lang]");
      const where = node.data.trim().slice(0, 30);
      if (!holder || holder.getAttribute("lang") !== "ar") {
        problems.push(`unmarked Arabic: ${where}`);
      } else if (getComputedStyle(node.parentElement).direction !== "rtl") {
        problems.push(`Arabic not right to left: ${where}`);
      }
    }
  }
  return {cells: panel.querySelectorAll(".jp-Cell").length, text, raw, runs, problems};
}
"""


def unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"JupyterLab browser test cannot run on CI: {reason}")
    pytest.skip(f"JupyterLab browser test skipped: {reason}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """The Jupyter copies, plus one original MyST notebook for the probe's own check."""
    root = tmp_path_factory.mktemp("lab")
    jupyter.write_edition(root)
    (root / "myst").mkdir()
    original = paths.CHAPTERS / CHAPTERS[0]
    (root / "myst" / original.name).write_bytes(original.read_bytes())
    return root


@pytest.fixture(scope="session")
def lab_url(lab_root, tmp_path_factory):
    """JupyterLab from this environment on 127.0.0.1, with fresh settings and workspaces."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    home = tmp_path_factory.mktemp("lab-home")
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps(NOTEBOOK_SETTINGS))
    port = free_port()
    env = dict(
        os.environ,
        JUPYTER_PREFER_ENV_PATH="1",
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
    )
    sys.path.insert(0, str(paths.ROOT))
    from book import lab_options  # the options `book.py lab` starts JupyterLab with

    command = [sys.executable, "-m", "jupyterlab", *lab_options(lab_root, port)]
    command += ["--no-browser", "--IdentityProvider.token=", "--ServerApp.password="]
    command += ["--ServerApp.allow_root=True"]
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url + "api/status", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text())
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


@pytest.fixture(scope="session")
def page(browser, lab_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Local only: anything not from this JupyterLab is blocked.
    context.route(
        lambda url: url.startswith(("http:", "https:")) and not url.startswith(lab_url),
        lambda route: route.abort(),
    )
    yield context.new_page()
    context.close()


def open_notebook(page, lab_url: str, path: str, markdown_cells: int) -> dict:
    page.goto(f"{lab_url}lab/tree/{path}?reset")
    # every Markdown cell rendered (JupyterLab renders them after the page has loaded)
    page.wait_for_function(
        """(n) => {
          const done = [...document.querySelectorAll(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .jp-RenderedMarkdown")];
          return done.length >= n && done.every((el) => el.innerText.trim());
        }""",
        arg=markdown_cells,
    )
    page.wait_for_load_state("networkidle")
    # and settled: the same text twice, half a second apart
    previous = None
    for _ in range(40):
        current = page.evaluate(PROBE_JS)
        if previous is not None and current["text"] == previous["text"]:
            break
        previous = current
        page.wait_for_timeout(500)
    result = current
    folder = ARTIFACTS / "jupyterlab"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / (path.replace("/", "-") + ".png")))
    return result


@pytest.mark.parametrize("name", CHAPTERS)
def test_notebook_reads_well_in_jupyterlab(name, page, lab_url, lab_root):
    source = json.loads((paths.CHAPTERS / name).read_text(encoding="utf-8"))
    markdown_cells = sum(c["cell_type"] == "markdown" for c in source["cells"])
    result = open_notebook(page, lab_url, f"chapters/{name}", markdown_cells)
    assert result["cells"] == len(source["cells"]), "not every cell is in the page"
    assert not result["raw"], "raw MyST shows in JupyterLab:\n  " + "\n  ".join(result["raw"])
    assert result["runs"] > 0, "no Arabic found: the probe saw nothing"
    assert not result["problems"], "\n".join(result["problems"])
    text = re.sub(r"\s+", " ", result["text"])
    prose = "\n".join(jupyter._text(c["source"]) for c in source["cells"])
    quoted = set(re.findall(r"\{glue:text\}`([^`]+)`", prose))
    values = jupyter.glued_values(source)
    missing = [n for n in sorted(quoted) if re.sub(r"\s+", " ", values[n]) not in text]
    assert not missing, f"glued values not shown: {missing}"
    for reference in re.findall(r"\{numref\}`([^`]+)`", prose):
        assert f"Fig. {jupyter.figure_numbers()[reference]}" in text


def test_probe_finds_raw_myst_in_an_original_notebook(page, lab_url):
    source = json.loads((paths.CHAPTERS / CHAPTERS[0]).read_text(encoding="utf-8"))
    markdown_cells = sum(c["cell_type"] == "markdown" for c in source["cells"])
    result = open_notebook(page, lab_url, f"myst/{CHAPTERS[0]}", markdown_cells)
    assert result["raw"], "the probe found no raw MyST in a MyST notebook"
    assert any("unmarked Arabic" in p for p in result["problems"])
