"""Dump files: the fast pair loader gives the same diff as loading both dumps whole, and a
damaged dump is one line of error naming the object and the field, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from schemaparity import dumpfile
from schemaparity.diff import diff
from schemaparity.errors import DumpFormatError

from .conftest import DUMPS

PAIRS = [("agent_platform_oss", "agent_platform_cloud"), ("llmops_core_oss", "llmops_core_ee"),
         ("kitchen_sink", "kitchen_sink_reordered"), ("llmops_tracing_oss", "llmops_tracing_ee"),
         ("saas_control_plane", "agent_api_rls")]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_changed_pair_diffs_like_the_whole_dumps(a: str, b: str) -> None:
    pa, pb = DUMPS / f"{a}.json", DUMPS / f"{b}.json"
    pair = dumpfile.load_changed_pair(pa, pb)
    assert pair is not None
    assert diff(*pair).changes == diff(dumpfile.load(pa), dumpfile.load(pb)).changes
    assert len(pair[0]) <= len(dumpfile.load(pa))


def test_changed_pair_of_identical_dumps_is_empty() -> None:
    path = DUMPS / "kitchen_sink.json"
    a, b = dumpfile.load_changed_pair(path, path)
    assert len(a) == len(b) == 0 and diff(a, b).identical


def test_non_canonical_layout_falls_back(tmp_path: Path) -> None:
    data = json.loads((DUMPS / "kitchen_sink.json").read_text())
    other = tmp_path / "pretty.json"
    other.write_text(json.dumps(data, indent=4))
    assert dumpfile.load_changed_pair(DUMPS / "kitchen_sink.json", other) is None
    assert dumpfile.load(other) == dumpfile.load(DUMPS / "kitchen_sink.json")


def test_a_moved_trailing_comma_is_no_change(tmp_path: Path) -> None:
    """Lines are compared whole first; the object before a removed last one loses its comma,
    and that alone must not make it a changed object."""
    data = dumpfile.load(DUMPS / "kitchen_sink.json")
    last = list(data.indexes)[-1]
    smaller = dumpfile.from_json(dumpfile.to_json(data))
    del smaller.indexes[last]
    path = tmp_path / "smaller.json"
    path.write_text(dumpfile.to_json(smaller))
    a, b = dumpfile.load_changed_pair(DUMPS / "kitchen_sink.json", path)
    assert list(a.indexes) == [last] and not b.indexes
    assert [(c.key, c.op) for c in diff(a, b).changes] == [(last, "removed")]


def test_columns_equal_on_both_sides_are_built_once(tmp_path: Path) -> None:
    """A table that gained a column (every table of an EE edition) is checked and built once
    for the columns both sides hold: the two tables share those Column objects."""
    from dataclasses import replace

    from schemaparity import model as m

    data = dumpfile.load(DUMPS / "kitchen_sink.json")
    key, table = next((k, t) for k, t in data.tables.items() if len(t.columns) > 1)
    grown = dumpfile.from_json(dumpfile.to_json(data))
    extra = m.Column("sp_tenant", len(table.columns) + 1, "uuid")
    grown.tables[key] = replace(table, columns=(*table.columns, extra))
    path = tmp_path / "grown.json"
    path.write_text(dumpfile.to_json(grown))
    a, b = dumpfile.load_changed_pair(DUMPS / "kitchen_sink.json", path)
    assert list(a.tables) == list(b.tables) == [key]
    assert all(x is y for x, y in zip(a.tables[key].columns, b.tables[key].columns[:-1],
                                      strict=True))
    assert [(c.key, c.op) for c in diff(a, b).changes] == [
        (f"column:{table.schema}.{table.name}.sp_tenant", "added")]


def test_equal_columns_of_different_tables_are_built_once(tmp_path: Path) -> None:
    """Columns with the same fields in many tables (an edition's tenant column) are checked
    and built once for a pair, yet a column that differs only in a JSON class (``true`` for
    ``1``) is still checked on its own and refused."""
    from schemaparity import model as m

    def tables(*extra: m.Column) -> m.Catalog:
        return m.Catalog.build(150000, tables=[
            m.Table("public", n, columns=(m.Column("id", 1, "integer"), *extra))
            for n in ("t1", "t2")])

    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    pa.write_text(dumpfile.to_json(tables()))
    pb.write_text(dumpfile.to_json(tables(m.Column("tenant", 2, "uuid", not_null=True))))
    a, b = dumpfile.load_changed_pair(pa, pb)
    one, two = b.tables["table:public.t1"], b.tables["table:public.t2"]
    assert one.columns[1] is two.columns[1] and one.columns[0] is two.columns[0]
    assert [c.op for c in diff(a, b).changes] == ["added", "added"]
    text = pb.read_text("utf-8")
    at = text.index('"public.t2"')
    pb.write_text(text[:at] + text[at:].replace('"position": 1', '"position": true', 1))
    with pytest.raises(DumpFormatError, match=r"t2.*columns\[0\]\.position: expected an integer"):
        dumpfile.load_changed_pair(pa, pb)


# ---------------------------------------------------------------- damaged dumps


def _damaged(tmp_path: Path, attr: str, name: str, change) -> Path:
    """kitchen_sink.json, still in the canonical layout, with one object's fields changed
    by ``change(fields)``."""
    out, block = [], None
    for line in (DUMPS / "kitchen_sink.json").read_text("utf-8").splitlines():
        if line.startswith('  "') and line.endswith("{"):
            block = json.loads(line.strip().split(":")[0])
        prefix = f"   {json.dumps(name, ensure_ascii=False)}: "
        if block == attr and line.startswith(prefix):
            body = line[len(prefix):]
            comma = "," if body.endswith(",") else ""
            fields = json.loads(body.rstrip(","))
            change(fields)
            line = prefix + json.dumps(fields, sort_keys=True, ensure_ascii=False,
                                       separators=(", ", ": ")) + comma
        out.append(line)
    path = tmp_path / "bad.json"
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path


def _schemaparity(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemaparity", *args], capture_output=True,
                          text=True, timeout=120)


def _set_column(name: str, value: object):
    def change(fields: dict) -> None:
        fields["columns"][0][name] = value
    return change


DAMAGE = [
    pytest.param("tables", "app.orders", _set_column("not_null", "yes"),
                 "tables['app.orders'].columns[0].not_null: expected true or false, got \"yes\"",
                 id="string-for-a-bool"),
    pytest.param("tables", "app.orders", lambda f: f.update(columns=7),
                 "tables['app.orders'].columns: expected a list, got 7", id="number-for-a-list"),
    pytest.param("constraints", "app.orders.orders_pkey", lambda f: f.update(type="primary"),
                 "constraints['app.orders.orders_pkey'].type: expected one of \"primary key\"",
                 id="unknown-enum-value"),
    pytest.param("indexes", "app.orders.orders_pkey", lambda f: f.pop("definition"),
                 "indexes['app.orders.orders_pkey']: missing field 'definition'",
                 id="missing-field"),
]


@pytest.mark.parametrize(("attr", "name", "change", "needle"), DAMAGE)
def test_a_damaged_dump_is_one_line_and_exit_2(tmp_path: Path, attr: str, name: str, change,
                                               needle: str) -> None:
    """Diffed against a good dump (the fast pair loader decodes only the differing lines)
    or loaded whole, a dump with a wrong field is one error line naming the object and the
    field, exit 2: never a traceback, never accepted."""
    bad = _damaged(tmp_path, attr, name, change)
    assert bad.read_bytes().startswith(b'{\n "format_version": ')  # the fast path applies
    for args in (("diff", str(bad), str(DUMPS / "kitchen_sink.json")),
                 ("diff", str(DUMPS / "kitchen_sink.json"), str(bad)),
                 ("dump", str(bad))):
        proc = _schemaparity(*args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert lines[0].startswith(f"schemaparity: error: {bad}: {needle}"), lines[0]


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("server_version", True, "missing 'objects' or 'server_version'"),
    ("row_count_mode", "roughly", "row_count_mode: expected one of \"exact\", \"estimate\" or "
                                  "null, got \"roughly\""),
    ("row_counts", {"table:app.orders": "many"},
     "row_counts['table:app.orders']: expected an integer, got \"many\""),
])
def test_damage_around_the_objects_is_one_line(field: str, value: object, needle: str) -> None:
    data = json.loads((DUMPS / "kitchen_sink.json").read_text("utf-8"))
    data[field] = value
    with pytest.raises(DumpFormatError) as err:
        dumpfile.from_data(data, "x.json")
    assert str(err.value) == f"x.json: {needle}"


def test_every_committed_dump_passes_the_checks() -> None:
    for path in sorted(DUMPS.glob("*.json")):
        catalog = dumpfile.load(path)
        assert dumpfile.to_json(catalog) == path.read_text("utf-8")


def test_a_plan_pairs_fingerprints_are_the_plans(tmp_path: Path) -> None:
    """The fingerprints read on the dump files' bytes are the ones the planner makes of their
    text (recorded dependencies left out, non-ASCII names and escapes kept)."""
    from schemaparity.plan import fingerprint_text

    read = 0
    for a, b in PAIRS:
        pa, pb = DUMPS / f"{a}.json", DUMPS / f"{b}.json"
        planned = dumpfile.load_plan_pair(pa, pb)  # None when a type changed: read whole
        read += planned is not None
        assert planned is None or planned[2] == (fingerprint_text(pa.read_text("utf-8")),
                                                 fingerprint_text(pb.read_text("utf-8")))
    assert read >= 2
    text = (DUMPS / "kitchen_sink.json").read_text("utf-8")
    assert '"depends": [' in text
    odd = text.replace('"depends": [', '"depends": ["x\\"]\\\\ é", ', 1)
    path = tmp_path / "odd.json"
    path.write_text(odd, "utf-8")
    planned = dumpfile.load_plan_pair(path, DUMPS / "kitchen_sink.json")
    assert planned is not None and planned[2][0] == fingerprint_text(odd) == fingerprint_text(text)
    assert dumpfile.load_plan_pair(tmp_path / "missing.json", path) is None


def test_a_pair_read_by_a_command_is_frozen_and_a_library_callers_is_not() -> None:
    """A command-line run freezes a pair's objects once read (later collections never scan
    them) and unfreezes at its end; a library caller's heap is left as it was, its
    collector on."""
    import gc

    from schemaparity import gcpolicy

    pa, pb = DUMPS / "llmops_core_oss.json", DUMPS / "llmops_core_ee.json"
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    pair = dumpfile.load_changed_pair(pa, pb)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    with gcpolicy.command():
        pair = dumpfile.load_changed_pair(pa, pb)
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        assert gc.is_tracked(pair[1]) and not any(o is pair[1] for o in gc.get_objects())
    assert gc.get_freeze_count() == 0 and gc.isenabled()


@pytest.mark.parametrize("name", ["kitchen_sink", "llmops_core_ee", "saas_control_plane"])
def test_the_pair_reader_finds_every_object_line_of_each_kind(name: str, tmp_path: Path) -> None:
    """The fast reader cuts a dump into its kinds' object lines on the file's lines: against
    an empty catalog every object of the dump is a change, as when it is loaded whole."""
    from schemaparity import model as m

    whole = dumpfile.load(DUMPS / f"{name}.json")
    empty = tmp_path / "empty.json"
    empty.write_text(dumpfile.to_json(m.Catalog.build(whole.server_version)))
    a, b = dumpfile.load_changed_pair(empty, DUMPS / f"{name}.json")
    assert len(a) == 0 and len(b) == len(whole)
    for attr, _cls in m.KINDS:
        assert getattr(b, attr) == getattr(whole, attr), attr


def _misplaced(text: str, how: str) -> str:
    lines = text.split("\n")
    objects = lines.index(' "objects": {')
    kinds = [n for n in range(objects + 1, len(lines))
             if lines[n].startswith('  "') and lines[n].endswith(": {")]
    first = kinds[0]
    close = next(n for n in range(first, len(lines)) if lines[n].startswith("  }"))
    if how == "no close":  # a kind's closing line gone: the next kind's line is in its block
        del lines[close]
    elif how == "junk between kinds":
        lines.insert(close + 1, "  junk")
    elif how == "kind line not a kind":
        lines[first] = lines[first].replace('": {', '": [')
    elif how == "crlf":
        return "\r\n".join(lines)
    elif how == "last kind open":  # the objects end inside the last kind
        end = max(n for n in range(len(lines)) if lines[n] == " },")
        del lines[end - 1]
    return "\n".join(lines)


@pytest.mark.parametrize("how", ["no close", "junk between kinds", "kind line not a kind",
                                 "crlf", "last kind open"])
def test_a_damaged_objects_section_is_read_the_general_way(how: str, tmp_path: Path) -> None:
    """The fast pair reader gives up (None) on an objects section that is not laid out as a
    canonical dump's; the general loader then reads the file, or says what is wrong with it."""
    path = tmp_path / "damaged.json"
    path.write_text(_misplaced((DUMPS / "kitchen_sink.json").read_text(), how), newline="")
    assert dumpfile.load_changed_pair(DUMPS / "kitchen_sink.json", path) is None
    assert dumpfile.load_changed_pair(path, DUMPS / "kitchen_sink.json") is None
