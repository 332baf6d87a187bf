"""The demo behind ``scripts/demo`` / ``schemaparity demo``: the whole tool on the examples.

On the embedded server, with nothing else installed: build the example editions from
``dumps/*.sql``, dump them, diff the agent platform's editions in every format, run the parity
check with the committed rules (the local SQLite edition against the PostgreSQL cloud edition
has its own section), lint, count, plan the convergence of the LLM-ops core with
``--verify`` on seeded rows (and its verify report), and write it all to ``reports/demo/``
with an ``index.html`` that links every artifact. An example that needs an extension the
embedded server lacks (the RLS scenario's pgcrypto) moves to the next backend that has it, or
is listed as skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from schemaparity import api, dumpfile, files, lint, stats
from schemaparity import model as m
from schemaparity.errors import SchemaParityError
from schemaparity.normalize import Rules
from schemaparity.parity import Verdict, from_diff, load_baseline
from schemaparity.plan import PlanOptions
from schemaparity.plan.render import to_json as plan_json
from schemaparity.plan.render import to_sql as plan_sql
from schemaparity.report import formats
from schemaparity.report.render import FORMATS, render
from schemaparity.scratch import ScratchServer, start_server
from schemaparity.source import needed_extensions
from schemaparity.verify_report import build_report

LOCAL_CHECK = "agent-platform-local"  # the cross-engine check of schemaparity.toml
SUFFIX = {"text": "txt", "json": "json", "md": "md", "html": "html", "junit": "xml",
          "github": "github.txt"}
INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>schemaparity demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1b1f24}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse}td,th{padding:.2rem .8rem;text-align:left;
border-bottom:1px solid #eaeef2}code{background:#f6f8fa;padding:0 .25rem}
.ok{color:#1a7f37}.bad{color:#cf222e}
</style></head><body>
<h1>schemaparity demo</h1>
<p>Built from the example schemas in <code>dumps/</code> on {{ servers }}.</p>
<ul>
{% for line in summary %}
<li>{{ line }}</li>
{% endfor %}
</ul>
{% for section in sections %}
<h2>{{ section.title }}</h2>
{% if section.note %}<p>{{ section.note }}</p>{% endif %}
<table>
{% for label, hrefs, detail in section.links %}
<tr><td>{{ label }}</td><td>
{%- for text, href in hrefs %}<a href="{{ href }}">{{ text }}</a>{{ ' · ' if not loop.last }}
{%- endfor %}</td><td>{{ detail }}</td></tr>
{% endfor %}
</table>
{% endfor %}
</body></html>
"""


@dataclass
class Section:
    title: str
    links: list[tuple[str, list[tuple[str, str]], str]] = field(default_factory=list)
    note: str = ""


class Demo:
    def __init__(self, root: Path, out: Path, quiet: bool) -> None:
        self.root, self.out, self.quiet = root, out, quiet
        self.servers: list[ScratchServer] = []
        self.catalogs: dict[str, m.Catalog] = {}
        self.sections: list[Section] = []
        self.summary: list[str] = []

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=sys.stderr, flush=True)

    def write(self, rel: str, text: str) -> str:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_output(path, text)
        return rel

    def server_for(self, needs: frozenset[str]) -> ScratchServer:
        for s in self.servers:
            if needs <= s.available_extensions:
                return s
        server = start_server(needs_extensions=needs)
        self.servers.append(server)
        return server

    # ---------------------------------------------------------------- stages
    def dumps(self) -> None:
        section = Section("Dumps", note="Canonical JSON and one-fact-per-line text of each "
                                        "example schema.")
        for sql in sorted((self.root / "dumps").glob("*.sql")):
            needs = frozenset(needed_extensions(sql.read_text("utf-8")))
            try:
                server = self.server_for(needs)
                catalog = api.dump(str(sql), server=server)
            except SchemaParityError as exc:
                section.links.append((sql.stem, [], f"skipped: {exc}"))
                continue
            self.catalogs[sql.stem] = catalog
            js = self.write(f"dumps/{sql.stem}.json", dumpfile.to_json(catalog))
            txt = self.write(f"dumps/{sql.stem}.txt", dumpfile.to_text(catalog))
            section.links.append((sql.stem, [("text", txt), ("json", js)],
                                  f"{len(catalog.tables)} tables, on {server.describe()}"))
        self.sections.append(section)
        self.summary.append(f"dumped {len(self.catalogs)} example schemas")

    def diffs(self) -> None:
        a, b = self.catalogs["agent_platform_oss"], self.catalogs["agent_platform_cloud"]
        verdict = from_diff(api.diff(a, b, labels=("agent_platform_oss",
                                                   "agent_platform_cloud")))
        section = Section("Diff: agent platform OSS -> cloud",
                          note=f"{len(verdict.checks[0].items)} differences, in every format.")
        section.links.append(("agent_platform_oss -> agent_platform_cloud", [
            (fmt, self.write(f"diff/agent-platform.{SUFFIX[fmt]}", render(verdict, fmt)))
            for fmt in FORMATS], ""))
        self.sections.append(section)
        self.summary.append(f"diff: {len(verdict.checks[0].items)} differences between the "
                            "agent platform editions")

    def check(self) -> None:
        verdict = api.check(self.root / "schemaparity.toml", server=self.servers[0])
        state = "parity holds" if verdict.ok else "VIOLATIONS"
        section = Section("Parity check (schemaparity.toml)", note=state)
        section.links.append((f"{len(verdict.checks)} checks", [
            (fmt, self.write(f"check/check.{SUFFIX[fmt]}", render(verdict, fmt)))
            for fmt in FORMATS], state))
        self.sections.append(section)
        counts = {s: sum(c.count(s) for c in verdict.checks)
                  for s in ("expected", "accepted", "violation")}
        self.summary.append(f"check: {state} ({counts['expected']} expected, "
                            f"{counts['accepted']} accepted, {counts['violation']} violations)")
        self.local_edition(verdict)

    def local_edition(self, verdict: Verdict) -> None:
        """The agent platform's local edition (SQLite DDL) against its cloud edition
        (PostgreSQL), by the same contract as the OSS edition: its own section."""
        local = Verdict(tuple(c for c in verdict.checks if c.name == LOCAL_CHECK))
        if not local.checks:
            return
        state = "parity holds" if local.ok else "VIOLATIONS"
        section = Section("Local edition on SQLite vs the cloud edition on PostgreSQL",
                          note=f"check {LOCAL_CHECK}: dumps/agent_platform_local.sql (SQLite "
                               "DDL) against the cloud edition, across engines.")
        section.links.append((LOCAL_CHECK, [
            (fmt, self.write(f"check/local.{SUFFIX[fmt]}", render(local, fmt)))
            for fmt in FORMATS], f"{state}, {local.checks[0].count('expected')} expected"))
        self.sections.append(section)
        self.summary.append(f"local SQLite edition vs cloud: {state}")

    def lint_and_stats(self) -> None:
        section = Section("Lint and stats")
        settings = lint.Settings()
        findings = 0
        for name, catalog in sorted(self.catalogs.items()):
            result = api.lint(catalog, settings)
            findings += len(result.findings)
            counts = dict(api.stats(catalog).counts)
            section.links.append((name, [
                ("lint", self.write(f"lint/{name}.txt", lint.to_text(result, name))),
                ("lint json", self.write(f"lint/{name}.json", lint.to_json(result, name))),
                ("stats", self.write(f"stats/{name}.txt", stats.to_text(counts, name))),
                ("stats json", self.write(f"stats/{name}.json", stats.to_json(counts, name)))],
                f"{len(result.findings)} lint findings"))
        self.sections.append(section)
        self.summary.append(f"lint: {findings} findings across the examples")

    def plan(self) -> None:
        """``plan --check llmops-core``: only what the check calls drift, with the data steps
        of schemaparity.toml, verified on a copy of the OSS core seeded with rows."""
        cfg = api.load_config(self.root / "schemaparity.toml")
        spec = api.check_spec(cfg, "llmops-core")
        baseline = load_baseline(cfg.baseline)
        oss, ee = self.catalogs["llmops_core_oss"], self.catalogs["llmops_core_ee"]
        rules = Rules.make(ignore=["table:*.alembic_version*"], column_order="ignore")
        options = PlanOptions(backfill=cfg.plan.backfill, unresolved=cfg.plan.unresolved,
                              inserts=cfg.plan.inserts, archive=True)
        plan = api.plan(oss, ee, options, rules, check=spec, baseline=baseline,
                        labels=("dumps/llmops_core_oss.sql", "dumps/llmops_core_ee.sql"))
        result = api.verify(plan, oss, ee, rules, seed_rows=50, backfill=cfg.plan.backfill,
                            unresolved=cfg.plan.unresolved,
                            source_sql=self.root / "dumps" / "llmops_core_oss.sql",
                            server=self.servers[0], check=spec, baseline=baseline)
        state = ("verified: check llmops-core holds" if result.ok
                 else f"{len(result.residual.changes)} violations left")
        section = Section("Plan: LLM-ops core OSS -> EE (plan --check llmops-core)",
                          note=f"{len(plan.steps)} steps, {state} on a scratch copy seeded "
                               "with 50 rows a table (backfill rules and insert steps from "
                               "schemaparity.toml); the EE-only objects stay out.")
        report = build_report(result, ("plan/llmops-core.sql", "dumps/llmops_core_oss.sql",
                                       "dumps/llmops_core_ee.sql"))
        section.links.append(("llmops_core_oss -> llmops_core_ee", [
            ("migration SQL", self.write("plan/llmops-core.sql", plan_sql(plan).text)),
            ("plan JSON", self.write("plan/llmops-core.json", plan_json(plan))),
            ("verify report", self.write("plan/llmops-core-verify.html",
                                         formats.render("verify", "html", report)))], state))
        self.sections.append(section)
        self.summary.append(f"plan: {len(plan.steps)} steps from the OSS core toward the "
                            f"llmops-core check, {state} with 50 seeded rows a table")

    def index(self, started: float) -> Path:
        servers = ", ".join(sorted({s.describe() for s in self.servers}))
        html = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                  trim_blocks=True, lstrip_blocks=True).from_string(INDEX)
        path = self.out / "index.html"
        files.write_output(path, html.render(sections=self.sections, servers=servers,
                                                summary=self.summary))
        return path


# What the demo reads from a checkout of the repository: the example schemas, the parity
# rules and their baseline (with the committed dumps the rules name). A pip install has none
# of them (they are the repository's examples, not package data).
NEEDS = ("dumps/agent_platform_oss.sql", "dumps/agent_platform_cloud.sql",
         "dumps/llmops_core_oss.sql", "dumps/llmops_core_ee.sql", "schemaparity.toml")


def find_root(given: str) -> Path:
    """The checkout the demo runs on: ``given`` when it holds the examples; for the default
    ``.``, else the checkout this package was installed from in editable mode. Anything else
    is a one-line error (exit 2) saying the demo needs a checkout."""
    root = Path(given).resolve()
    candidates = [root]
    if given == ".":
        candidates.append(Path(__file__).resolve().parent.parent)
    for candidate in candidates:
        if all((candidate / need).is_file() for need in NEEDS):
            return candidate
    missing = next(need for need in NEEDS if not (root / need).is_file())
    raise SchemaParityError(
        f"the demo runs on a checkout of the schemaparity repository (no {missing} under "
        f"{root}): run it from the checkout, or pass --root CHECKOUT")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/demo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the repository (holds dumps/)")
    parser.add_argument("--out", default="reports/demo", help="where to write the results")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    try:
        root = find_root(args.root)
    except SchemaParityError as exc:
        print(f"schemaparity demo: error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out).resolve()
    started = time.monotonic()
    demo = Demo(root, out, args.quiet or not sys.stderr.isatty())
    try:
        demo.servers.append(start_server())  # the default backend: embedded
        for stage, label in ((demo.dumps, "dumping the examples"), (demo.diffs, "diffing"),
                             (demo.check, "checking parity"),
                             (demo.lint_and_stats, "linting and counting"),
                             (demo.plan, "planning and verifying")):
            demo.say(f"... {label}")
            stage()
        index = demo.index(started)
    except SchemaParityError as exc:
        print(f"schemaparity demo: error: {exc}", file=sys.stderr)
        return 2
    finally:
        for server in demo.servers:
            server.stop()
    for line in demo.summary:
        print(f"  {line}")
    print(f"\nDone in {time.monotonic() - started:.1f}s. Open {index} "
          f"(everything is under {out}/).")
    return 0


def script(argv: list[str] | None = None) -> int:
    """``scripts/demo``: :func:`main`, and a bug is one line and exit 3, never 1 (under
    ``schemaparity demo`` the command line's own handling does that, with ``-v``)."""
    try:
        return main(argv)
    except Exception as exc:  # noqa: BLE001 - a bug: say so, exit 3
        print(f"schemaparity demo: internal error: {type(exc).__name__}: {exc} "
              "(run `schemaparity -v demo` to see the traceback)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(script())
