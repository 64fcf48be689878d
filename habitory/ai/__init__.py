"""Only `python -m habitory.ai.trainer` lives here, for compatibility: the statistics are in
habitory/stats, the rules in habitory/rules and the model in habitory/ml."""
