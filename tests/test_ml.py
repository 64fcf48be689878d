"""The habit model: no leakage, fallbacks, clipping, signed storage, retrain rules."""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from habitory.ml import storage
from habitory.ml.dataset import next_day, training_table
from habitory.ml.evaluation import BASELINES, backtest, evaluate, reminders, reminders_at_times
from habitory.ml.features import CANDIDATES
from habitory.ml.model import (
    AT_RISK,
    BETA,
    FEATURES,
    MODEL,
    P_MAX,
    P_MIN,
    UserModel,
    fit,
    predict_next_day,
    probabilities,
)
from habitory.ml.paths import delete_model, model_path
from habitory.ml.storage import load_model, save_model
from habitory.ml.training import completions, fit_user, train_user
from habitory.stats.daily import build_days
from habitory.stats.open_day import Ticks
from habitory.stats.schedule import Entry, HabitHistory, Schedule, is_success
from habitory.stats.strength import strength

TODAY = date(2025, 6, 18)  # a Wednesday
SECRET = "test-secret-key"
CHECKED = [*CANDIDATES, *(f"bl:{b}" for b in BASELINES)]


def day(n: int) -> date:
    """n days before TODAY."""
    return TODAY - timedelta(days=n)


def random_history(rng: random.Random, days: int, rate: float, **kind) -> HabitHistory:
    """A habit with streaky random check-ins over the last `days` days (today open)."""
    entries, done = {}, True
    for n in range(days, 0, -1):
        roll = rng.random()
        if roll < 0.03:
            entries[day(n)] = Entry("skipped")
            continue
        done = roll < (rate + 0.2 if done else rate - 0.2)
        if kind.get("kind") == "quit":
            if not done:
                entries[day(n)] = Entry("not_done")
        elif kind.get("kind") == "measurable":
            amount = 10.0 if done else rng.choice([None, 3.0])
            if amount is not None:
                entries[day(n)] = Entry("done", amount)
        elif done:
            entries[day(n)] = Entry("done")
        elif roll < 0.1:
            entries[day(n)] = Entry("not_done")
    return HabitHistory(day(days), entries, **kind)


def five_habits(seed: int = 1, days: int = 120) -> dict[int, HabitHistory]:
    """Five habits: daily, weekdays, 3 a week, quit, measurable."""
    rng = random.Random(seed)
    return {
        1: random_history(rng, days, 0.7),
        2: random_history(rng, days, 0.6, schedule=Schedule(weekdays=frozenset({0, 2, 4}))),
        3: random_history(rng, days - 30, 0.5, schedule=Schedule(3, 7)),
        4: random_history(rng, days, 0.9, kind="quit"),
        5: random_history(rng, days, 0.6, kind="measurable", target=8.0),
    }


def altered(histories: dict[int, HabitHistory], cut: date, seed: int) -> dict[int, HabitHistory]:
    """The same habits with every check-in from `cut` on replaced at random (no skip on cut)."""
    rng = random.Random(seed)
    out = {}
    for habit_id, h in histories.items():
        entries = {d: e for d, e in h.entries.items() if d < cut}
        for n in range((TODAY - cut).days + 1):
            d = cut + timedelta(days=n)
            states = ["done", "not_done", None] + (["skipped"] if d > cut else [])
            state = rng.choice(states)
            if state:
                entries[d] = Entry(state, rng.choice([2.0, 9.0]) if state == "done" else None)
        out[habit_id] = replace(h, entries=entries)
    return out


# --- Features -------------------------------------------------------------------------------

def test_daily_arrays_agree_with_is_success():
    """The vectorised days match schedule.is_success and the weekday schedule, day by day."""
    histories = five_habits(3)
    days = build_days(histories, day(1))
    for row, (habit_id, h) in enumerate(histories.items()):
        for n in range(1, 100):
            col = day(n).toordinal() - days.origin
            if habit_id != 3:  # a quota habit's success is not a per-day rule
                assert days.succ[row, col] == is_success(h, day(n)), (habit_id, n)
    due = days.due()
    col = day(1).toordinal() - days.origin
    assert due[1, col] == Schedule(weekdays=frozenset({0, 2, 4})).is_scheduled(day(1))


def test_no_leakage_features_of_a_day_ignore_that_day_and_later():
    """Altering every day from d on leaves the rows of days up to d exactly as they were."""
    histories = five_habits(5)
    for cut_back in (40, 9, 1):
        cut = day(cut_back)
        before = training_table(histories, TODAY, recency=True).frame()
        after = training_table(altered(histories, cut, seed=cut_back), TODAY, recency=True).frame()
        keep = cut.toordinal()
        a = before[before.day <= keep].reset_index(drop=True)
        b = after[after.day <= keep].reset_index(drop=True)
        assert len(a) > 100 and list(a.habit_id) == list(b.habit_id)
        assert (a.day == b.day).all()
        for name in CHECKED:
            np.testing.assert_allclose(a[name], b[name], rtol=0, atol=1e-12, err_msg=name)
        assert (a.y[a.day < keep] == b.y[b.day < keep]).all()


def test_next_day_scenarios_match_a_full_recomputation():
    """Tomorrow's features if today ends done / not done equal those of the full training path."""
    histories = {k: replace(h, entries={d: e for d, e in h.entries.items() if d < TODAY})
                 for k, h in five_habits(7).items()}
    inputs = next_day(histories, TODAY, recency=True)
    assert inputs.unknown[0]  # the daily habit is due today and not yet checked
    per_habit = [f for f in CANDIDATES if not f.startswith("user_") and f != "strength"]
    tomorrow = (TODAY + timedelta(days=1)).toordinal()
    count = len(histories)
    for scenario, state in ((0, "not_done"), (1, "done")):
        h = dict(histories)
        h[1] = replace(h[1], entries={**h[1].entries, TODAY: Entry(state)})
        full = training_table(h, TODAY + timedelta(days=2), recency=True).frame()
        row = full[(full.habit_id == 1) & (full.day == tomorrow)].iloc[0]
        for name in [*per_habit, "user_weekday", "prior"]:
            got = inputs.scenarios[name][scenario * count]
            assert got == pytest.approx(row[name], abs=1e-12), name


# --- Fallbacks, clipping and predictions ----------------------------------------------------

def test_predictions_are_clipped_and_complete():
    """Every habit gets one prediction inside [0.02, 0.98], with at most two reasons."""
    histories = five_habits(11, days=200)
    histories[6] = HabitHistory(day(200), {day(n): Entry("done") for n in range(1, 201)})
    histories[7] = HabitHistory(day(200), {})  # never done
    model = fit_user(histories, TODAY, backtest_days=7)
    predictions = predict_next_day(model, histories, TODAY)
    assert [p.habit_id for p in predictions] == list(histories)
    for p in predictions:
        assert P_MIN <= p.probability <= P_MAX
        assert 1 <= len(p.reasons) <= 2 and all(isinstance(r, str) and r for r in p.reasons)
        assert p.at_risk == (p.due and p.probability < AT_RISK)
    by_id = {p.habit_id: p for p in predictions}
    # One outcome only: the pooled model still speaks for them (benchmarks/ML.md), at the clip.
    assert by_id[6].probability == P_MAX and by_id[7].probability < P_MIN + 0.005
    assert by_id[6].source == by_id[7].source == MODEL
    assert by_id[7].at_risk
    table = training_table(histories, TODAY)
    pipeline = fit(table.matrix(FEATURES), table["y"])
    p, source = probabilities(UserModel(MODEL, pipeline), table)
    assert p.min() >= P_MIN and p.max() <= P_MAX and MODEL in set(source)


def test_one_class_and_tiny_histories_fall_back_to_beta_binomial():
    """A new habit, a one-outcome habit, and a user too new to model, each say so."""
    histories = five_habits(13, days=150)
    histories[8] = random_history(random.Random(2), 5, 0.6)  # five days old
    model = fit_user(histories, TODAY, backtest_days=7)
    assert model.served in (MODEL, *BASELINES)
    by_id = {p.habit_id: p for p in predict_next_day(model, histories, TODAY)}
    assert by_id[8].source == BETA and by_id[8].reasons[0].startswith("new habit")
    assert by_id[1].source == model.served

    tiny = {1: random_history(random.Random(3), 12, 0.6)}
    small = fit_user(tiny, TODAY)
    assert small.served == BETA and small.pipeline is None
    assert {p.source for p in predict_next_day(small, tiny, TODAY)} == {BETA}

    always = {1: HabitHistory(day(90), {day(n): Entry("done") for n in range(1, 91)})}
    assert fit_user(always, TODAY).served == BETA
    assert predict_next_day(None, always, TODAY)[0].source == BETA


def test_empty_and_brand_new_users_never_break():
    """No habits, a habit created today, one created "tomorrow" (clock skew): no errors."""
    assert predict_next_day(None, {}, TODAY) == []
    assert fit_user({}, TODAY).served == BETA
    for created in (TODAY, TODAY + timedelta(days=2)):
        h = {1: HabitHistory(created, {})}
        (p,) = predict_next_day(fit_user(h, TODAY), h, TODAY)
        assert p.source == BETA and P_MIN <= p.probability <= P_MAX
    result = evaluate([(1, {}, TODAY)], days=7)
    assert result["users"][0]["rows"] == 0 and result["summary"]["share_improved"] is None


def test_a_habit_not_due_tomorrow_is_never_at_risk():
    """A Mon/Wed/Fri habit on the eve of a Thursday: not due, so not at risk."""
    h = {1: HabitHistory(day(60), {}, Schedule(weekdays=frozenset({0, 2, 4})))}
    (p,) = predict_next_day(None, h, TODAY)  # TODAY is a Wednesday
    assert not p.due and not p.at_risk and p.probability < 0.1


def test_a_served_baseline_answers_with_its_own_estimate():
    """A user served the strength baseline gets Loop's strength at the end of today."""
    histories = five_habits(43, days=200)
    histories[1] = replace(histories[1], entries={**histories[1].entries, TODAY: Entry("done")})
    p = predict_next_day(UserModel("strength"), histories, TODAY)[0]
    assert p.source == "strength"
    expected = min(max(strength(histories[1], TODAY), P_MIN), P_MAX)
    assert p.probability == pytest.approx(expected, abs=1e-4)
    assert p.reasons[1] == "a simple estimate beat the model on your history"


def test_model_reasons_name_features():
    """A served model explains with the two features that pushed the most."""
    histories = five_habits(17, days=300)
    model = fit_user(histories, TODAY, backtest_days=7)
    model.served = MODEL  # whatever the backtest chose, explain the model itself
    p = next(p for p in predict_next_day(model, histories, TODAY) if p.habit_id == 1)
    assert p.source == MODEL and len(p.reasons) == 2


# --- Backtest -------------------------------------------------------------------------------

def test_backtest_never_trains_on_the_day_it_predicts(monkeypatch):
    """Each fit sees only rows of earlier days, and later days do not move a day's prediction."""
    histories = five_habits(19)
    table = training_table(histories, TODAY)
    seen = []
    from habitory.ml import evaluation

    real_fit = evaluation.fit

    def spy(x, y, features, warm=None, days=None):
        seen.append(len(y))
        assert days is None or len(days) == len(y)  # recency weights of the same rows
        return real_fit(x, y, features, warm, days)

    monkeypatch.setattr(evaluation, "fit", spy)
    backtest(histories, TODAY, days=5, table=table)
    days = [d.toordinal() for d in (day(5), day(4), day(3), day(2), day(1))]
    assert seen == [int(np.sum(table["day"] < d)) for d in days]
    monkeypatch.undo()

    cut = day(3)
    first = backtest(histories, TODAY, days=5)
    second = backtest(altered(histories, cut, seed=4), TODAY, days=5)
    upto = int(np.sum(table["day"][table["day"] >= day(5).toordinal()] <= cut.toordinal()))
    np.testing.assert_allclose(first.model[:upto], second.model[:upto], atol=1e-12)


def test_evaluation_json_shape():
    """`flask evaluate --json` gets exactly the documented keys, and it serialises."""
    young = {1: random_history(random.Random(5), 9, .5)}
    result = evaluate([(1, five_habits(23), TODAY), (2, young, TODAY)], days=7)
    json.dumps(result)
    assert set(result) == {"users", "summary"}
    assert set(result["summary"]) == {"median_skill_vs_best_baseline",
                                      "median_skill_vs_base_rate", "share_improved",
                                      "calibration", "median_reminders_saved_share",
                                      "median_saved_then_missed_share",
                                      "median_saved_share_at_reminder_times",
                                      "median_saved_then_missed_share_at_reminder_times"}
    first, second = result["users"]
    assert set(first) == {"user_id", "rows", "model", "baselines", "served", "reminders"}
    assert set(first["reminders"]) == {"threshold", "reminders", "saved", "saved_share",
                                       "saved_then_missed", "saved_then_missed_share",
                                       "at_reminder_times"}
    assert first["reminders"]["at_reminder_times"] is None  # no reminder times given
    assert set(first["baselines"]) == {"base_rate", "rolling_7", "same_as_yesterday",
                                       "weekday_rate", "strength"}
    for metrics in (first["model"], *first["baselines"].values()):
        assert set(metrics) == {"brier", "log_loss", "auc", "calibration"}
        assert 0 <= metrics["brier"] <= 1 and -1 <= metrics["calibration"] <= 1
    assert first["rows"] > 0 and first["served"] in (MODEL, *BASELINES)
    assert second["served"] == BETA


def test_reminder_backtest_counts_saved_reminders_and_the_misses_after_them():
    p = np.array([0.9, 0.7, 0.6, 0.59, 0.2, 0.95])
    y = np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    got = reminders(p, y, 0.6)  # quiet at 60 % and above: rows 0, 1, 2 and 5
    assert (got["reminders"], got["saved"], got["saved_then_missed"]) == (6, 4, 1)
    assert got["saved_share"] == pytest.approx(4 / 6)
    assert got["saved_then_missed_share"] == pytest.approx(1 / 4)
    strict = reminders(p, y, 0.99)  # nothing is that sure (chances are clipped at 98 %)
    assert strict["saved"] == 0 and strict["saved_then_missed_share"] is None
    assert reminders(np.array([]), np.array([]))["saved_share"] is None


def test_reminders_at_their_times_count_what_is_usually_ticked_off_by_then():
    """A habit ticked off at 07:30 on the days it is done: a 06:00 reminder is due every day
    and the whole-day chance decides; a noon reminder is due only on days still open by noon,
    mostly misses, and what is left of the chance by then is too little to stay quiet."""
    first = TODAY.toordinal() - 120
    rng = np.random.default_rng(3)
    done = rng.random(120) < 0.85
    days = np.arange(first, first + 120)
    ticks = Ticks(days[done], np.full(int(done.sum()), 7.5 * 3600))
    rows = slice(92, 120)  # the backtest's last 28 days
    y, day = done[rows].astype(float), days[rows]
    p, habit = np.full(len(y), 0.85), np.full(len(y), 4)
    early = reminders_at_times(p, y, habit, day, {4: ((6 * 3600,), ticks)}, 0.6)
    assert early["reminders"] == len(y) and early["saved"] == len(y)
    assert early["saved_then_missed"] == int(np.sum(y == 0)) > 0
    noon = reminders_at_times(p, y, habit, day, {4: ((12 * 3600,), ticks)}, 0.6)
    assert noon["reminders"] == int(np.sum(y == 0))  # the ticked days needed none
    assert noon["saved"] == 0 and noon["saved_then_missed_share"] is None
    # Ticks that came on a later day (an import) say nothing of the hour: the 06:00 result.
    late = Ticks(np.zeros(0, dtype=np.int64), np.zeros(0))
    blind = reminders_at_times(p, y, habit, day, {4: ((12 * 3600,), late)}, 0.6)
    assert (blind["reminders"], blind["saved"]) == (len(y), len(y))
    both = reminders_at_times(p, y, habit, day, {4: ((6 * 3600, 12 * 3600), ticks)}, 0.6)
    assert both["reminders"] == early["reminders"] + noon["reminders"]
    assert reminders_at_times(p, y, habit, day, {}, 0.6)["saved_share"] is None


def test_evaluation_reports_each_users_reminders_at_the_threshold_asked():
    users = [(1, five_habits(23), TODAY), (2, five_habits(31), TODAY)]
    loose, tight = evaluate(users, days=7, remind_below=0.3), evaluate(users, days=7,
                                                                       remind_below=0.9)
    for a, b in zip(loose["users"], tight["users"], strict=True):
        assert a["reminders"]["reminders"] == b["reminders"]["reminders"] == a["rows"] > 0
        assert a["reminders"]["saved"] >= b["reminders"]["saved"]
        assert a["reminders"]["threshold"] == 0.3 and b["reminders"]["threshold"] == 0.9
    saved = [u["reminders"]["saved_share"] for u in loose["users"]]
    assert loose["summary"]["median_reminders_saved_share"] == pytest.approx(np.median(saved))
    assert sum(u["reminders"]["saved"] for u in loose["users"]) > sum(
        u["reminders"]["saved"] for u in tight["users"])


# --- Storage --------------------------------------------------------------------------------

@pytest.fixture
def saved(tmp_path):
    """A trained model saved for user 7."""
    meta = train_user(five_habits(29), TODAY, SECRET, tmp_path, 7)
    return tmp_path, meta


def test_saved_model_loads_with_its_metadata(saved):
    folder, meta = saved
    model = load_model(folder, 7, SECRET)
    assert model is not None and model.served == meta["served"]
    for key in ("trained_at", "trained_for", "rows", "completions", "features",
                "sklearn_version", "backtest", "served"):
        assert key in model.meta
    assert model.meta["rows"] == meta["rows"]
    assert predict_next_day(model, five_habits(29), TODAY)


def test_a_flipped_byte_or_another_key_is_rejected(saved):
    folder, _ = saved
    path = model_path(folder, 7)
    good = path.read_bytes()
    for where in (5, 40, len(good) // 2, len(good) - 1):
        bad = bytearray(good)
        bad[where] ^= 0x01
        path.write_bytes(bytes(bad))
        assert load_model(folder, 7, SECRET) is None
    path.write_bytes(good)
    assert load_model(folder, 7, "another-secret") is None
    path.write_bytes(good[:20])
    assert load_model(folder, 7, SECRET) is None
    path.write_bytes(good)
    os.replace(path, model_path(folder, 8))  # a valid file in another user's place
    assert load_model(folder, 8, SECRET) is None
    assert load_model(folder, 9, SECRET) is None  # missing


def test_another_scikit_learn_version_is_rejected(tmp_path):
    model = fit_user(five_habits(31), TODAY, backtest_days=7)
    major, minor = storage.sklearn_minor().split(".")
    model.meta["sklearn_version"] = f"{major}.{int(minor) + 1}.0"
    save_model(tmp_path, 1, model, SECRET)
    assert load_model(tmp_path, 1, SECRET) is None
    model.meta["sklearn_version"] = f"{major}.{minor}.999"  # patch releases are compatible
    save_model(tmp_path, 1, model, SECRET)
    assert load_model(tmp_path, 1, SECRET) is not None


def test_a_crash_mid_write_keeps_the_old_model(saved, monkeypatch):
    folder, meta = saved

    def crash(src, dst):
        assert os.path.getsize(src) > 32  # the new file was fully written first
        raise OSError("power cut")

    monkeypatch.setattr(storage.os, "replace", crash)
    newer = fit_user(five_habits(37), TODAY + timedelta(days=3), backtest_days=7)
    with pytest.raises(OSError):
        save_model(folder, 7, newer, SECRET)
    monkeypatch.undo()
    old = load_model(folder, 7, SECRET)
    assert old is not None and old.meta["trained_for"] == meta["trained_for"]
    assert sorted(p.name for p in folder.iterdir()) == ["user_7.pkl"]


def test_delete_model(saved):
    folder, _ = saved
    (folder / ".user_7.pkl.abc.tmp").write_bytes(b"left by a killed writer")
    assert delete_model(folder, 7) is True
    assert list(folder.iterdir()) == []
    assert delete_model(folder, 7) is False
    assert load_model(folder, 7, SECRET) is None


# --- Metadata -------------------------------------------------------------

def test_completions_count_done_check_ins():
    h = {1: HabitHistory(day(3), {day(1): Entry("done"), day(2): Entry("skipped")}),
         2: HabitHistory(day(3), {day(1): Entry("done", 3.0)}, kind="measurable", target=5.0)}
    assert completions(h) == 2
