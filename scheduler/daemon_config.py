"""The daemon's settings, `[daemon]` in the config: its schedules, the daily window, politeness, stop.

Schedules are tables of cron fields as APScheduler's CronTrigger names them (`second`, `minute`,
`hour`, `day`, `month`, `day_of_week` with 0 or mon = Monday), always in Asia/Shanghai; fields
finer than the finest one given are 0. A table replaces its default whole:

    [daemon.daily]      hour = 1                                 # 01:00 every day
    [daemon.monthly]    day = 1, hour = 7                        # the previous month, on the 1st
    [daemon.quarterly]  month = "1,4,7,10", day = 1, hour = 8    # the previous quarter
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from scheduler.errors import ConfigError

SHANGHAI = ZoneInfo("Asia/Shanghai")
CRON_FIELDS = ("second", "minute", "hour", "day", "month", "day_of_week")
DEFAULT_SCHEDULES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "daily": {"hour": "1"},
    "monthly": {"day": "1", "hour": "7"},
    "quarterly": {"month": "1,4,7,10", "day": "1", "hour": "8"},
})


@dataclass(frozen=True)
class DaemonConfig:
    """Times are seconds. `spread` is the share of the window over which the daily patrol's first
    pass is spread; the rest of the window is for accounts retried after a rate limit or a
    credential renewal."""

    window_s: float = 5 * 3600.0  # the daily patrol's window from its scheduled start (01:00-06:00)
    spread: float = 0.8
    grace_s: float = 12 * 3600.0  # a job missed by less than this runs once when the daemon is back
    batch_size: int = 50  # accounts of one platform crawled by one child process
    batch_timeout_s: float = 1800.0  # a batch's child still running then is stopped; its batch fails
    backoff_s: float = 60.0  # the first back-off after a platform's rate-limit signal; doubled up to the cap
    backoff_cap_s: float = 1800.0
    signal_retries: int = 2  # how often an account that met a rate-limit or session signal is crawled again
    credential_poll_s: float = 60.0  # how often an expired credential's files are looked at for a change
    stop_grace_s: float = 20.0  # on SIGTERM, how long a running batch may finish before it is aborted
    heartbeat_s: float = 10.0
    lock_stale_s: float = 60.0  # a lock whose holder has not beaten for this long is taken over
    log_dir: str = "var/log"
    schedules: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: DEFAULT_SCHEDULES)

    def trigger(self, schedule: str) -> CronTrigger:
        return CronTrigger(**self.schedules[schedule], timezone=SHANGHAI)


def split_tables(path: str, table: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """`[daemon]` as (its scalar keys, its schedule tables)."""
    if "schedules" in table:
        raise ConfigError(f"{path}: daemon.schedules: unknown key (schedules are [daemon.daily] and so on)")
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    return scalars, {k: v for k, v in table.items() if isinstance(v, dict)}


def checked(path: str, config: DaemonConfig, tables: Mapping[str, Any]) -> DaemonConfig:
    """`config` (its scalars read by the caller) with the schedule `tables`; refuses bad values."""
    for item in fields(config):
        value = getattr(config, item.name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
            raise ConfigError(f"{path}: daemon.{item.name}: must be positive")
    if config.spread > 1:
        raise ConfigError(f"{path}: daemon.spread: must be at most 1 (a share of the window)")
    schedules = dict(config.schedules)
    for name, table in tables.items():
        if name not in DEFAULT_SCHEDULES:
            raise ConfigError(f"{path}: daemon.{name}: unknown key")
        schedules[name] = _cron_table(path, f"daemon.{name}", table)
    return DaemonConfig(**{f.name: getattr(config, f.name) for f in fields(config) if f.name != "schedules"},
                        schedules=MappingProxyType(schedules))


def _cron_table(path: str, key: str, table: Any) -> Mapping[str, str]:
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{path}: {key}: expected a table of cron fields ({', '.join(CRON_FIELDS)})")
    cron: dict[str, str] = {}
    for name, value in table.items():
        if name not in CRON_FIELDS:
            raise ConfigError(f"{path}: {key}.{name}: unknown cron field (known: {', '.join(CRON_FIELDS)})")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ConfigError(f"{path}: {key}.{name}: expected a number or a cron expression")
        cron[name] = str(value)
        try:
            CronTrigger(**{name: cron[name]}, timezone=SHANGHAI)
        except ValueError as exc:
            raise ConfigError(f"{path}: {key}.{name}: {exc}") from exc
    return cron
