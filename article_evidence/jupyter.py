"""The chapters as Jupyter shows them: MyST prose rendered to plain Markdown and HTML.

The chapter notebooks are written for the book, in MyST: ``{glue:text}`` values, ``[نص]{.ar}``
spans, ``{numref}``/``{doc}`` references and ``{container} ar`` blocks. JupyterLab renders
CommonMark with HTML, so it would show those as raw text, and Arabic inside brackets in the
wrong order. This module writes a copy of each notebook for Jupyter in which

- ``{glue:text}`name``` is the value the notebook itself recorded under ``name``;
- ``[نص]{.ar}`` is ``<span lang="ar" dir="rtl">نص</span>`` and ``:::{container} ar`` a
  ``<div lang="ar" dir="rtl">``: Arabic right to left, as in the book;
- ``{numref}`fig-…``` is the figure's number as the book gives it ("Fig. 4"), counted over the
  table of contents, and ``{doc}`` a link to the other notebook, with its title;

and code cells, outputs and metadata are untouched, so the copy runs and nbval-checks exactly as
the original. Any other MyST role or directive is an error naming the notebook and cell, so new
syntax in the prose cannot reach a Jupyter reader raw.

    python -m article_evidence.jupyter _build/jupyter   # copies under _build/jupyter/chapters
    python -m article_evidence.jupyter --in-place        # rewrite chapters/ (Binder's postBuild)
"""

from __future__ import annotations

import argparse
import ast
import html
import json
import re
import sys
from pathlib import Path

from article_evidence import paths

GLUE_PREFIX = "application/papermill.record/"
AR_OPEN = '<span lang="ar" dir="rtl">'
FIGURE_FORMAT = "Fig. {}"  # Sphinx's default numfig_format for figures

_AR_SPAN = re.compile(r"\[([^\[\]]+)\]\{\.ar\}")
_ROLE = re.compile(r"\{([A-Za-z][\w:.-]*)\}`([^`]*)`")
_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
_FENCE_OPEN = re.compile(r"^(:{3,}|`{3,})\{([^}]*)\}\s*(.*)$")
_LEFTOVER = re.compile(r"\{[A-Za-z][\w:.-]*\}`|\]\{[^}]*\}|^(:{3,}|`{3,})\{", re.M)


class MystError(ValueError):
    """Prose the Jupyter copy cannot render: names the notebook, the cell and the syntax."""


def toc_documents(root: Path = paths.ROOT) -> list[str]:
    """The book's documents in reading order (``_toc.yml``), as paths without suffix."""
    documents = []
    for line in (root / "_toc.yml").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:-\s*)?(?:root|file):\s*(\S+)\s*$", line)
        if match:
            documents.append(match.group(1).removesuffix(".ipynb").removesuffix(".md"))
    return documents


def _source_of(root: Path, document: str) -> Path | None:
    for suffix in (".ipynb", ".md"):
        if (root / (document + suffix)).exists():
            return root / (document + suffix)
    return None


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def figure_numbers(root: Path = paths.ROOT) -> dict[str, int]:
    """Figure name -> number, counted over the table of contents as the book numbers them."""
    names: list[str] = []
    for document in toc_documents(root):
        path = _source_of(root, document)
        if path is None:
            continue
        if path.suffix == ".ipynb":
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                name = cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("name")
                if cell["cell_type"] == "code" and name:
                    names.append(name)
        else:
            names += re.findall(r"^:name:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)
    return {name: number for number, name in enumerate(names, start=1)}


def document_titles(root: Path = paths.ROOT) -> dict[str, str]:
    """Document path (no suffix) -> its first heading."""
    titles = {}
    for document in toc_documents(root):
        path = _source_of(root, document)
        if path is None:
            continue
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join(_text(c["source"]) for c in cells if c["cell_type"] == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        heading = re.search(r"^#\s+(.+?)\s*$", text, re.M)
        titles[document] = heading.group(1) if heading else document
    return titles


def glued_values(notebook: dict) -> dict[str, str]:
    """Name -> text of every value the notebook recorded with glue, as the book shows it."""
    values = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get(GLUE_PREFIX + "text/plain")
            if name is None or text is None:
                continue
            text = _text(text)
            try:  # a str is recorded as its repr; the book shows the string itself
                value = ast.literal_eval(text)
                text = value if isinstance(value, str) else text
            except (ValueError, SyntaxError):
                pass
            values[name] = text
    return values


class Renderer:
    """Renders one book's MyST prose for Jupyter; the notebook location sets relative links."""

    def __init__(self, root: Path = paths.ROOT) -> None:
        self.root = root
        self.figures = figure_numbers(root)
        self.titles = document_titles(root)

    def markdown(self, text: str, glue: dict[str, str], where: str) -> str:
        text = self._blocks(text, where)
        text = _AR_SPAN.sub(lambda m: f"{AR_OPEN}{m.group(1)}</span>", text)
        text = _ROLE.sub(lambda m: self._role(m.group(1), m.group(2), glue, where), text)
        leftover = _LEFTOVER.search(text)
        if leftover:
            line = text[: leftover.start()].count("\n") + 1
            raise MystError(f"{where}, line {line}: no Jupyter rendering for {leftover.group(0)!r}")
        return text

    def _blocks(self, text: str, where: str) -> str:
        out: list[str] = []
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            match = _FENCE_OPEN.match(lines[i])
            if not match:
                out.append(lines[i])
                i += 1
                continue
            fence, name, argument = match.groups()
            if (name.strip(), argument.strip()) != ("container", "ar"):
                raise MystError(f"{where}, line {i + 1}: no Jupyter rendering for {lines[i]!r}")
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == fence), None)
            if end is None:
                raise MystError(f"{where}, line {i + 1}: {fence} block is never closed")
            body = [line for line in lines[i + 1 : end] if not line.startswith(":")]
            out += ['<div lang="ar" dir="rtl">', "", *body, "", "</div>"]
            i = end + 1
        return "\n".join(out)

    def _role(self, role: str, content: str, glue: dict[str, str], where: str) -> str:
        if role == "glue:text" or role == "glue":
            if content not in glue:
                raise MystError(
                    f"{where}: {{{role}}}`{content}` but the notebook glues no such name"
                )
            return html.escape(glue[content], quote=False)
        titled = _TITLED.match(content)
        text, target = (titled.group(1), titled.group(2)) if titled else (None, content)
        if role == "numref":
            if target not in self.figures:
                raise MystError(f"{where}: {{numref}}`{content}` names no figure in the book")
            number = str(self.figures[target])
            return text.replace("%s", number) if text else FIGURE_FORMAT.format(number)
        if role == "doc":
            document = target.removesuffix(".ipynb").removesuffix(".md")
            if document not in self.titles:  # relative to the chapters folder
                document = f"{paths.CHAPTERS.name}/{document}"
            if document not in self.titles:
                raise MystError(f"{where}: {{doc}}`{content}` names no document in the book")
            link = Path(document).name + (
                ".ipynb" if (self.root / f"{document}.ipynb").exists() else ".md"
            )
            return f"[{text or self.titles[document]}]({link})"
        raise MystError(f"{where}: no Jupyter rendering for the role {{{role}}}")

    def notebook(self, notebook: dict, name: str) -> dict:
        glue = glued_values(notebook)
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] == "markdown":
                where = f"{name}, cell {index}"
                cell["source"] = self.markdown(_text(cell["source"]), glue, where)
        notebook.setdefault("metadata", {})["article_evidence_jupyter"] = (
            "prose rendered for Jupyter from the book's MyST by article_evidence.jupyter"
        )
        return notebook


def write_edition(
    target: Path | None, root: Path = paths.ROOT, keep_changed: bool = False
) -> list[Path]:
    """Write every chapter notebook, rendered for Jupyter, to ``target/chapters`` (or in place).

    With ``keep_changed``, a copy saved after its source was last changed (a reader's work) is
    left as it is.
    """
    renderer = Renderer(root)
    folder = root / paths.CHAPTERS.name
    out_folder = folder if target is None else target / folder.name
    out_folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(folder.glob("*.ipynb")):
        out = out_folder / path.name
        if keep_changed and out.exists() and out.stat().st_mtime > path.stat().st_mtime:
            print(f"kept {out} (saved after {path.name} last changed)", file=sys.stderr)
            continue
        notebook = json.loads(path.read_text(encoding="utf-8"))
        rendered = renderer.notebook(notebook, path.relative_to(root).as_posix())
        out.write_text(json.dumps(rendered, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("target", nargs="?", type=Path, help="folder for the copies")
    where.add_argument("--in-place", action="store_true", help="rewrite chapters/ itself")
    parser.add_argument(
        "--keep-changed", action="store_true", help="keep copies saved since their source changed"
    )
    args = parser.parse_args(argv)
    try:
        target = None if args.in_place else args.target.resolve()
        written = write_edition(target, keep_changed=args.keep_changed)
    except MystError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
