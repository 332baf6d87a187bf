"""Schema smells: rules with stable codes, run over a Catalog, each finding with a fix hint.

Every rule has a code (``SP101``), a name (``fk-without-index``), a severity (``info`` <
``warning`` < ``error``) and yields findings on one object key. Rules can be disabled (by code
or name) and single findings allowed with ``CODE:glob`` (the glob matches the object's key,
``constraint:public.t.t_fkey``, or its qualified name, ``public.t.t_fkey``; ``*`` as the code
allows every rule). Findings are sorted by severity (worst first), code and object.

Configuration (``[schemaparity.lint]``, or ``[tool.schemaparity.lint]`` in pyproject.toml)::

    disable = ["SP403"]                        # codes or names
    allow = ["SP101:constraint:public.audit_log.*", "SP301:public.legacy_*"]
    tenant_columns = ["organization_id", "org_id", "tenant_id"]
    membership_tables = ["*_members"]          # globs on table or schema.table
    member_columns = ["user_id"]
    require_rls = true                         # tenant-scoped tables must enable RLS
    fail_on = "warning"                        # error | warning | info

The package: ``engine`` (findings, settings, the rule registry, ``run``), ``rules/`` (one
module per topic; importing it registers every rule), ``helpers`` (catalog lookups that
``stats`` shares), ``settings`` (configuration and command-line options) and ``output`` (text
and JSON, the ``lint`` formats of ``schemaparity.report.formats``). Adding a rule:
write it in the topic's module under ``rules/`` with ``@rule(code, name, severity, summary)``
and add a ``tests/cases_lint/<code>`` folder.
"""

from schemaparity.apimodules import callable_module
from schemaparity.lint import rules  # noqa: F401  (registers every rule)
from schemaparity.lint.engine import (
    DEFAULT_MEMBER_COLUMNS,
    DEFAULT_TENANT_COLUMNS,
    RULES,
    SEVERITIES,
    Allow,
    Check,
    Finding,
    Result,
    Rule,
    Settings,
    finding,
    rule,
    run,
)
from schemaparity.lint.helpers import (
    foreign_keys,
    indexes_by_table,
    key_column,
    leading_columns,
    supports,
    tenant_column,
)
from schemaparity.lint.output import JSON_FORMAT_VERSION, rules_text, summary, to_json, to_text
from schemaparity.lint.rules.unused import used_types
from schemaparity.lint.settings import (
    CONFIG_KEYS,
    load_settings,
    parse_allow,
    parse_config,
    resolve_code,
    with_options,
)

__all__ = [
    "CONFIG_KEYS", "DEFAULT_MEMBER_COLUMNS", "DEFAULT_TENANT_COLUMNS", "JSON_FORMAT_VERSION",
    "RULES", "SEVERITIES", "Allow", "Check", "Finding", "Result", "Rule", "Settings",
    "finding", "foreign_keys", "indexes_by_table", "key_column", "leading_columns",
    "load_settings", "parse_allow", "parse_config", "resolve_code", "rule", "rules_text", "run",
    "summary", "supports", "tenant_column", "to_json", "to_text", "used_types", "with_options",
]


callable_module(__name__)  # schemaparity.lint(...) calls the API function
