"""Tomorrow's chance per habit: features, the training frame (dataset), the model, training,
signed storage, the backtest (evaluation) and the explanations.

No Flask and no database. Everything here but paths.py loads scikit-learn, so only the
processes that train or compute predictions import it (habitory/jobs/forecast.py).
"""
