"""The GPO cycle: the replanning frame, replanning, adoption, evaluation of outcomes, learning."""
