"""The background door: jobs on a Huey queue (trainings, prediction refreshes, the periodic
reminders, rules and sweep), the consumers that run them, and the ML commands.

Like the web routes and the CLI, jobs call the domain layer; the domain never calls them but
sends domain.events signals, which tasks.connect_signals() connects here.
"""
