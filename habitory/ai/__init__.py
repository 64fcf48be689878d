"""Pure-Python analytics for Habitory: statistics, features and models, with no Flask."""
