"""Reports: every format rendered from verdicts built from committed dumps, compared as bytes.

Rewrite the expected files after an intended change with
``SCHEMAPARITY_UPDATE_EXPECTED=1 pytest tests/test_report.py`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from schemaparity import dumpfile
from schemaparity import model as m
from schemaparity.config import parse
from schemaparity.diff import Change, FieldChange, diff
from schemaparity.errors import UsageError
from schemaparity.parity import (
    CheckResult,
    Item,
    Verdict,
    baseline_entry,
    classify,
    from_diff,
    load_baseline,
)
from schemaparity.plan import build
from schemaparity.plan.render import to_json as plan_json
from schemaparity.plan.render import to_sql
from schemaparity.report import FORMATS, formats, render
from schemaparity.report.github import escape_data, escape_property
from schemaparity.report.markdown import code, text

from .conftest import DUMPS, ROOT

EXPECTED = Path(__file__).resolve().parent / "expected" / "reports"
XSD = Path(__file__).resolve().parent / "junit.xsd"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "reports" / "check-report.png"
SUFFIX = {"text": "txt", "json": "json", "md": "md", "html": "html", "junit": "xml",
          "github": "github.txt"}
ON = dt.date(2025, 6, 30)

# The scenario of schemaparity.toml, plus rules that show every kind of outcome: an expired
# expectation (a violation with its reason) and one that matches nothing (unused).
CONFIG: dict[str, Any] = {
    "sources": {
        "agent_oss": "dumps/agent_platform_oss.json",
        "agent_cloud": "dumps/agent_platform_cloud.json",
        "llmops_core_oss": "dumps/llmops_core_oss.json",
        "llmops_core_ee": "dumps/llmops_core_ee.json",
        "llmops_tracing_oss": "dumps/llmops_tracing_oss.json",
        "llmops_tracing_ee": "dumps/llmops_tracing_ee.json",
    },
    "normalize": {"ignore": ["table:*.alembic_version*", "version_table:*"]},
    "checks": [
        {"name": "agent-platform", "left": "agent_oss", "right": "agent_cloud",
         "relation": "equal", "expect": [
             {"reason": "cloud-only tables: organizations and identity live in the cloud "
                        "edition",
              "only_right": ["table:public.organizations", "table:public.identity_accounts",
                             "table:public.api_keys", "table:public.iam_policies"]},
             {"reason": "tenant columns exist only in the cloud edition",
              "ignore_columns": ["*.org_id", "*.owner_scope"]},
             {"reason": "slugs are unique per organization in the cloud, globally in OSS",
              "map_constraint": {"left": "UNIQUE (slug)", "right": "UNIQUE (org_id, slug)"}},
             {"reason": "placeholder text until the 2.0 | `v2` migration",
              "changed": ["column:public.agents.version_message"], "fields": ["default"],
              "expires": "2025-01-31"},
             {"reason": "legacy tables are gone from the cloud",
              "only_left": ["table:public.legacy_*"], "optional": True},
         ]},
        {"name": "llmops-tracing", "left": "llmops_tracing_oss", "right": "llmops_tracing_ee"},
        {"name": "llmops-core", "left": "llmops_core_oss", "right": "llmops_core_ee",
         "column_order": "ignore", "expect": [
             {"reason": "EE-only billing and SSO objects",
              "only_right": ["table:public.meters", "table:public.subscriptions",
                             "table:public.organization_domains",
                             "table:public.organization_providers", "enum:public.meters_type"]},
         ]},
    ],
}

SLUGIFY = """
BEGIN
  -- lower-case, dashes for anything else
  RETURN regexp_replace(lower(name), '[^a-z0-9]+', '-', 'g');
END;
"""
SLUGIFY_CLOUD = """
BEGIN
  -- strip `backticks` and pipes (a|b) first, then dashes for anything else
  RETURN trim(both '-' FROM regexp_replace(lower(translate(name, '`|', '')),
                                           '[^a-z0-9]+', '-', 'g'));
END;
"""
DIRECTORY = """ SELECT a.id,
    a.name || ' (' || a.slug || ')' AS title,
    o.name AS organization,
    a.updated_at
   FROM (public.agents a
     JOIN public.organizations o ON ((o.id = a.org_id)));"""


def _column(table: m.Table, name: str, **changes: Any) -> m.Table:
    cols = tuple(dataclasses.replace(c, **changes) if c.name == name else c
                 for c in table.columns)
    return dataclasses.replace(table, columns=cols)


def _slugify(body: str) -> m.Function:
    return m.Function("public", "slugify", "text", arguments="name text", result="text",
                      language="plpgsql", volatility="immutable", body=body)


def drifted_agent_platform() -> tuple[m.Catalog, m.Catalog]:
    """The agent platform pair with drift beyond the rules: a column type (accepted in the
    baseline), an expired expectation, a renamed index, a column order change, a cloud-only
    view and a function whose body differs (long SQL with pipes and backticks)."""
    oss = dumpfile.load(DUMPS / "agent_platform_oss.json")
    cloud = dumpfile.load(DUMPS / "agent_platform_cloud.json")
    tables = dict(cloud.tables)
    agents = _column(tables["table:public.agents"], "name", type="character varying(200)")
    tables["table:public.agents"] = _column(agents, "version_message",
                                            default="'`n/a` | none'::text")
    tools = tables["table:public.tools"]
    cols = list(tools.columns)
    i, j = [n for n, c in enumerate(cols) if c.name in ("created_by", "updated_by")]
    cols[i], cols[j] = (dataclasses.replace(cols[j], position=cols[i].position),
                        dataclasses.replace(cols[i], position=cols[j].position))
    tables["table:public.tools"] = dataclasses.replace(tools, columns=tuple(cols))
    indexes = dict(cloud.indexes)
    old = indexes.pop("index:public.agents.agents_created_at_idx")
    new = dataclasses.replace(old, name="idx_agents_created_at", definition=old.definition
                              .replace("agents_created_at_idx", "idx_agents_created_at"))
    indexes[new.key] = new
    view = m.View("public", "agent_directory", DIRECTORY,
                  columns=(("id", "text"), ("title", "text"), ("organization", "text"),
                           ("updated_at", "timestamp with time zone")))
    oss = dataclasses.replace(oss, functions={"function:public.slugify(text)": _slugify(SLUGIFY)})
    cloud = dataclasses.replace(
        cloud, tables=dict(sorted(tables.items())), indexes=dict(sorted(indexes.items())),
        views={view.key: view},
        functions={"function:public.slugify(text)": _slugify(SLUGIFY_CLOUD)})
    return oss, cloud


def check_verdict() -> Verdict:
    """agent-platform broken (violations, one accepted, expected, stale and unused),
    llmops-tracing identical, llmops-core holding through its committed baseline."""
    cfg = parse(json.loads(json.dumps(CONFIG)), ROOT / "schemaparity.toml")
    baseline = load_baseline(ROOT / "schemaparity-baseline.json")
    catalogs = {name: dumpfile.load(src.source) for name, src in cfg.sources.items()}
    catalogs["agent_oss"], catalogs["agent_cloud"] = drifted_agent_platform()
    results: list[CheckResult] = []
    for spec in cfg.checks:
        left, right = catalogs[spec.left], catalogs[spec.right]
        d = diff(left, right, spec.rules, spec.left, spec.right)
        if spec.name == "agent-platform":
            accepted = next(c for c in d.changes if c.key == "column:public.agents.name")
            baseline = [*baseline, baseline_entry(spec.name, accepted),
                        {"check": spec.name, "kind": "table", "key": "table:public.old_jobs",
                         "op": "removed", "fingerprint": "0123456789abcdef"}]
        results.append(classify(spec, d, left, right, baseline, ON))
    return Verdict(tuple(results))


def diff_verdict() -> Verdict:
    left = dumpfile.load(DUMPS / "llmops_core_oss.json")
    right = dumpfile.load(DUMPS / "llmops_core_ee.json")
    return from_diff(diff(left, right, None, "llmops_core_oss", "llmops_core_ee"))


def identical_verdict() -> Verdict:
    left = dumpfile.load(DUMPS / "kitchen_sink.json")
    right = dumpfile.load(DUMPS / "kitchen_sink_reordered.json")
    return from_diff(diff(left, right, None, "kitchen_sink", "kitchen_sink_reordered"))


@functools.cache
def verdict(name: str) -> Verdict:
    return {"check": check_verdict, "diff": diff_verdict, "identical": identical_verdict}[name]()


def updating() -> bool:
    return os.environ.get("SCHEMAPARITY_UPDATE_EXPECTED") == "1"


def assert_expected(name: str, actual: str) -> None:
    """Compare ``actual`` with the committed ``tests/expected/reports/<name>`` byte for byte
    (rewrite it instead when SCHEMAPARITY_UPDATE_EXPECTED=1)."""
    path = EXPECTED / name
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    hint = (f"if the change is intended, rewrite the expected files with "
            f"`SCHEMAPARITY_UPDATE_EXPECTED=1 pytest {Path(__file__).name}` and review the diff")
    assert path.exists(), f"{path} is missing: {hint}"
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                          f"expected/{name}", "rendered", lineterm=""))
        pytest.fail(f"{name} differs from the rendered report; {hint}\n"
                    + "\n".join(lines[:80]), pytrace=False)


# ---------------------------------------------------------------- every format, as bytes


def test_the_verdicts_show_every_outcome() -> None:
    checks = {c.name: c for c in verdict("check").checks}
    agent = checks["agent-platform"]
    assert {i.status for i in agent.items} == {"violation", "accepted", "expected"}
    assert {i.change.op for i in agent.violations} == {"added", "changed", "renamed"}
    assert any(i.change.severity == "low" for i in agent.violations)
    assert any(i.reason and "expired" in i.reason for i in agent.violations)
    assert agent.unused_rules == ("agent-platform#5",) and len(agent.stale_baseline) == 1
    assert not checks["llmops-core"].violations and checks["llmops-core"].count("accepted")
    assert checks["llmops-tracing"].items == ()
    assert verdict("diff").mode == "diff" and len(verdict("diff").checks[0].items) == 43


def test_formats_in_cli_order() -> None:
    assert list(FORMATS) == ["text", "json", "md", "html", "junit", "github"]


def test_one_registry_of_formats() -> None:
    assert formats.names("verdict") == list(FORMATS)
    assert formats.renderer("verdict", "md") is FORMATS["md"]
    v = verdict("check")
    assert formats.render("verdict", "text", v, verbose=True) == render(v, "text", verbose=True)
    with pytest.raises(UsageError, match=r"unknown verdict format 'pdf' \(known: text, json,"):
        formats.renderer("verdict", "pdf")
    with pytest.raises(UsageError, match=r"unknown nothing format 'text' \(known: none\)"):
        formats.render("nothing", "text", v)


def test_plan_formats_are_registered() -> None:
    plan = build(dumpfile.load(DUMPS / "agent_platform_cloud.json"),
                 dumpfile.load(DUMPS / "agent_platform_oss.json"))
    assert formats.names("plan") == ["sql", "json"]
    assert formats.render("plan", "sql", plan) == to_sql(plan).text
    assert "ALTER TABLE" in formats.render("plan", "sql", plan)
    assert formats.render("plan", "json", plan) == plan_json(plan)


def test_a_format_name_is_registered_once() -> None:
    formats.register("verdict", "json", FORMATS["json"])  # the same renderer again: no change
    with pytest.raises(ValueError, match="the verdict format 'json' is already registered"):
        formats.register("verdict", "json", lambda v: "")
    assert FORMATS["json"](verdict("check")) == render(verdict("check"), "json")
    assert formats.names("verdict") == ["text", "json", "md", "html", "junit", "github"]


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("which", ["check", "diff"])
def test_report_matches_expected_file(which: str, fmt: str) -> None:
    text_ = render(verdict(which), fmt)
    assert text_ == render(verdict(which), fmt), "not deterministic"
    assert text_.endswith("\n") and "\r" not in text_
    assert_expected(f"{which}.{SUFFIX[fmt]}", text_)


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_no_differences_renders_in_every_format(fmt: str) -> None:
    out = render(verdict("identical"), fmt)
    assert out.endswith("\n")
    if fmt in ("text", "md", "html", "github"):
        assert "no differences" in out


HOSTILE = "</td></pre><script>alert(1)</script> a|b `c` 100% ]]> \x01\r\n::error ::x"


def hostile_verdict() -> Verdict:
    """Values that would break each format if they were not escaped."""
    changes = (
        Change("view", "view:public.v", "changed",
               (FieldChange("definition", "SELECT 1", HOSTILE),)),
        Change("table", "table:public.t", "added", summary=HOSTILE),
        Change("column", "column:public.t.c", "changed", (FieldChange("comment", HOSTILE, None),)),
    )
    items = tuple(Item(c, "violation", reason=HOSTILE if n == 0 else None)
                  for n, c in enumerate(changes))
    return Verdict((CheckResult("x|y <z>", "a`b", "c:d,e", "equal", items,
                                unused_rules=(HOSTILE,)),))


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_hostile_values_are_escaped(fmt: str) -> None:
    out = render(hostile_verdict(), fmt)
    if fmt == "html":
        assert "<script>" not in out and "&lt;script&gt;" in out
    if fmt == "junit":
        root = ET.fromstring(out)
        assert "<script>" in "".join(root.itertext())
    if fmt == "github":
        lines = out.splitlines()
        assert len(lines) == 5 and all(line.startswith("::") for line in lines)
        assert "\r" not in out and "%0D" in out
    if fmt == "md":
        outside_code = re.sub(r"(`+).+?\1", "", re.sub(r"(?ms)^```.*?^```", "", out))
        assert "<script>" not in outside_code and "\\<script\\>" in outside_code
        for line in out.splitlines():
            if line.startswith("|"):
                assert len(PIPE.findall(line)) in (4, 5, 7), line


# ---------------------------------------------------------------- markdown


def test_markdown_code_spans_survive_backticks_and_pipes() -> None:
    assert code("a|b") == "`a\\|b`"
    assert code("a|b", table=False) == "`a|b`"
    assert code("x `y` z") == "``x `y` z``"
    assert code("`a`") == "`` `a` ``"
    assert code("select\n  1") == "`select 1`"
    assert code("") == "*empty*"
    assert text("a|b <c> *d* `e`") == "a\\|b \\<c\\> \\*d\\* \\`e\\`"


PIPE = re.compile(r"(?<!\\)\|")


@pytest.mark.parametrize("which", ["check", "diff"])
def test_markdown_tables_keep_their_columns(which: str) -> None:
    """Every row of every table has as many cells as its header: no pipe in a value leaks."""
    lines = render(verdict(which), "md").splitlines()
    header = None
    rows = 0
    for line in lines:
        if not line.startswith("|"):
            header = None
            continue
        cells = len(PIPE.findall(line))
        if header is None:
            header = cells
        assert cells == header, line
        rows += 1
    assert rows > 20


def test_markdown_folds_expected_and_shows_long_values_in_full() -> None:
    md = render(verdict("check"), "md")
    assert md.count("<details>") == md.count("</details>")
    assert "<details><summary>☑️ Expected: tenant columns exist only in the cloud edition (36)" in md
    assert "+  RETURN trim(both '-' FROM regexp_replace(lower(translate(name, '`|', ''))," in md
    assert max(len(line) for line in md.splitlines() if line.startswith("|")) < 400


# ---------------------------------------------------------------- junit


@pytest.mark.parametrize("which", ["check", "diff", "identical"])
def test_junit_validates_against_the_schema(which: str) -> None:
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is not installed "
                                    "(pip install xmlschema; it is in the dev extra)")
    xmlschema.XMLSchema(str(XSD)).validate(render(verdict(which), "junit"))


def test_junit_fails_one_testcase_per_kind_with_violations() -> None:
    root = ET.fromstring(render(verdict("check"), "junit"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    agent = suites["agent-platform"]
    failed = {c.get("name"): c.find("failure") for c in agent.iter("testcase")
              if c.find("failure") is not None}
    assert sorted(failed) == ["column order", "columns", "functions", "indexes", "views"]
    assert failed["views"].get("message") == "1 violation"
    assert "public.agent_directory" in (failed["views"].text or "")
    assert agent.get("failures") == "5" and root.get("failures") == "5"
    assert suites["llmops-core"].get("failures") == "0"
    assert {c.get("classname") for c in agent.iter("testcase")} == {"agent-platform"}


# ---------------------------------------------------------------- github


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("check: a, b") == "check%3A a%2C b"


def test_github_annotations() -> None:
    lines = render(verdict("check"), "github").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert [line.split(" ", 1)[0] for line in lines].count("::error") == 4
    assert sum("column order public.tools" in line for line in lines) == 1
    assert lines[-1].startswith("::notice title=schemaparity%3A 5 violations::")
    assert any("stale baseline entry" in line for line in lines)
    assert any("unused expectation" in line for line in lines)


# ---------------------------------------------------------------- html in a browser


@pytest.mark.parametrize("which", ["check", "diff", "identical"])
def test_html_loads_in_chromium_without_errors(which: str, browser: Any,
                                               tmp_path: Path) -> None:
    page_file = tmp_path / f"{which}.html"
    page_file.write_text(render(verdict(which), "html"), "utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    page.goto(page_file.as_uri(), wait_until="load")
    assert problems == []
    if which == "check":
        assert page.title() == "schemaparity check: parity broken"
        assert page.locator("tbody.st-violation").count() == 5
        assert page.locator("details:not([open])").count() == 6
        shot = SCREENSHOT if updating() else tmp_path / "check-report.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()
