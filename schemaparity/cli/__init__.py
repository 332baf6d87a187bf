"""Command line: each command parses its options, calls :mod:`schemaparity.api` and renders.

``group`` holds the ``schemaparity`` group, ``common`` the shared options and the output
writer, one module per family of commands (imported when a command is looked up, see
``group``), and ``main`` the entry point and exit codes."""

from __future__ import annotations

from schemaparity.cli.group import cli
from schemaparity.cli.main import entry, main

__all__ = ["cli", "entry", "main"]
