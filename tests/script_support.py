"""Scripts the tests import as modules: book.py and the tools in tools/ (not a package)."""

import importlib.util
import sys
from pathlib import Path

from article_evidence import paths


def load_script(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_tool(name: str):
    return load_script(name, paths.ROOT / "tools" / f"{name}.py")
