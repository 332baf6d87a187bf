"""SQLite declared types as PostgreSQL types, for a cross-engine comparison.

SQLite accepts any type name and stores values by *affinity*; what a schema means by a name
is what PostgreSQL calls it here. The mapping goes by the declared name without its size
(``VARCHAR(80)`` is ``VARCHAR``), case-insensitive; a size carries over where PostgreSQL
has one (``character varying(80)``, ``numeric(10,2)``). Names not listed fall back on
SQLite's own affinity rules (https://sqlite.org/datatype3.html, 3.1). A project adds or
overrides names in its check (``cross_engine = { types = { DATETIME = "timestamp with time
zone" } }``).

=====================================  ==============================
SQLite declared type                    PostgreSQL type
=====================================  ==============================
INTEGER, INT, MEDIUMINT                 integer
BIGINT, INT8, UNSIGNED BIG INT          bigint
SMALLINT, TINYINT, INT2                 smallint
TEXT, CLOB                              text
VARCHAR(n), NVARCHAR(n), VARYING ...    character varying(n)
CHAR(n), CHARACTER(n), NCHAR(n)         character(n)
REAL, DOUBLE, DOUBLE PRECISION, FLOAT   double precision
NUMERIC(p,s), DECIMAL(p,s)              numeric(p,s)
BOOLEAN, BOOL                           boolean
DATE                                    date
DATETIME, TIMESTAMP                     timestamp without time zone
TIMESTAMPTZ                             timestamp with time zone
TIME                                    time without time zone
BLOB, (none)                            bytea
JSON, JSONB                             json (jsonb is json here too)
UUID                                    uuid
=====================================  ==============================

The rowid alias (``INTEGER PRIMARY KEY``) is an identity column; identity and serial columns
of either side compare as ``bigint``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

DEFAULT_TYPES: dict[str, str] = {
    "INTEGER": "integer", "INT": "integer", "MEDIUMINT": "integer", "INT4": "integer",
    "BIGINT": "bigint", "INT8": "bigint", "UNSIGNED BIG INT": "bigint",
    "SMALLINT": "smallint", "TINYINT": "smallint", "INT2": "smallint",
    "TEXT": "text", "CLOB": "text",
    "VARCHAR": "character varying", "NVARCHAR": "character varying",
    "VARYING CHARACTER": "character varying", "NATIVE CHARACTER": "character",
    "CHARACTER VARYING": "character varying",
    "CHAR": "character", "CHARACTER": "character", "NCHAR": "character",
    "REAL": "double precision", "DOUBLE": "double precision",
    "DOUBLE PRECISION": "double precision", "FLOAT": "double precision",
    "NUMERIC": "numeric", "DECIMAL": "numeric",
    "BOOLEAN": "boolean", "BOOL": "boolean",
    "DATE": "date", "DATETIME": "timestamp without time zone",
    "TIMESTAMP": "timestamp without time zone", "TIMESTAMPTZ": "timestamp with time zone",
    "TIME": "time without time zone",
    "BLOB": "bytea", "": "bytea",
    "JSON": "json", "JSONB": "json", "UUID": "uuid",
}
_SIZED = {"character varying", "character", "numeric"}
# PostgreSQL types that compare as one across engines
FOLDED = {"jsonb": "json"}
_DECLARED = re.compile(r"^\s*(?P<base>[^(]*?)\s*(?:\((?P<size>[^)]*)\))?\s*$")


def base_and_size(declared: str) -> tuple[str, str | None]:
    match = _DECLARED.match(declared)
    if match is None:
        return " ".join(declared.upper().split()), None
    size = match.group("size")
    return (" ".join(match.group("base").upper().split()),
            ",".join(p.strip() for p in size.split(",")) if size else None)


def affinity_type(base: str) -> str:
    """SQLite's affinity rules, as a PostgreSQL type."""
    if "INT" in base:
        return "integer"
    if any(w in base for w in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if base == "" or "BLOB" in base:
        return "bytea"
    if any(w in base for w in ("REAL", "FLOA", "DOUB")):
        return "double precision"
    return "numeric"


def to_postgres(declared: str, overrides: Mapping[str, str] | None = None) -> str:
    """The PostgreSQL type a SQLite declared type stands for."""
    base, size = base_and_size(declared)
    for table in (overrides or {}), DEFAULT_TYPES:
        whole = " ".join(declared.upper().split())
        if whole in table:
            return table[whole]
        if base in table:
            pg = table[base]
            return f"{pg}({size})" if size and pg in _SIZED else pg
    return affinity_type(base)


def normalize_overrides(types: Mapping[str, str]) -> dict[str, str]:
    """A project's mapping with its names written as the lookup expects them."""
    return {" ".join(k.upper().split()): v for k, v in types.items()}
