"""``schemaparity plan`` and ``verify``: a migration from SOURCE to TARGET, proven."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from schemaparity import api, gcpolicy
from schemaparity.api import HAZARDS
from schemaparity.cli.common import (
    CONTEXT,
    checked_output,
    format_option,
    scratch_of,
    scratch_options,
    write,
)
from schemaparity.cli.group import cli
from schemaparity.config import CheckSpec, PlanConfig
from schemaparity.errors import UsageError
from schemaparity.normalize import Rules
from schemaparity.parity import from_diff, load_baseline
from schemaparity.plan import Plan, PlanOptions, refused
from schemaparity.plan.render import refusal, split, sql_text
from schemaparity.report import formats, render
from schemaparity.source import ScratchOptions, kind_of

if TYPE_CHECKING:  # these load the database driver: imported when a plan is verified
    from schemaparity.scratch import ScratchServer
    from schemaparity.verify import VerifyResult


def hazard_list(values: tuple[str, ...]) -> set[str]:
    out = set()
    for v in values:
        for h in v.split(","):
            h = h.strip()
            if h and h not in (*HAZARDS, "all"):
                raise UsageError(f"--allow-hazards: unknown hazard {h!r} "
                                 f"(known: {', '.join(HAZARDS)}, all)")
            if h:
                out.add(h)
    return out


def backfills(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        col, sep, expr = v.partition("=")
        if not sep or col.count(".") < 2 or not expr.strip():
            raise UsageError(f"--backfill takes schema.table.column=SQL (globs allowed: "
                             f"public.*.org_id=SQL), got {v!r}")
        out[col.strip()] = expr.strip()
    return out


def plan_options(cfg: PlanConfig, backfill: tuple[str, ...], batch_size: int | None,
                 archive: bool, force: bool, lock_timeout: str | None,
                 statement_timeout: str | None) -> PlanOptions:
    """The command line over ``[schemaparity.plan]``."""
    return PlanOptions(
        backfill={**cfg.backfill, **backfills(backfill)},
        unresolved={k: v for k, v in cfg.unresolved.items() if k not in backfills(backfill)},
        inserts=cfg.inserts,
        batch_size=batch_size or cfg.batch_size, archive=archive, force=force,
        lock_timeout=lock_timeout or cfg.lock_timeout,
        statement_timeout=statement_timeout or cfg.statement_timeout)


@dataclass(frozen=True)
class Goal:
    """What ``plan`` plans toward: TARGET, or the parity check NAME (with its baseline)."""

    source: str
    target: str
    spec: CheckSpec | None = None
    baseline: list[dict[str, str]] | None = None


def toward(check_name: str | None, config_path: str | None, source: str | None,
           target: str | None) -> Goal:
    """SOURCE and TARGET as given, else the left and right of the check NAME."""
    if check_name is None:
        if source is None or target is None:
            raise UsageError("plan needs SOURCE and TARGET (or --check NAME)")
        return Goal(source, target)
    config = api.load_config(config_path)
    spec = api.check_spec(config, check_name)
    return Goal(source or config.sources[spec.left].source,
                target or config.sources[spec.right].source, spec,
                load_baseline(config.baseline))


def check_landed(result: VerifyResult) -> None:
    """A plan that does not land: its residual differences on stderr, then exit 1."""
    from schemaparity.verify import VerifyFailed

    if not result.ok:
        click.echo(render(from_diff(result.residual), "text"), err=True, nl=False)
        raise VerifyFailed(f"the plan does not land on the target: "
                           f"{len(result.residual.changes)} difference(s) remain (above)")


def report_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "text")


@contextmanager
def reporting(path: str | None, labels: tuple[str, str, str]
              ) -> Iterator[Callable[[VerifyResult], None]]:
    """Yields the judge of a verify result (exit 1 when it does not land); with ``path``,
    what verify proved is written there too — also when verify fails."""
    from schemaparity.verify import VerifyFailed
    from schemaparity.verify_report import build_report

    def judge(result: VerifyResult) -> None:
        if path:
            write(formats.render("verify", report_format(path), build_report(result, labels)),
                  path)
        check_landed(result)

    try:
        yield judge
    except VerifyFailed as exc:
        if path:
            report = build_report(exc.result, labels, failure=str(exc))
            write(formats.render("verify", report_format(path), report), path)
        raise


def verify_planned(plan: Plan, pair: api.Pair, rules: Rules, scratch_opts: ScratchOptions,
                   server: ScratchServer | None, report: tuple[str | None, str, str],
                   **options: Any) -> VerifyResult:
    """``plan --verify``: the plan proven on a scratch copy; ``report``: the report's path
    (None: none) and the labels of SOURCE and TARGET."""
    with reporting(report[0], ("the plan", report[1], report[2])) as judge:
        result = api.verify(plan, pair.left, pair.right, rules, scratch_opts, server=server,
                            **options)
        judge(result)
    return result


def say_verified(steps: int, goal: Goal, result: VerifyResult) -> None:
    if result.stopped is not None:
        click.echo(f"verified: the plan ({steps} steps) {result.stopped}", err=True)
        return
    target = goal.target
    goal_text = target if goal.spec is None else f"{target}: check {goal.spec.name} holds"
    click.echo(f"verified: the plan ({steps} steps) lands on {goal_text}", err=True)


def exclusive(*, archive: bool, force: bool, adversarial: bool, report: bool,
              verify: bool) -> None:
    """Refuse options that exclude each other, or need one not given."""
    if archive and force:
        raise UsageError("--archive and --force exclude each other")
    if (adversarial or report) and not verify:
        raise UsageError("--adversarial and --report go with --verify")


def sql_source(source: str) -> Path | None:
    return Path(source) if kind_of(source) == "sql" else None


def write_plan(text: str | Iterator[str], output: str | None) -> None:
    """The plan's text (made as it is written) to ``output``, the garbage collector paused:
    rendering makes no garbage cycle."""
    with gcpolicy.paused():
        write(text, output)


@cli.command("plan", context_settings=CONTEXT)
@click.argument("source", required=False)
@click.argument("target", required=False)
@click.option("--check", "check_name", metavar="NAME",
              help="Plan toward the parity check NAME of the configuration: only what it "
                   "calls violations or accepted drift, expected differences left alone "
                   "(SOURCE and TARGET default to its left and right).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              callback=checked_output,
              help="Write the plan to FILE (atomically) instead of standard output.")
@format_option(formats.names("plan"), default="sql", help="Reviewable SQL, or JSON for tooling.")
@click.option("--split", "split_dir", type=click.Path(file_okay=False),
              help="Also write one numbered .sql file per step into DIR.")
@click.option("--verify", "do_verify", is_flag=True,
              help="Apply the plan to a scratch copy of SOURCE and prove it lands on "
                   "TARGET.")
@click.option("--seed-rows", type=click.IntRange(min=0), default=0, metavar="N",
              help="With --verify: first fill every table of the copy with N "
                   "deterministic rows, then check no kept row is lost and backfills "
                   "hold their rules' values.")
@click.option("--adversarial", is_flag=True,
              help="With --verify: also change seeded rows to trip each condition the plan "
                   "depends on (duplicates on new unique keys, NULLs for new NOT NULLs, rows "
                   "breaking new CHECKs, orphans for new FKs, values too wide for narrowed "
                   "types, enum values being removed); the plan must land with every row "
                   "accounted for, or stop in its pre-check phase having changed nothing.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              callback=checked_output,
              help="With --verify: write what verify proved to FILE (.html, .json, else "
                   "text): per step time, observed lock, rewrites, rows; per table rows "
                   "seeded, kept, backfilled.")
@click.option("--allow-hazards", multiple=True, metavar="NAME[,NAME]",
              help=f"Hazards this plan may have ({', '.join(HAZARDS)}, or all). "
                   "Without them a plan with hazards is refused (exit 1).")
@click.option("--backfill", multiple=True, metavar="S.T.COL=SQL",
              help="Value for rows of a column that becomes NOT NULL: an SQL expression "
                   "evaluated per row (the row is `t`), e.g. "
                   "\"public.projects.org_id=(SELECT id FROM orgs LIMIT 1)\". S.T.COL may "
                   "be a glob ('public.*.org_id=...'); a column's own rule wins over globs.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Rows per backfill batch (default 10,000).")
@click.option("--archive", is_flag=True,
              help="Move dropped tables into an 'archive' schema instead of dropping.")
@click.option("--force", is_flag=True, help="Drop tables even when they still have rows.")
@click.option("--lock-timeout", default=None, help="lock_timeout before each step (5s).")
@click.option("--statement-timeout", default=None,
              help="statement_timeout before each step (0: none).")
@click.option("-i", "--ignore", multiple=True, metavar="PATTERN",
              help="Leave objects matching kind:glob out of the plan (repeatable).")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Read [schemaparity.plan] (backfill rules, allowed hazards) and the "
                   "ignores of [schemaparity.normalize] from FILE.")
@click.option("--column-order", type=click.Choice(["ignore", "report"]), default="ignore",
              show_default=True,
              help="PostgreSQL appends added columns and cannot reorder them in place, so "
                   "by default column order is not compared; 'report' makes --verify "
                   "insist on it (and the plan refuses a reorder).")
@scratch_options
def plan_cmd(source: str | None, target: str | None, check_name: str | None,
             output: str | None, fmt: str,
             split_dir: str | None, do_verify: bool, seed_rows: int, adversarial: bool,
             report_path: str | None, allow_hazards: tuple[str, ...],
             backfill: tuple[str, ...], batch_size: int | None, archive: bool,
             force: bool, lock_timeout: str | None, statement_timeout: str | None,
             ignore: tuple[str, ...], config_path: str | None, column_order: str,
             scratch: str | None, pg_bin: str | None, create_roles: bool) -> None:
    """Plan the migration that turns SOURCE into TARGET.

    Steps come in phases — precheck (read-only: stops before any change on rows that do not
    fit), prepare, create (columns added nullable), backfill (batched), constrain (NOT VALID
    then VALIDATE, indexes CONCURRENTLY), dependent (views, functions, triggers, policies),
    contract (drops, last, guarded) — each with its lock and hazards. A plan with hazards
    nobody allowed is refused (exit 1) with the list; --verify proves it on a scratch copy.

    \b
    Examples:
      schemaparity plan postgresql://db/app schema.sql -o migration.sql --verify
      schemaparity plan old.json new.json --allow-hazards index_build,needs_backfill
      schemaparity plan oss.sql ee.sql --backfill "public.projects.org_id='default'"
    """
    exclusive(archive=archive, force=force, adversarial=adversarial,
              report=bool(report_path), verify=do_verify)
    cfg = api.plan_settings(config_path)
    allowed = hazard_list(allow_hazards) | set(cfg.allow_hazards)
    rules = Rules.make(ignore=ignore, column_order=column_order)
    rules = replace(rules, ignore=api.normalize_settings(config_path).ignore + rules.ignore)
    goal = toward(check_name, config_path, source, target)
    source, target = goal.source, goal.target
    options = plan_options(cfg, backfill, batch_size, archive, force, lock_timeout,
                           statement_timeout)
    scratch_opts = scratch_of(scratch, pg_bin, create_roles)
    api.refuse_sqlite((source, target), scratch_opts)
    towards = {"check": goal.spec, "baseline": goal.baseline}
    with api.scratch_server((source, target), scratch_opts, always=do_verify) as server:
        pair = api.read_pair(source, target, scratch=scratch_opts, context=goal.spec is None,
                             whole=do_verify or goal.spec is not None, server=server)
        plan = api.plan(pair.left, pair.right, options, rules,
                        labels=(api.plan_label(source, ""), api.plan_label(target, "")),
                        fingerprints=pair.fingerprints, **towards)
        problems = refused(plan, allowed)
        if problems:
            click.echo(refusal(problems), err=True)
            raise click.exceptions.Exit(1)
        # SQL is written as it is made (the text of a big plan is not held whole)
        text = sql_text(plan) if fmt == "sql" else formats.render("plan", fmt, plan)
        if do_verify:
            result = verify_planned(plan, pair, rules, scratch_opts, server,
                                    (report_path, source, target), seed_rows=seed_rows,
                                    backfill=options.backfill, unresolved=options.unresolved,
                                    source_sql=sql_source(source), adversarial=adversarial,
                                    **towards)
    write_plan(text, output)
    if split_dir:
        split(plan, Path(split_dir))
    if do_verify:
        say_verified(len(plan.steps), goal, result)
    gcpolicy.left(plan, pair)


PLAN_HEADER = "-- schemaparity migration plan:"


def is_plan_file(path: str) -> bool:
    """Whether ``path`` is a file that starts like a plan schemaparity wrote."""
    try:
        with open(path, "rb") as f:
            return f.read(len(PLAN_HEADER)) == PLAN_HEADER.encode()
    except OSError:
        return False


def read_plan_file(plan_file: str, source: str, target: str) -> str:
    """PLAN_FILE's text; arguments in the wrong order are one clear line (exit 2)."""
    from schemaparity.migration_file import kind_of_file, wrong_order

    if not is_plan_file(plan_file) and kind_of_file(plan_file) in ("schema", "unknown"):
        swapped = wrong_order(plan_file, source, target)
        if swapped:
            raise UsageError(swapped)
    try:
        return Path(plan_file).read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{plan_file}: not UTF-8 text (byte {exc.start})") from None


@cli.command("verify", context_settings=CONTEXT)
@click.argument("plan_file", metavar="MIGRATION", type=click.Path(dir_okay=False, exists=True))
@click.argument("source")
@click.argument("target")
@click.option("-i", "--ignore", multiple=True, metavar="PATTERN",
              help="Leave objects matching kind:glob out of the final comparison.")
@click.option("--column-order", type=click.Choice(["ignore", "report"]), default="ignore",
              show_default=True, help="Compare column order too ('report').")
@click.option("--seed-rows", type=click.IntRange(min=0), default=0, metavar="N",
              help="Fill every table with N deterministic rows first; then every kept row "
                   "must still be there, its kept columns unchanged.")
@click.option("--adversarial", is_flag=True,
              help="Also change seeded rows to trip each condition the migration depends "
                   "on; it must land with every row accounted for, or stop in its "
                   "pre-check phase having changed nothing.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              callback=checked_output,
              help="Write what verify proved to FILE (.html, .json, else text).")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Read backfill rules from [schemaparity.plan] to check their values.")
@scratch_options
def verify_cmd(plan_file: str, source: str, target: str, ignore: tuple[str, ...],
               column_order: str, seed_rows: int, adversarial: bool, report_path: str | None,
               config_path: str | None, scratch: str | None, pg_bin: str | None,
               create_roles: bool) -> None:
    """Apply MIGRATION (a plan schemaparity wrote, or any migration .sql: hand-written,
    ORM-generated) to a scratch copy of SOURCE; expect TARGET.

    The copy is built from SOURCE's .sql when it is one, else from its schema. The
    migration runs statement by statement as psql runs it (stop on the first error, which
    names the step or statement); each step's time, locks, rewrites and rows are watched,
    and a plan's step that takes a stronger lock than it declares, or rewrites a table
    without declaring it, fails. The result is dumped and must show no differences to
    TARGET. Exit 0 when it lands, 1 when it fails or leaves differences (they are
    printed), 2 on errors (arguments in the wrong order, a schema given as MIGRATION).

    \b
    Example:
      schemaparity verify migrations/0042.sql prod.json schema.sql --report verify.html
    """
    from schemaparity.migration_file import kind_of_file, not_a_migration
    from schemaparity.verify import VerifyFailed

    text = read_plan_file(plan_file, source, target)
    rules = Rules.make(ignore=ignore, column_order=column_order)
    settings = api.plan_settings(config_path)
    with reporting(report_path, (plan_file, source, target)) as report:
        try:
            result = api.verify(text, source, target, rules,
                                scratch_of(scratch, pg_bin, create_roles), seed_rows=seed_rows,
                                backfill=settings.backfill, adversarial=adversarial,
                                unresolved=settings.unresolved)
        except VerifyFailed as exc:
            if "already exists" in str(exc) and kind_of_file(plan_file) == "schema":
                raise UsageError(not_a_migration(plan_file)) from None
            raise
        report(result)
    click.echo(f"verified: {plan_file} lands on {target}" if result.stopped is None else
               f"verified: {plan_file} {result.stopped}")
