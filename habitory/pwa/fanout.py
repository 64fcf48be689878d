"""Sending many pushes at once without letting a slow push service hold up the rest.

A reminder minute can hold hundreds of pushes, and one push service that hangs costs its full
timeout per request: sent one after another, twenty subscriptions on a host that never answers
would take the minute's job past the next minute's reminders. So requests go out in parallel,
a host or an account whose requests keep getting no answer is not tried again in the same
batch, and the batch stops waiting at a deadline (the reminders themselves are already
stored).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait

log = logging.getLogger(__name__)

UNREACHABLE = 0  # the status of a request that got no answer (or was not sent)
# The status of a request that could not even be made (its own URL was wrong): no fault of its
# host's or its owner's, so it counts against neither; other people's requests to the same
# push service must not be skipped for it.
UNSENT = -1
# A push service most browsers share (Google's, Mozilla's, Apple's) may drop one request
# without being down: only a second miss in the batch stops the rest of its requests.
HOST_MAX_UNREACHABLE = 2
# A person's browsers use one or two push services; an account whose pushes keep getting no
# answer from host after host was set up to slow the server down: after three, its other
# pushes of the batch are skipped.
OWNER_MAX_UNREACHABLE = 3


def fan_out(calls: Sequence[tuple[str, int, Callable[[], int]]], *, workers: int,
            deadline_seconds: float) -> list[int]:
    """Run each (host, owner, call) in a pool of `workers` threads; their statuses, in order.

    Calls not started yet are skipped (UNREACHABLE) once their host got no answer
    HOST_MAX_UNREACHABLE times, or their owner's calls OWNER_MAX_UNREACHABLE times. Calls not
    finished by the deadline count as UNREACHABLE and are not waited for.
    """
    if not calls:
        return []
    hosts: Counter[str] = Counter()
    owners: Counter[int] = Counter()

    def run(host: str, owner: int, call: Callable[[], int]) -> int:
        if hosts[host] >= HOST_MAX_UNREACHABLE or owners[owner] >= OWNER_MAX_UNREACHABLE:
            return UNREACHABLE
        try:
            status = call()
        except Exception:  # one push's bug is that push's: the rest go on
            log.exception("push to %s failed", host)
            status = UNREACHABLE
        if status == UNREACHABLE:
            hosts[host] += 1
            owners[owner] += 1
        return status

    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(calls))),
                              thread_name_prefix="push")
    futures = [pool.submit(run, *call) for call in calls]
    finished, late = wait(futures, timeout=deadline_seconds)
    pool.shutdown(wait=False, cancel_futures=True)
    if late:
        log.warning("%d of %d pushes not sent within %s s", len(late), len(calls),
                    deadline_seconds)
    return [future.result() if future in finished else UNREACHABLE for future in futures]


def interleave(groups: Sequence[Sequence]) -> list:
    """Each group's first item, then each one's second, …: so that one user's many
    subscriptions do not queue ahead of everybody else's first."""
    longest = max((len(group) for group in groups), default=0)
    return [group[i] for i in range(longest) for group in groups if i < len(group)]
