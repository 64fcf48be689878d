"""The coach's rules: from histories and a local date to findings worth telling the user.

findings.evaluate() runs alerts, suggestions and milestones (core holds what they share).
Pure: no Flask, no database; habitory/domain/rules_run.py stores what they find.
"""
