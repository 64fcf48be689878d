"""The background door: the scheduler tick, trainings and prediction refreshes.

Like the web routes and the CLI, jobs call the domain layer; the domain never calls them but
sends domain.events signals, which register() connects here.
"""
