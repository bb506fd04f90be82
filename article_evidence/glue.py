"""Values a chapter's prose quotes with ``{glue:text}`name```, recorded in the notebook.

The record is the one myst-nb's ``glue(name, value, display=False)`` writes (a display output
under the ``application/papermill.record/`` prefix, with ``scrapbook`` metadata), so the book
reads it unchanged; here it needs only IPython, so the notebooks run without the book's build
stack (on Binder, for instance).
"""

from __future__ import annotations

from typing import Any

PREFIX = "application/papermill.record/"


def glue(name: str, value: Any) -> None:
    """Record ``value`` under ``name`` for ``{glue:text}`name``` without showing it."""
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": PREFIX}
    display({PREFIX + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)


def glue_all(values: dict[str, Any]) -> None:
    for name, value in values.items():
        glue(name, value)
