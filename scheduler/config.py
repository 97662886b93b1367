"""Settings in one typed place: built-in defaults, then the TOML config file.

The file is ``--config FILE`` or ``$PATROL_CONFIG``; with neither, the defaults apply
(SQLite under ./var, the `jiangsu` profile, the real platform hosts). Keys:

    database_url = "sqlite:///var/patrol.db"     # any SQLAlchemy URL
    [rules]     profile = "jiangsu"               # shipped name or path to a TOML profile
                holidays = "DIR"                  # folder of holiday files (YEAR.txt) for new years
                dictionaries = ["FILE", ...]      # an office's content dictionaries and rosters
                cues = ["FILE", ...]              # an office's needs-an-answer cue words
    [crawl]     retries, max_pages, chromium, timeout_s (whole crawl), log_level
    [notice], [notify], [evidence]: see scheduler/report_config.py
    [platforms.weibo|wechat|douyin|kuaishou|toutiao|feed]
                base_url, concurrency, delay_s, timeout_s, cookie, token,
                rps, daily_requests, credentials (FILE), storage_state (FILE)
    [daemon]    see scheduler/daemon_config.py
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from crawler.settings import PlatformConfig, default_platforms
from scheduler.daemon_config import DaemonConfig, checked, split_tables
from scheduler.errors import ConfigError
from scheduler.report_config import EvidenceConfig, NoticeConfig, NotifyConfig, sections
from storage.db import DEFAULT_URL


@dataclass(frozen=True)
class CrawlConfig:
    retries: int = 2
    max_pages: int = 30
    chromium: str = "/usr/bin/chromium"
    timeout_s: float = 3600.0
    log_level: str = "WARNING"


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_URL
    profile: str = "jiangsu"
    holidays: str | None = None
    dictionaries: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    platforms: dict[str, PlatformConfig] = field(default_factory=default_platforms)
    daemon: DaemonConfig = field(default_factory=DaemonConfig)
    notice: NoticeConfig = field(default_factory=NoticeConfig)
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    evidence: EvidenceConfig = field(default_factory=EvidenceConfig)
    source: str = "(defaults)"


def load_config(path: str | None = None) -> Config:
    """Read the config file named by `path` or $PATROL_CONFIG; raise ConfigError naming file and key."""
    path = path or os.environ.get("PATROL_CONFIG")
    if not path:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: syntax: {exc}") from exc
    return _config_from(path, data)


def _config_from(path: str, data: dict[str, Any]) -> Config:
    known = {"database_url", "rules", "crawl", "platforms", "daemon", "notice", "notify", "evidence"}
    if unknown := sorted(set(data) - known):
        raise ConfigError(f"{path}: {unknown[0]}: unknown key")
    config = Config(source=path, **sections(path, data))
    if "database_url" in data:
        config = replace(config, database_url=_typed(path, "database_url", data["database_url"], str))
    rules = _table(path, "rules", data.get("rules", {}))
    if unknown := sorted(set(rules) - {"profile", "holidays", "dictionaries", "cues"}):
        raise ConfigError(f"{path}: rules.{unknown[0]}: unknown key")
    if "profile" in rules:
        config = replace(config, profile=_typed(path, "rules.profile", rules["profile"], str))
    if "holidays" in rules:
        config = replace(config, holidays=_typed(path, "rules.holidays", rules["holidays"], str))
    if "dictionaries" in rules:
        config = replace(config, dictionaries=_paths(path, "rules.dictionaries", rules["dictionaries"]))
    if "cues" in rules:
        config = replace(config, cues=_paths(path, "rules.cues", rules["cues"]))
    crawl = _dataclass_from(path, "crawl", CrawlConfig(), _table(path, "crawl", data.get("crawl", {})))
    platforms = dict(config.platforms)
    for name, table in _table(path, "platforms", data.get("platforms", {})).items():
        if name not in platforms:
            raise ConfigError(f"{path}: platforms.{name}: unknown platform (known: {', '.join(platforms)})")
        platforms[name] = _dataclass_from(path, f"platforms.{name}", platforms[name], _table(path, name, table))
    scalars, schedules = split_tables(path, _table(path, "daemon", data.get("daemon", {})))
    daemon = checked(path, _dataclass_from(path, "daemon", DaemonConfig(), scalars), schedules)
    return replace(config, crawl=crawl, platforms=platforms, daemon=daemon)


def _paths(path: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: {key}: expected a list of file paths")
    return tuple(value)


def _table(path: str, key: str, value: Any) -> dict[str, Any]:
    return _typed(path, key, value, dict)


def _typed(path: str, key: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{path}: {key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _dataclass_from(path: str, prefix: str, base: Any, table: dict[str, Any]) -> Any:
    types = {f.name: f.type for f in fields(base)}
    kinds = {"str": str, "int": int, "float": float}
    values = {}
    for key, value in table.items():
        if key not in types:
            raise ConfigError(f"{path}: {prefix}.{key}: unknown key")
        values[key] = _typed(path, f"{prefix}.{key}", value, kinds[str(types[key])])
    return replace(base, **values)
