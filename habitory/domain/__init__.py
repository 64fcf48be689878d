"""The one place that changes habits and days and reads histories; every door calls it.

Doors (web blueprints, CLI commands, imports, background jobs, the JSON API) parse what they
are sent and render what they get back; the domain decides and stores; the subsystems
(habitory/stats, rules, ml) compute. The domain imports no blueprint and no job: where the
background must act on a change, it sends a signal (events.py).
"""
