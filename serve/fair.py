"""How many training workers a server starts, and how many runs each tab and each browser may have in them."""

from __future__ import annotations

import logging
import math
import os
import threading
import weakref
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def cpu_quota(root: Path = CGROUP) -> float | None:
    """CPUs the container may use by its cgroup's CPU quota (v2 ``cpu.max``, else v1 ``cpu.cfs_quota_us`` over
    ``cpu.cfs_period_us``); None when there is no quota (or no cgroup to read)."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    for folder in ("cpu", "cpu,cpuacct", "cpuacct,cpu"):
        try:
            quota = int((root / folder / "cpu.cfs_quota_us").read_text())
            period = int((root / folder / "cpu.cfs_period_us").read_text())
        except (OSError, ValueError):
            continue
        return None if quota <= 0 or period <= 0 else quota / period
    return None


def worker_count(env=os.environ, *, root: Path = CGROUP, affinity: int | None = None) -> int:
    """Training workers for this server: ``ML_WORKERS`` if set (a whole number >= 1), else the CPUs this process may
    use, less one for drawing pages, at least one. The CPUs: the fewer of the affinity mask (``affinity``) and the
    cgroup's quota (``cpu_quota``, whole CPUs): a container limited to 4 CPUs on a 16-core host sees 16 in its mask.
    """
    raw = str(env.get("ML_WORKERS", "")).strip()
    if raw:
        try:
            n = int(raw)
        except ValueError:
            n = 0
        if n >= 1:
            return n
        logging.getLogger(__name__).warning("ML_WORKERS must be a whole number >= 1, got %r: counting the CPUs", raw)
    if affinity is None:
        affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    cpus = affinity
    quota = cpu_quota(root)
    if quota is not None:
        cpus = min(cpus, max(1, math.floor(quota)))
    return max(1, cpus - 1)


class Slots:
    """Runs each owner (a tab, a browser) has training or waiting in the workers: at most ``caps[kind]`` each.

    A holder is any object with ``holds_slot`` (true while its run is away) and ``claimed`` (set here, under the
    lock, between a granted ``take`` and the run's departure: two tabs clicking at once cannot both pass). Holders
    are kept weakly: a run whose session expired counts no more, nor one that came home (finished, paused, failed).
    """

    def __init__(self, caps: dict[str, int]) -> None:
        self.caps = {kind: max(1, int(cap)) for kind, cap in caps.items()}
        self._held: dict[tuple[str, str], list[weakref.ref]] = {}
        self._lock = threading.Lock()

    def _holders(self, key: tuple[str, str]) -> list:
        """The key's holders that hold a slot now (forgets the others; under the lock)."""
        holders = [h for ref in self._held.get(key, ()) if (h := ref()) is not None and h.holds_slot]
        if holders:
            self._held[key] = [weakref.ref(h) for h in holders]
        else:
            self._held.pop(key, None)
        return holders

    def count(self, kind: str, owner: str | None) -> int:
        if owner is None:
            return 0
        with self._lock:
            return len(self._holders((kind, owner)))

    def take(self, holder, owners: dict[str, str | None]) -> tuple[str, int] | None:
        """Give ``holder`` a slot of each owner, or none: ``(kind, count)`` of the first owner at its cap."""
        keys = [(kind, owner) for kind, owner in owners.items() if owner is not None and kind in self.caps]
        with self._lock:
            for kind, owner in keys:
                others = [h for h in self._holders((kind, owner)) if h is not holder]
                if len(others) >= self.caps[kind]:
                    return kind, len(others)
            holder.claimed = True
            for key in keys:
                refs = self._held.setdefault(key, [])
                if not any(ref() is holder for ref in refs):
                    refs.append(weakref.ref(holder))
        return None
