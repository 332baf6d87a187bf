"""The sequence options of an identity column, as data for the templates."""

from __future__ import annotations

from dataclasses import dataclass

from schemaparity import model as m


@dataclass(frozen=True, slots=True)
class IdentityOptions:
    """``START WITH``, ``INCREMENT BY``, ``MINVALUE``, ``MAXVALUE``, ``CACHE``, ``CYCLE``."""

    start: str
    increment: str
    min: str
    max: str
    cache: str
    cycle: bool

    @classmethod
    def of(cls, col: m.Column) -> IdentityOptions | None:
        """From the model's ``identity_options`` (``start=1 increment=1 ... cycle=false``)."""
        if not col.identity_options:
            return None
        opts = dict(p.split("=", 1) for p in col.identity_options.split())
        return cls(opts["start"], opts["increment"], opts["min"], opts["max"], opts["cache"],
                   opts.get("cycle") == "true")
