"""Time Habitory's table-shaped code against a pandas version of each (tables_pandas.py).

Run from the repository root:
    python benchmarks/bench_tables.py [--runs N] [--years Y] [--only SITES] [--pytest]

Data: bench_strength.py's 20 habits (daily, N-per-week, weekday, measurable and quit habits)
over --years years (default 5), with a note on about 2 % of the check-ins (some with a comma,
a quote, a line break or a leading "="). For each site it first checks that the pandas version
gives the same output as the app's (CSV text, zip bytes, parsed bundle, Insights numbers,
backtest probabilities), then times both, alternating runs so that a busy machine slows both
alike. Last, it measures what `import pandas` costs a web worker (RSS and CPU time) and
whether a process with scikit-learn has already paid for it. With --pytest it runs the test
suites of those sites on the pandas versions instead. The figures are in benchmarks/README.md,
"pandas: where it is used and why".
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a plain script
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
import tables_pandas as pdv  # noqa: E402
from bench_ml import synthetic_user  # noqa: E402
from bench_strength import PROFILES, TODAY, random_history  # noqa: E402

import habitory.ml.dataset as ml_dataset  # noqa: E402
from habitory.ml.evaluation import backtest  # noqa: E402
from habitory.ml.features import BASELINES  # noqa: E402
from habitory.ml.model import FEATURES, design, eligible, habit_terms  # noqa: E402
from habitory.ml.training import train_user  # noqa: E402
from habitory.portability import (  # noqa: E402
    ExportSource,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    export_checkins_csv,
    export_loop_zip,
    history_of,
    loop_csv,
    read_loop_export,
)
from habitory.stats import rates, tables  # noqa: E402

HABITS = 20
NOTES = ("felt great", "late, but done", 'the "long" route', "two lines\nof note", "=1+1",
         "-tired", "café ☕")
NOW = datetime(2026, 1, 1, 12, 0)  # the zip members' timestamp, so two zips compare


def bundle(years: int, seed: int) -> ImportBundle:
    """20 habits over `years` years as an import bundle, notes on ~2 % of the check-ins."""
    rng = random.Random(seed)
    days = 365 * years + 1
    habits = []
    for i in range(HABITS):
        h = random_history(rng, PROFILES[i % len(PROFILES)], days)
        weekdays = sum(1 << d for d in h.schedule.weekdays) if h.schedule.weekdays else None
        checkins = [ImportedCheckIn(day, e.state, e.amount,
                                    rng.choice(NOTES) if rng.random() < 0.02 else None)
                    for day, e in sorted(h.entries.items())]
        name = "Read, then write" if i == 3 else f"Habit {i + 1:02d}"  # Loop's comma quirk
        habits.append(ImportedHabit(name, kind=h.kind, freq_num=h.schedule.num,
                                    freq_den=h.schedule.den, weekdays=weekdays, target=h.target,
                                    direction=h.direction, created_on=h.created,
                                    position=i + 1, checkins=checkins))
    return ImportBundle(habits, "habitory_json")


def histories_of(data: ImportBundle):
    """The bundle's habits as the statistics see them."""
    return [history_of(h, TODAY) for h in data.habits]


@contextlib.contextmanager
def patched(*swaps):
    """Swap (module, name, value) for the duration, then put the originals back."""
    saved = [(module, name, getattr(module, name)) for module, name, _ in swaps]
    for module, name, value in swaps:
        setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def timed(today, candidate, runs: int) -> dict[str, list[float]]:
    """Alternate the two calls `runs` times each: wall and CPU ms of each."""
    out = {k: [] for k in ("wall_app", "cpu_app", "wall_pd", "cpu_pd")}
    for _ in range(runs):
        for tag, call in (("app", today), ("pd", candidate)):
            gc.collect()  # start each call from the same heap: one's garbage is not the other's
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            out[f"wall_{tag}"].append((time.perf_counter() - wall) * 1000)
            out[f"cpu_{tag}"].append((time.process_time() - cpu) * 1000)
    return out


# --- Sites: each returns (label, size, app call, pandas call, outputs equal) --------------


def site_checkins_csv(data: ImportBundle):
    source = ExportSource.from_bundle(data)
    pairs = list(source.by_day())  # sorted once: both read the same pre-sorted rows
    source.by_day = lambda: iter(pairs)

    def app():
        return "".join(export_checkins_csv(source))

    def pandas():
        return "".join(pdv.export_checkins_csv(source))

    text = app()
    return "checkins.csv export", f"{len(pairs):,} rows, {len(text) / 1e6:.1f} MB", app, \
        pandas, text == pandas()


def site_loop_export(data: ImportBundle):
    source = ExportSource.from_bundle(data)

    def app():
        return b"".join(export_loop_zip(source, TODAY, now=NOW))

    def pandas():
        return b"".join(pdv.export_loop_zip(source, TODAY, now=NOW))

    zipped = app()
    return "Loop zip export", f"{len(zipped) / 1e6:.2f} MB zip", app, pandas, zipped == pandas()


def site_loop_import(data: ImportBundle):
    zipped = b"".join(export_loop_zip(ExportSource.from_bundle(data), TODAY, now=NOW))
    limits = Limits(today=TODAY)

    def app():
        return read_loop_export(zipped, limits)

    def pandas():
        with patched((loop_csv, "table", pdv.table), (loop_csv, "_own_files", pdv.own_files)):
            return read_loop_export(zipped, limits)

    a, b = app(), pandas()
    same = a.bundle == b.bundle and a.scores == b.scores
    return "Loop zip import (parse)", f"{a.bundle.checkin_count:,} check-ins", app, pandas, same


def site_insights(data: ImportBundle):
    days = [rates.habit_days(h, TODAY) for h in histories_of(data)]
    start = TODAY - timedelta(days=364)  # the page's "1 year" period
    lo = TODAY - timedelta(days=TODAY.weekday() + 7 * 25 + 400)
    matrix = tables.day_matrix(days, lo, TODAY)

    def app():
        return (tables.monthly_stats(matrix, TODAY), tables.iso_week_stats(matrix, TODAY),
                [a.tolist() for a in tables.weekday_counts(matrix, start, TODAY)])

    def pandas():
        return (pdv.monthly_stats(matrix, TODAY), pdv.iso_week_stats(matrix, TODAY),
                [a.tolist() for a in pdv.weekday_counts(matrix, start, TODAY)])

    return "Insights monthly, weekly, weekday tables", f"{len(days) + 1} rows", app, pandas, \
        app() == pandas()


def site_insights_charts(data: ImportBundle):
    days = [rates.habit_days(h, TODAY) for h in histories_of(data)]
    start = TODAY - timedelta(days=364)
    swaps = ((tables, "monthly_stats", pdv.monthly_stats),
             (tables, "iso_week_stats", pdv.iso_week_stats),
             (tables, "weekday_counts", pdv.weekday_counts))

    def app():
        return tables.charts(days, start, TODAY)

    def pandas():
        with patched(*swaps):
            return tables.charts(days, start, TODAY)

    def flat(charts):
        return [(c.monthly, c.weekly, c.weekdays, c.rolling) for c in charts]

    return "Insights charts() (all chart series)", "21 series, 1 year", app, pandas, \
        flat(app()) == flat(pandas())


def _ml_user(years: int):
    return synthetic_user(20251130, span=365 * years, habits=HABITS)


def site_ml_table(years: int):
    histories = _ml_user(years)

    def app():
        return ml_dataset.training_table(histories, TODAY)

    def pandas():
        with patched((ml_dataset, "Table", pdv.FrameTable)):
            return ml_dataset.training_table(histories, TODAY)

    a, b = app(), pandas()
    same = all(np.array_equal(a[n], b[n], equal_nan=True) for n in a.columns)
    return "ML training_table", f"{len(a):,} rows × {len(a.columns)} columns", app, pandas, same


def site_ml_ops(years: int):
    """What a backtest does with its table, without the model fits: the part pandas changes."""
    histories = _ml_user(years)
    table = ml_dataset.training_table(histories, TODAY)
    frame = pdv.FrameTable(table.columns)
    days = table["day"]
    bounds = np.searchsorted(days, np.arange(days[-1] - 27, days[-1] + 2))

    def ops(t):
        habits = habit_terms(t)
        out = [design(t, FEATURES, habits), t["y"], t["day"], t["raw:age"].max()]
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
            part = t.take(slice(lo, hi))  # one day's rows, as backtest scores them
            out += [design(part, FEATURES, habits), eligible(part), part["bl:base_rate"].copy()]
        window = t.take(slice(bounds[0], None))
        return out + [window["bl:" + n] for n in BASELINES]

    same = all(np.array_equal(a, b) for a, b in zip(ops(table), ops(frame), strict=True))
    return "ML table operations of a backtest (no fits)", f"{len(table):,} rows, 28 days", \
        lambda: ops(table), lambda: ops(frame), same


def site_ml_backtest(years: int):
    histories = _ml_user(years)
    table = ml_dataset.training_table(histories, TODAY)
    frame = pdv.FrameTable(table.columns)

    def app():
        return backtest(histories, TODAY, table=table)

    def pandas():
        return backtest(histories, TODAY, table=frame)

    a, b = app(), pandas()
    same = np.array_equal(a.model, b.model) and np.array_equal(a.y, b.y)
    return "ML backtest (28 daily fits)", f"{len(table):,} rows", app, pandas, same


def site_ml_train(years: int):
    histories = _ml_user(years)
    folder = tempfile.mkdtemp(prefix="bench-tables-")

    def app():
        return train_user(histories, TODAY, "bench-secret", folder, 1)

    def pandas():
        with patched((ml_dataset, "Table", pdv.FrameTable)):
            return train_user(histories, TODAY, "bench-secret", folder, 2)

    def strip(meta):
        return {k: v for k, v in meta.items() if k not in ("trained_at", "user_id", "seconds")}

    return "ML train_user (table, backtest, fit, save)", f"{HABITS} habits", app, pandas, \
        strip(app()) == strip(pandas())


SITES = {
    "checkins_csv": site_checkins_csv,
    "loop_export": site_loop_export,
    "loop_import": site_loop_import,
    "insights": site_insights,
    "charts": site_insights_charts,
}
ML_SITES = {"ml_table": site_ml_table, "ml_ops": site_ml_ops,
            "ml_backtest": site_ml_backtest, "ml_train": site_ml_train}

# --- What importing pandas costs ------------------------------------------------------------

PROBE = """
import sys, time
def rss():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmRSS")) / 1024
{setup}
had = "pandas" in sys.modules
before, wall, cpu = rss(), time.perf_counter(), time.process_time()
import pandas
print(had, before, rss() - before, (time.perf_counter() - wall) * 1000,
      (time.process_time() - cpu) * 1000)
"""
CONTEXTS = {
    "a web worker (create_app)": "from habitory import create_app\n"
    "create_app({'SECRET_KEY': 'x', 'SQLALCHEMY_DATABASE_URI': 'sqlite://', "
    "'CHECK_MIGRATIONS': False, 'SCHEDULER_ENABLED': False})",
    "a bare interpreter with numpy": "import numpy",
    "the trainer (scikit-learn imported)": "import sklearn.linear_model",
}


def import_cost(repeats: int) -> list[tuple[str, bool, float, float, float, float]]:
    """Per context: pandas already loaded?, RSS before, + RSS MB, median wall and CPU ms."""
    rows = []
    for label, setup in CONTEXTS.items():
        runs = []
        for _ in range(repeats):
            out = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup)],
                                 capture_output=True, text=True, check=True,
                                 cwd=HERE.parent).stdout.split()
            runs.append((out[0] == "True", *map(float, out[1:])))
        rows.append((label, runs[0][0], *(statistics.median(r[i] for r in runs)
                                          for i in range(1, 5))))
    return rows


SUITES = ["tests/test_portability.py", "tests/test_data_routes.py",
          "tests/test_insights_stats.py", "tests/test_insights_page.py",
          "tests/test_stats_arrays.py"]


def suites_with_pandas() -> int:
    """Run the suites of the exports, the Loop import and Insights on the pandas versions."""
    import pytest

    import habitory.portability as portability
    from habitory.portability import checkins_csv, loop_export
    from habitory.settings import data as settings_data
    from habitory.stats import patterns

    for module in (portability, checkins_csv, settings_data):
        module.export_checkins_csv = pdv.export_checkins_csv
    for module in (portability, loop_export, settings_data):
        module.export_loop_zip = pdv.export_loop_zip
    loop_csv.table, loop_csv._own_files = pdv.table, pdv.own_files
    tables.monthly_stats, tables.iso_week_stats = pdv.monthly_stats, pdv.iso_week_stats
    tables.weekday_counts = patterns.weekday_counts = pdv.weekday_counts
    return int(pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", str(HERE.parent),
                            *(str(HERE.parent / suite) for suite in SUITES)]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--ml-runs", type=int, default=5)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--ml-years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="comma-separated: " + ", ".join([*SITES, *ML_SITES,
                                                                        "import"]))
    parser.add_argument("--pytest", action="store_true",
                        help="instead, run the suites named in SUITES on the pandas versions")
    args = parser.parse_args()
    if args.pytest:
        return suites_with_pandas()
    only = set(args.only.split(",")) if args.only else None
    data = bundle(args.years, args.seed)
    print(f"{HABITS} habits × {args.years} years, {data.checkin_count:,} check-ins; ML: "
          f"{HABITS} habits × {args.ml_years} years; load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} CPUs. Times in ms: median (best), CPU median; {args.runs} runs "
          f"({args.ml_runs} for ML) each, alternating.\n")
    print("| site | size | today | pandas | pandas / today (CPU) | same output |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    failed = False
    jobs = [(name, site, data, args.runs) for name, site in SITES.items()]
    jobs += [(name, site, args.ml_years, args.ml_runs) for name, site in ML_SITES.items()]
    for name, site, arg, runs in jobs:
        if only and name not in only:
            continue
        label, size, app, candidate, same = site(arg)
        failed |= not same
        t = timed(app, candidate, runs)

        def cell(tag, t=t):
            wall, cpu = t[f"wall_{tag}"], t[f"cpu_{tag}"]
            return (f"{statistics.median(wall):.1f} ({min(wall):.1f}), CPU "
                    f"{statistics.median(cpu):.1f}")

        ratio = statistics.median(t["cpu_pd"]) / statistics.median(t["cpu_app"])
        print(f"| {label} | {size} | {cell('app')} | {cell('pd')} | {ratio:.2f}× | "
              f"{'yes' if same else '**no**'} |", flush=True)
    if not only or "import" in only:
        print("\n| `import pandas` in | pandas already loaded | RSS before | RSS added | "
              "wall | CPU |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for label, had, before, added, wall, cpu in import_cost(5):
            print(f"| {label} | {'yes' if had else 'no'} | {before:.0f} MB | "
                  f"**+{added:.1f} MB** | {wall:.0f} ms | {cpu:.0f} ms |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
