"""The hazards a plan step may carry, by name: what the planner declares, what a
``[schemaparity.plan]`` section may allow. Its own module so that reading a configuration
does not import the planner."""

from __future__ import annotations

from enum import StrEnum


class Hazard(StrEnum):
    """What a step may cost; a plan is refused while it has a hazard nobody allowed."""

    DELETES_DATA = "deletes_data"
    MAY_FAIL = "may_fail"  # fails on rows that do not fit (a narrowing type), never truncates
    ACCESS_EXCLUSIVE_LOCK = "access_exclusive_lock"
    SHARE_LOCK = "share_lock"
    TABLE_REWRITE = "table_rewrite"
    FULL_TABLE_SCAN = "full_table_scan"
    INDEX_BUILD = "index_build"
    INDEX_DROP = "index_drop"
    AUTHZ_CHANGE = "authz_change"
    UNTRACKABLE_DEPENDENCY = "untrackable_dependency"
    EXTENSION_UPGRADE = "extension_upgrade"
    NEEDS_BACKFILL = "needs_backfill"
    ENUM_VALUE_CHANGE = "enum_value_change"
