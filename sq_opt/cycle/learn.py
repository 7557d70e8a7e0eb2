"""Learning from outcomes: effects proposed from an evaluation, as a variant the user reviews.

For each evaluated problem (verdict other than ``insufficient_data``) and each started action
acting on it:

- expected reduction ``E = min(1, sum of the actions' effects + synergy gains - neutralisation
  losses)`` (the scenario's coverage of the problem by the started actions);
- observed reduction ``r = clip(1 - ratio, 0, 1)``;
- attributed effect ``a_s = e_s x r / E`` (the observed reduction shared in proportion to the
  stated effects: the relative judgement of the user is kept);
- data weight ``w = n / (n + k)``, with ``n = 1 / var(r)`` (delta method:
  ``var(r) = ratio^2 x se(log ratio)^2``) and ``k = 1 / prior_sd^2``;
- proposal ``(1 - w) e_s + w a_s``, rounded to 3 decimals, kept in (0, 1].

Nothing is applied: :meth:`EffectProposals.to_variant` and :func:`variant_yaml` give a variant file
that the user reads and accepts (``docs/followup-evaluation.md``).
"""

from __future__ import annotations

import json
import logging
from statistics import NormalDist

from models.evaluation import (
    EffectProposal,
    EffectProposals,
    FollowUpEvaluation,
    ProblemEvaluation,
    SkippedProblem,
)
from models.i18n import Catalogue, Lang
from models.scenario import Scenario
from sq_opt.i18n import date, number, percent
from sq_opt.io.documents import yaml_text
from sq_opt.views.evaluation import describe_change

log = logging.getLogger(__name__)

PRIOR_SD = 0.15
"""Prior standard deviation of a problem's reduction: a GPO's estimate is taken as good to about
±0.15 (k = 1 / 0.15^2 ≈ 44: the data weigh half when var(r) = 0.15^2)."""
MIN_EFFECT = 0.001
"""Smallest proposed effect: effects are in (0, 1] with at most 3 decimals."""

NOTES = Catalogue(
    {
        "summary": (
            "Effets proposés d'après le suivi au {date} ({count} changement(s)) : à relire avant de "
            "les adopter ; aucune valeur n'est changée sans votre accord.",
            "Effects proposed from the follow-up as of {date} ({count} change(s)): review them before "
            "adopting them; no value changes without your consent.",
        ),
        "note": (
            "« {solution} » sur « {problem} » : effet {prior} → {proposed}. {change} ; les actions "
            "commencées devaient le réduire de {expected}, d'où une part de {attributed} attribuée à "
            "cette action au prorata des effets estimés. Poids des données {weight} (le reste à "
            "l'estimation initiale). L'évolution de l'indicateur n'est pas forcément due aux actions.",
            "'{solution}' on '{problem}': effect {prior} → {proposed}. {change}; the started actions "
            "were expected to reduce it by {expected}, hence {attributed} attributed to this action in "
            "proportion to the estimated effects. Data weight {weight} (the rest on the initial "
            "estimate). The change in the indicator is not necessarily due to the actions.",
        ),
    }
)
"""The words of the proposals (``summary``, one ``note`` per proposal)."""
_note = NOTES.t


def expected_reduction(scenario: Scenario, problem_id: str, actions: list[str]) -> float:
    """The scenario's coverage of a problem by ``actions`` (effects, synergies, neutralisations),
    clipped to [0, 1]."""
    chosen = set(actions)
    raw = sum(scenario.solution_index[s].effects.get(problem_id, 0.0) for s in actions)
    for relation in scenario.relations:
        if set(relation.between) <= chosen and problem_id in scenario.relation_problems(relation):
            if relation.kind == "synergy":
                raw += relation.gain
            elif relation.kind == "neutralise":
                raw -= relation.loss
    return min(1.0, max(0.0, raw))


def _variance(problem: ProblemEvaluation, level: float) -> float:
    """var(1 - ratio): delta method on the GLM's log scale, or (boundary case, every count after
    zero) the interval's width read as 2 z standard deviations."""
    assert problem.ratio is not None and problem.interval is not None
    if problem.se_log_ratio is not None:
        return (problem.ratio * problem.se_log_ratio) ** 2
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    hi = problem.interval[1]
    assert hi is not None
    return (hi - problem.interval[0]) ** 2 / (2 * z) ** 2


def propose_effects(
    scenario: Scenario,
    evaluation: FollowUpEvaluation,
    *,
    prior_sd: float = PRIOR_SD,
    lang: Lang = "fr",
) -> EffectProposals:
    """Proposed effects of the started actions on the evaluated problems (see the module doc)."""
    if prior_sd <= 0:
        raise ValueError(f"prior_sd must be > 0, got {prior_sd}")
    k = 1 / prior_sd**2
    proposals: list[EffectProposal] = []
    skipped: list[SkippedProblem] = []
    for problem in evaluation.problems:
        if problem.verdict == "insufficient_data":
            if problem.reason != "no_started_action":
                skipped.append(SkippedProblem(problem=problem.problem, reason="insufficient_data"))
            continue
        if problem.ratio is None:
            skipped.append(SkippedProblem(problem=problem.problem, reason="zero_before"))
            continue
        expected = expected_reduction(scenario, problem.problem, problem.actions)
        if expected <= 0:
            skipped.append(SkippedProblem(problem=problem.problem, reason="no_expected_reduction"))
            continue
        observed = min(1.0, max(0.0, 1 - problem.ratio))
        variance = _variance(problem, evaluation.level)
        weight = 1.0 if variance <= 0 else (1 / variance) / (1 / variance + k)
        log.debug(
            "%s: expected %.3f observed %.3f weight %.3f",
            problem.problem,
            expected,
            observed,
            weight,
        )
        for sid in problem.actions:
            prior = scenario.solution_index[sid].effects[problem.problem]
            attributed = min(1.0, prior * observed / expected)
            proposed = min(
                1.0, max(MIN_EFFECT, round((1 - weight) * prior + weight * attributed, 3))
            )
            solution = scenario.solution_index[sid]
            note = _note(
                "note",
                lang,
                solution=solution.label,
                problem=scenario.problem_index[problem.problem].label,
                prior=number(prior, lang, 3),
                proposed=number(proposed, lang, 3),
                change=describe_change(problem, evaluation.level, lang),
                expected=percent(expected, lang, digits=0),
                attributed=number(attributed, lang, 3),
                weight=number(weight, lang, 2),
            )
            proposals.append(
                EffectProposal(
                    solution=sid,
                    problem=problem.problem,
                    prior=prior,
                    expected_reduction=round(expected, 4),
                    observed_reduction=round(observed, 4),
                    attributed=round(attributed, 4),
                    weight=round(weight, 4),
                    proposed=proposed,
                    changed=abs(proposed - prior) >= 0.0005,
                    note=note,
                )
            )
    count = sum(p.changed for p in proposals)
    summary = _note("summary", lang, date=date(evaluation.data_until, lang), count=count)
    return EffectProposals(
        scenario=evaluation.scenario,
        data_until=evaluation.data_until,
        prior_sd=prior_sd,
        summary=summary,
        proposals=proposals,
        skipped=skipped,
    )


def variant_yaml(proposals: EffectProposals, base: str, name: str = "effets-appris") -> str:
    """The variant file (YAML) of :meth:`EffectProposals.to_variant`, each change preceded by its
    note as a comment; it loads with :func:`sq_opt.variants.load_variant`."""
    variant = proposals.to_variant(base, name)
    # the notes go next to their changes, as comments; the description only sums them up
    head = {"variant": variant.variant, "base": variant.base, "description": proposals.summary}
    lines = [f"# {proposals.summary}"]
    lines.append(yaml_text(head, width=100).rstrip())
    changed = [p for p in proposals.proposals if p.changed]
    if not changed:
        lines.append("changes: []")
    else:
        lines.append("changes:")
    for proposal, change in zip(changed, variant.changes, strict=True):
        lines.append(f"  # {proposal.note}")
        path = json.dumps(f"solutions.{proposal.solution}.effects.{proposal.problem}")
        lines.append(f"  - {{kind: {change.kind}, path: {path}, value: {proposal.proposed}}}")
    return "\n".join(lines) + "\n"
