"""What several blueprints render: heatmaps, charts. Built from the domain's data; no routes.

Blueprints never import each other; what two of them show alike lives here.
"""
