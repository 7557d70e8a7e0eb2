"""The names of the contract's rules: one name per rule, used everywhere.

Each hard rule ``R`` of ``contract-v1.md`` has, under the same name, a builder method
``StrategyModelBuilder.add_R`` (``sq_opt/model/builder.py``), a checker function ``check_R``
(``sq_opt/check.py``), a pair of tests (``tests/test_rules.py``: the rule binds;
``tests/test_check.py``: a plan breaking it is rejected) and a paragraph of ``docs/model.md``.
Value rules change the value, not feasibility: the builder has ``add_R`` and the checker recomputes
their effect with the contract's formulas (``sq_opt/evaluate.py``), rejecting a strategy whose
reported figures disagree. ``tests/test_structure.py`` keeps the map complete.
"""

from __future__ import annotations

from typing import Final

HARD_RULES: Final = (
    "schedule",  # a start inside the window, active for `duration` periods
    "mandatory",  # rule 1
    "excluded",  # rule 1
    "capacity",  # rule 2 (per period and horizon pools)
    "conflict",  # rule 3
    "requires",  # rule 3
    "precedes",  # rule 3
    "not_concurrent",  # rule 3
    "min_coverage",  # rule 4
    "min_main_share",  # rule 5
    "max_problems",  # rule 6
    "fixed",  # replanning: done / running entries stay selected at their recorded span
    "abandoned",  # replanning: abandoned entries are not selected
)
"""Rules a plan must keep; a plan that breaks one is rejected by the checker."""

VALUE_RULES: Final = (
    "synergy",  # gain added when both ends are selected
    "neutralise",  # loss subtracted when both ends are selected
    "coverage",  # coverage(p) = min(1, max(0, raw(p)))
)
"""Rules of the value: the checker recomputes them and rejects misreported figures."""
