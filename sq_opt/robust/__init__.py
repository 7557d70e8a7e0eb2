"""Uncertain effects: evidence-based ranges, sampled robustness analysis (core index, regret) and
the Γ-robust plan. See ``docs/robustness.md``."""
