"""Habit statistics as Loop Habit Tracker computes them, and the Insights figures built on them.

schedule (statuses, automatic checkmarks), daily (days as arrays), streaks, strength, rates,
health, patterns. Pure Python and numpy: no Flask, no database, no scikit-learn.
"""
