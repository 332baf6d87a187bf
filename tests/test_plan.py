"""The planner against real servers: plans land on their target, in a safe order."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from schemaparity import dumpfile, sqlite
from schemaparity import model as m
from schemaparity.catalog import DumpOptions, dump
from schemaparity.config import load
from schemaparity.normalize import Rules
from schemaparity.plan import PlanError, PlanOptions, UnsupportedChange, build, empty_catalog
from schemaparity.plan import refused as refused_hazards
from schemaparity.plan.ops.identity import IdentityOptions
from schemaparity.plan.ops.indexes import create_sql
from schemaparity.plan.render import read, to_json, to_sql
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Phase, kind_and_action
from schemaparity.source import catalog_from_sql
from schemaparity.verify import VerifyFailed, apply, verify

from .conftest import DUMPS, ROOT
from .test_cli import assert_one_line_error
from .test_cli import run as run_cli

NO_VERSION_TABLES = Rules.make(ignore=["table:*.alembic_version*"])


def cat(server, name: str):
    return catalog_from_sql(DUMPS / f"{name}.sql", server, DumpOptions())


@pytest.mark.parametrize("name", sorted(p.stem for p in DUMPS.glob("*.sql")
                                            if not sqlite.declared(p)))  # PostgreSQL ones
def test_create_path_builds_every_example(name: str, pg15) -> None:
    """Planning from an empty database to each example lands exactly on it."""
    target = cat(pg15, name)
    plan = build(empty_catalog(15), target, source_name="empty", target_name=name)
    assert plan.steps
    result = verify(pg15, plan, empty_catalog(15), target)
    assert result.ok, [(c.op, c.key) for c in result.residual.changes]


def test_agent_platform_both_ways(pg18) -> None:
    oss, cloud = cat(pg18, "agent_platform_oss"), cat(pg18, "agent_platform_cloud")
    fills = {f"public.{t.name}.{c}": ("'default'" if c == "org_id" else "0")
             for t in oss.tables.values() for c in ("org_id", "owner_scope")}
    up = build(oss, cloud, PlanOptions(backfill=fills))
    rules = Rules.make(column_order="ignore")
    assert verify(pg18, up, oss, cloud, rules, sql_file=DUMPS / "agent_platform_oss.sql").ok
    down = build(cloud, oss, PlanOptions())
    assert verify(pg18, down, cloud, oss, rules,
                  sql_file=DUMPS / "agent_platform_cloud.sql").ok
    phases = [s.phase for s in up.steps]
    assert phases == sorted(phases)
    # NOT NULL arrives through a validated CHECK, never a bare SET NOT NULL on a full table
    text = to_sql(up).text
    assert "CHECK (\"org_id\" IS NOT NULL) NOT VALID" in text
    assert "CREATE UNIQUE INDEX CONCURRENTLY" in text


def test_convergence_core_plan_with_config_backfills(pg18) -> None:
    oss, ee = cat(pg18, "llmops_core_oss"), cat(pg18, "llmops_core_ee")
    cfg = load(ROOT / "schemaparity.toml")
    rules = Rules.make(ignore=["table:*.alembic_version*"], column_order="ignore")
    plan = build(oss, ee, PlanOptions(backfill=cfg.plan.backfill,
                                      unresolved=cfg.plan.unresolved, inserts=cfg.plan.inserts),
                 rules)
    result = verify(pg18, plan, oss, ee, rules, sql_file=DUMPS / "llmops_core_oss.sql")
    assert result.ok, [(c.op, c.key) for c in result.residual.changes]
    drops = [s for s in plan.steps if s.id.startswith("6.table.drop:public.legacy_")]
    assert len(drops) == 20
    assert all(s.phase == Phase.CONTRACT for s in drops)
    assert plan.steps[-len(drops):] == tuple(drops)  # legacy tables go last
    order = [s.key for s in drops]
    # children before the tables they reference
    assert order.index("table:public.legacy_app_variants") < order.index(
        "table:public.legacy_apps")
    assert order.index("table:public.legacy_bases") < order.index(
        "table:public.legacy_docker_images")
    backfills = [s for s in plan.steps if s.phase == Phase.BACKFILL
                 and (".backfill:" in s.id or s.id.startswith("3.insert.rows:"))]
    assert len(backfills) == 8 and not any(s.transactional for s in backfills)
    assert len([s for s in backfills if s.id.startswith("3.insert.rows:")]) == 3
    ids = [s.id for s in backfills]
    assert ids.index("3.column.backfill:public.api_keys.organization_id") < ids.index(
        "3.column.backfill:public.api_keys.created_by")


def test_missing_backfill_rule_is_refused_naming_the_column(pg18) -> None:
    oss, ee = cat(pg18, "llmops_core_oss"), cat(pg18, "llmops_core_ee")
    with pytest.raises(PlanError, match=r"public\.api_keys\.created_by"):
        build(oss, ee, PlanOptions(), NO_VERSION_TABLES)


def test_column_reorder_is_unsupported_unless_ignored(pg18) -> None:
    ee, oss = cat(pg18, "llmops_core_ee"), cat(pg18, "llmops_core_oss")
    with pytest.raises(UnsupportedChange, match="column_order:public.users"):
        build(ee, oss, PlanOptions(), NO_VERSION_TABLES)


def test_guarded_drop_refuses_a_table_with_rows(pg18) -> None:
    a = catalog_from_sql(_write("create table keep (id int primary key);\n"
                                "create table legacy (id int primary key);\n"), pg18,
                         DumpOptions())
    b = catalog_from_sql(_write("create table keep (id int primary key);\n"), pg18,
                         DumpOptions())
    plan = build(a, b)
    name = pg18.create_database()
    try:
        apply(pg18, pg18.dsn(name), build(empty_catalog(18), a))
        with psycopg.connect(pg18.dsn(name), autocommit=True) as conn:
            conn.execute("insert into legacy values (1)")
        with pytest.raises(VerifyFailed, match="step 6.table.drop:public.legacy failed: "
                                               "refusing to drop"):
            apply(pg18, pg18.dsn(name), plan)
        archived = build(a, b, PlanOptions(archive=True))
        apply(pg18, pg18.dsn(name), archived)
        with psycopg.connect(pg18.dsn(name)) as conn:
            assert conn.execute("select count(*) from archive.legacy").fetchone() == (1,)
    finally:
        pg18.drop_database(name)


@pytest.mark.parametrize("name", sorted(p.stem for p in DUMPS.glob("*.json")))
def test_a_plan_file_reads_back_to_the_spans_verify_locates_steps_by(name: str) -> None:
    """Each step's block runs from its header to the next one; a plan file read back has the
    same blocks, so a failing line names the same step either way."""
    target = dumpfile.load(DUMPS / f"{name}.json")
    plan = build(empty_catalog(target.server_version), target, PlanOptions(force=True))
    rendered = to_sql(plan)
    assert read(rendered.text) == rendered
    assert rendered.step_ids == tuple(s.id for s in plan.steps)
    rows = rendered.text.split("\n")
    assert rendered.step_at(1) is None and rendered.step_at(len(rows)) == plan.steps[-1].id
    for (first, last, step_id), (after, _l, _i) in zip(rendered.lines, rendered.lines[1:],
                                                       strict=False):
        assert rows[first - 1] == f"-- step {step_id}" and last == after - 1
        assert rendered.step_at(first) == rendered.step_at(last) == step_id
    assert kind_and_action(plan.steps[0].id) == tuple(plan.steps[0].id.split(":")[0]
                                                      .split(".")[1:])
    assert kind_and_action("edited by hand") == ("", "")


def test_hazards_are_refused_unless_allowed(pg18) -> None:
    a = catalog_from_sql(_write("create table t (id int primary key, n int);\n"), pg18,
                         DumpOptions())
    b = catalog_from_sql(_write("create table t (id int primary key, n bigint);\n"
                                "create index t_n on t (n);\n"), pg18, DumpOptions())
    plan = build(a, b)
    hazards = {h.hazard.value for _s, h in refused_hazards(plan, set())}
    assert hazards == {"table_rewrite", "access_exclusive_lock", "index_build"}
    assert refused_hazards(plan, {"table_rewrite", "access_exclusive_lock", "index_build"}) == []
    assert refused_hazards(plan, {"all"}) == []


def test_rendered_plan_is_deterministic_and_marks_non_transactional_steps(pg18) -> None:
    a = catalog_from_sql(_write("create table t (id int primary key, n int);\n"), pg18,
                         DumpOptions())
    b = catalog_from_sql(_write("create table t (id int primary key, n int);\n"
                                "create index t_n on t (n);\n"), pg18, DumpOptions())
    first, second = to_sql(build(a, b)).text, to_sql(build(a, b)).text
    assert first == second and to_json(build(a, b)) == to_json(build(a, b))
    block = first[first.index("-- step 4.index.create"):]
    assert "runs outside a transaction" in block
    before = first[: first.index("-- step 4.index.create")]
    assert before.count("BEGIN;") == before.count("COMMIT;")
    assert "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_n ON public.t" in first
    assert "SET lock_timeout = '5s';" in block


def test_plan_fails_fast_on_a_held_lock_and_completes_on_retry(pg18) -> None:
    """A row lock held elsewhere makes the plan stop on lock_timeout, naming the step."""
    a = catalog_from_sql(_write("create table busy (id int primary key, n int);\n"), pg18,
                         DumpOptions())
    b = catalog_from_sql(_write("create table busy (id int primary key, n int not null "
                                "default 0);\n"), pg18, DumpOptions())
    plan = build(a, b, PlanOptions(lock_timeout="200ms"))
    name = pg18.create_database()
    dsn = pg18.dsn(name)
    try:
        apply(pg18, dsn, build(empty_catalog(18), a))
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("insert into busy values (1, 1)")
        holder = psycopg.connect(dsn)
        holder.execute("select * from busy where id = 1 for update")  # row lock, open txn
        started = time.monotonic()
        with pytest.raises(VerifyFailed) as err:
            apply(pg18, dsn, plan)
        elapsed = time.monotonic() - started
        assert "lock timeout" in str(err.value) and "step " in str(err.value)
        assert elapsed < 10
        holder.rollback()
        holder.close()
        apply(pg18, dsn, plan)  # the retry completes
        with psycopg.connect(dsn) as conn:
            after = dump(conn)
        assert after.tables["table:public.busy"].column("n").not_null
    finally:
        pg18.drop_database(name)


def test_plan_command(tmp_path: Path, scratch_env) -> None:
    a = tmp_path / "a.sql"
    b = tmp_path / "b.sql"
    a.write_text("create table t (id int primary key);\n")
    b.write_text("create table t (id int primary key, note text);\n"
                 "create index t_note on t (note);\n")
    out = tmp_path / "plan.sql"
    refused = run_cli("plan", str(a), str(b), "-o", str(out))
    assert refused.returncode == 1 and "index_build" in refused.stderr
    assert not out.exists()
    ok = run_cli("plan", str(a), str(b), "-o", str(out), "--allow-hazards", "index_build",
                 "--verify")
    assert ok.returncode == 0, ok.stderr
    assert "verified" in ok.stderr
    text = out.read_text()
    assert 'ALTER TABLE "public"."t" ADD COLUMN IF NOT EXISTS "note" text;' in text
    same = run_cli("verify", str(out), str(a), str(b))
    assert same.returncode == 0, same.stderr
    wrong = run_cli("verify", str(out), str(a), str(a))
    assert wrong.returncode == 1 and "difference" in wrong.stderr
    assert_one_line_error(run_cli("plan", str(a), str(b), "--allow-hazards", "nap"),
                          "unknown hazard 'nap'")
    assert_one_line_error(run_cli("plan", str(a), str(b), "--backfill", "x=1"),
                          "schema.table.column")


_COUNTER = iter(range(10**6))


def _write(text: str) -> Path:
    import tempfile

    path = Path(tempfile.gettempdir()) / f"sp-plan-{next(_COUNTER)}-{id(text)}.sql"
    path.write_text(text)
    return path




def test_convergence_with_seeded_rows(pg18) -> None:
    """Seeded rows survive (but the orphan API keys the rules delete), memberships are
    inserted, NOT NULL lands online."""
    oss, ee = cat(pg18, "llmops_core_oss"), cat(pg18, "llmops_core_ee")
    cfg = load(ROOT / "schemaparity.toml")
    rules = Rules.make(ignore=["table:*.alembic_version*"], column_order="ignore")
    plan = build(oss, ee, PlanOptions(backfill=cfg.plan.backfill, unresolved=cfg.plan.unresolved,
                                      inserts=cfg.plan.inserts, archive=True), rules)
    result = verify(pg18, plan, oss, ee, rules, DUMPS / "llmops_core_oss.sql", seed_rows=50,
                    backfill=cfg.plan.backfill, unresolved=cfg.plan.unresolved)
    assert result.ok
    assert result.seeded is not None and not result.seeded.skipped
    assert result.seeded.rows["table:public.users"] == 50
    text = to_sql(plan).text
    assert "SET NOT NULL" in text
    for step in plan.steps:  # SET NOT NULL only ever follows a validated CHECK
        if "SET NOT NULL" in step.sql:
            assert step.id.startswith("4.column.set_not_null:")
            assert "DROP CONSTRAINT" in step.sql


def test_a_rule_with_several_values_per_row_is_refused(pg18) -> None:
    a = catalog_from_sql(_write(
        "create table orgs (id int primary key, name text);\n"
        "create table members (id int primary key, org_id int);\n"
        "insert into orgs values (1, 'a'), (2, 'b');\n"), pg18, DumpOptions())
    b = catalog_from_sql(_write(
        "create table orgs (id int primary key, name text);\n"
        "create table members (id int primary key, org_id int not null);\n"), pg18,
        DumpOptions())
    guess = {"public.members.org_id": "(SELECT o.id FROM public.orgs o)"}
    plan = build(a, b, PlanOptions(backfill=guess))
    with pytest.raises(VerifyFailed, match="more than one value per row.*tie-breaker"):
        verify(pg18, plan, a, b, seed_rows=5, backfill=guess)
    exact = {"public.members.org_id": "(SELECT o.id FROM public.orgs o ORDER BY o.id LIMIT 1)"}
    assert verify(pg18, build(a, b, PlanOptions(backfill=exact)), a, b, seed_rows=5,
                  backfill=exact).ok


def test_a_backfill_that_finds_no_value_says_so(pg18) -> None:
    a = catalog_from_sql(_write("create table t (id int primary key, v int);\n"), pg18,
                         DumpOptions())
    b = catalog_from_sql(_write("create table t (id int primary key, v int not null);\n"),
                         pg18, DumpOptions())
    rule = {"public.t.v": "(SELECT NULL::int)"}
    with pytest.raises(VerifyFailed, match=r"step 0\.precheck\.not_null:public\.t\.v failed: "
                       r"precheck failed: \d+ rows of public\.t left NULL in v \(made NOT "
                       r"NULL\): the backfill rule gives NULL"):
        verify(pg18, build(a, b, PlanOptions(backfill=rule)), a, b, seed_rows=6)


@pytest.mark.parametrize(("a", "b"), [("agent_platform_cloud", "agent_platform_oss"),
                                      ("kitchen_sink", "kitchen_sink_reordered")])
def test_plan_of_two_dumps_reads_only_the_changes_and_gives_the_same_bytes(
        a: str, b: str, tmp_path: Path) -> None:
    from schemaparity import dumpfile

    out = tmp_path / "plan.sql"
    pa, pb = str(DUMPS / f"{a}.json"), str(DUMPS / f"{b}.json")
    proc = run_cli("plan", pa, pb, "--allow-hazards", "all", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    full = build(dumpfile.load(pa), dumpfile.load(pb), PlanOptions(),
                 Rules.make(column_order="ignore"), pa, pb)
    assert out.read_text() == to_sql(full).text


def test_split_writes_one_numbered_file_per_transaction_group(tmp_path: Path) -> None:
    pa, pb = str(DUMPS / "agent_platform_cloud.json"), str(DUMPS / "agent_platform_oss.json")
    out = tmp_path / "steps"
    proc = run_cli("plan", pa, pb, "--allow-hazards", "all", "--split", str(out),
                   "-o", str(tmp_path / "plan.sql"))
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.iterdir())
    text = (tmp_path / "plan.sql").read_text()
    transactions = text.split("\n").count("BEGIN;")
    alone = text.count("\n--   runs outside a transaction\n")
    assert len(files) == transactions + alone
    assert files[0].name.startswith("0001-")
    concurrent = [f for f in files if "CONCURRENTLY" in f.read_text()]
    assert concurrent and all("BEGIN;" not in f.read_text() for f in concurrent)


def test_fragments_come_from_templates_as_data() -> None:
    """Identity options, CONCURRENTLY and comment targets are data rendered by templates."""
    col = m.Column("id", 1, "bigint", True, identity="by default",
                   identity_options="start=5 increment=2 min=1 max=99 cache=1 cycle=true")
    t = m.Table("public", "Odd t")
    options = IdentityOptions.of(col)
    assert options == IdentityOptions("5", "2", "1", "99", "1", True)
    assert IdentityOptions.of(m.Column("x", 2, "int")) is None
    assert sql("column/set_identity", t=t, c=col, options=options) == (
        'ALTER TABLE "public"."Odd t" ALTER COLUMN "id" SET GENERATED BY DEFAULT SET START WITH 5 '
        "SET INCREMENT BY 2 SET MINVALUE 1 SET MAXVALUE 99 SET CACHE 1 SET CYCLE;")
    assert "AS IDENTITY (START WITH 5 INCREMENT BY 2 MINVALUE 1 MAXVALUE 99 CACHE 1 CYCLE);" in sql(
        "column/add_identity", t=t, c=col, options=options)
    definition = "CREATE UNIQUE INDEX i ON public.t USING btree (a)"
    assert create_sql(definition) == (
        "CREATE UNIQUE INDEX IF NOT EXISTS i ON public.t USING btree (a);")
    assert create_sql(definition, concurrently=True).endswith(
        "pg_catalog.to_regclass('public.i') AND NOT indisvalid) THEN\n"
        "        DROP INDEX public.i;\n    END IF;\nEND $guard$;\n"
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON public.t USING btree (a);")
    assert sql("comment/set", what="TRIGGER", name=("tr",), on=("s", "t"), args=None,
               text="it's") == """COMMENT ON TRIGGER "tr" ON "s"."t" IS 'it''s';"""
    assert sql("comment/set", what="FUNCTION", name=("s", "f"), on=None, args="integer",
               text=None) == 'COMMENT ON FUNCTION "s"."f"(integer) IS NULL;'
