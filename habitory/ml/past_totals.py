"""Totals over the columns (days) strictly before each column, for whole (habits, days) arrays.

Every feature of a day is built from these, and none of them reads its own column or a later
one: that is what keeps a day's features blind to that day (tests/test_ml.py checks it).
"""

from __future__ import annotations

import numpy as np
from scipy.signal import lfilter


def _sum_type(a: np.ndarray) -> type:
    # Counting in int32 is several times faster than casting every bool to float64 first.
    return np.int32 if a.dtype.kind in "bui" else np.float64


def before(a: np.ndarray) -> np.ndarray:
    """Running total over the columns strictly before each column (last axis)."""
    out = np.cumsum(a, axis=-1, dtype=_sum_type(a))
    out -= a
    return out


def window(a: np.ndarray, width: int) -> np.ndarray:
    """Total over the `width` columns just before each column (last axis)."""
    total = np.zeros((*a.shape[:-1], a.shape[-1] + 1), dtype=_sum_type(a))
    np.cumsum(a, axis=-1, out=total[..., 1:])
    out = total[..., :-1].copy()
    # Clamped: with width > length, a negative stop would slice from the end (not empty).
    out[..., width:] -= total[..., :max(a.shape[-1] - width, 0)]
    return out


def lagged(total: np.ndarray, width: int) -> np.ndarray:
    """From a running total (before()), the total over the `width` columns before each one."""
    out = total.copy()
    # Not total[..., :-width]: that is wrong for width 0, and the clamp says what is meant.
    out[..., width:] -= total[..., :max(total.shape[-1] - width, 0)]
    return out


def decayed_before(a: np.ndarray, half_life: float) -> np.ndarray:
    """Sum over the columns strictly before each column, weighted 0.5 ** (days ago / half_life)."""
    out = np.zeros(a.shape)
    if a.shape[-1] > 1:
        decay = 0.5 ** (1.0 / half_life)
        out[..., 1:] = lfilter([1.0], [1.0, -decay], a[..., :-1], axis=-1)
    return out


def last_before(mask: np.ndarray) -> np.ndarray:
    """Index of the last True column strictly before each column, or -1."""
    out = np.empty(mask.shape, dtype=np.int32)
    out[..., 0] = -1
    # Shifted by one column first, so the running max only sees earlier columns.
    np.copyto(out[..., 1:], np.arange(mask.shape[-1] - 1, dtype=np.int32), casting="no")
    out[..., 1:][~mask[..., :-1]] = -1
    np.maximum.accumulate(out, axis=-1, out=out)
    return out


def same_weekday_before(a: np.ndarray) -> np.ndarray:
    """(L,) running total over the earlier columns of the same weekday (7 columns apart)."""
    length = len(a)
    fold = np.zeros(-(-length // 7) * 7)
    fold[:length] = a
    fold = fold.reshape(-1, 7)
    return (np.cumsum(fold, axis=0) - fold).reshape(-1)[:length]
