"""Tomorrow's chance per habit: features, the training frame (dataset), the model, training,
signed storage, the backtest (evaluation) and the explanations.

No Flask and no database. Everything here but paths.py, smoothing.py and today_settled.py
(the served reasons' wording, read by the web process) loads scikit-learn, so only the
processes that train or compute predictions import the rest (habitory/jobs/forecast.py).
"""
