"""Reading and writing scenarios and strategies (JSON, YAML, .xlsx, CSV), with errors that carry paths."""

from sq_opt.io.formats import read_document
from sq_opt.io.scenarios import dump_scenario, load_scenario, parse_scenario
from sq_opt.io.strategies import dump_strategy, load_strategy, parse_strategy

__all__ = [
    "dump_scenario",
    "dump_strategy",
    "load_scenario",
    "load_strategy",
    "parse_scenario",
    "parse_strategy",
    "read_document",
]
