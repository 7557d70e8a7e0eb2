"""Reading a command's input files."""

from __future__ import annotations

import sys

from models.i18n import Lang
from models.issues import Issue, ScenarioError, name_items
from models.scenario import Scenario
from models.semantics import scenario_warnings
from sq_opt.i18n import default_lang, t
from sq_opt.variants import load_any


def scenario_from(path: str, lang: Lang | None = None) -> Scenario:
    """A scenario file, or a variant file (its base with the changes applied); its warnings
    (valid, but probably not meant) said on stderr."""
    kind, scenario, _, _ = load_any(path)
    if scenario is None:
        raise ScenarioError([Issue("", "strategy_not_scenario", {"kind": kind})], path)
    said = lang or default_lang()
    data = scenario.model_dump(mode="python", exclude_unset=True)
    for warning in name_items(scenario_warnings(scenario), data):
        sys.stderr.write(t("warning_line", said, line=warning.line(said)) + "\n")
    return scenario
