"""gunicorn config for `bench_core.py --gunicorn --gc-freeze`: freeze the heap once a worker has
loaded the app, so full garbage collections stop walking every module, class and function."""

import gc


def post_worker_init(worker):
    """Runs in each worker after it imported and built the app."""
    gc.collect()
    gc.freeze()
