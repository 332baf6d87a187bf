"""The lint rules, one module per topic; importing this package registers them all."""

from schemaparity.lint.rules import (  # noqa: F401  (imported to register their rules)
    foreign_keys,
    indexes,
    membership,
    primary_keys,
    rls,
    tenancy,
    unused,
)
