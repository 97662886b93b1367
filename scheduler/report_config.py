"""The config sections of what reaches inspectors: `[notice]`, `[notify]` and `[evidence]`.

    [notice]    issuer = "无锡市人民政府办公室"          # who signs the quarterly notice
                addressees = "各地区、各部门"             # whom it is addressed to
                dir = "DIR"            # where the daemon writes each quarter's draft (default: beside the database)
    [notify]    urls = ["mailtos://...", "dingtalk://...", "wecombot://...", "feishu://..."]   # apprise URLs
                retries = 2            # immediate retries of a failed delivery (later runs retry it again)
                retry_delay_s = 5.0
    [evidence]  dir = "DIR"            # raw responses and screenshots (default: beside the SQLite database)
                keep_days = 30         # raw responses no finding points at are pruned after this many days
                screenshots = true     # a PNG of the post for veto findings
                screenshots_per_patrol = 200   # at most this many taken after one patrol; the rest later

`sections(path, data)` reads them from a parsed config file, raising ConfigError naming file and key.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from scheduler.errors import ConfigError


@dataclass(frozen=True)
class NoticeConfig:
    issuer: str = ""
    addressees: str = "各地区、各部门"
    dir: str = ""  # empty: `notice_dir` decides


@dataclass(frozen=True)
class NotifyConfig:
    urls: tuple[str, ...] = ()
    retries: int = 2
    retry_delay_s: float = 5.0


@dataclass(frozen=True)
class EvidenceConfig:
    dir: str = ""  # empty: `evidence_dir` decides
    keep_days: int = 30
    screenshots: bool = True
    screenshots_per_patrol: int = 200


SECTIONS = {"notice": NoticeConfig, "notify": NotifyConfig, "evidence": EvidenceConfig}


def sections(path: str, data: dict[str, Any]) -> dict[str, Any]:
    """The three sections of the parsed file `data` (defaults for those absent), by section name."""
    return {name: _section(path, name, kind(), data.get(name, {})) for name, kind in SECTIONS.items()}


def evidence_dir(evidence: EvidenceConfig, database_url: str) -> Path:
    """Where evidence is kept: the configured folder, else ``evidence/`` beside a SQLite database file,
    else var/evidence."""
    return _beside_database(evidence.dir, database_url, "evidence")


def notice_dir(notice: NoticeConfig, database_url: str) -> Path:
    """Where the daemon writes the quarterly notices: the configured folder, else ``notices/`` beside a
    SQLite database file, else var/notices."""
    return _beside_database(notice.dir, database_url, "notices")


def _beside_database(configured: str, database_url: str, name: str) -> Path:
    if configured:
        return Path(configured)
    prefix = "sqlite:///"
    if database_url.startswith(prefix) and database_url[len(prefix):] not in ("", ":memory:"):
        return Path(database_url[len(prefix):]).parent / name
    return Path("var") / name


def _section(path: str, name: str, base: Any, table: Any) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {name}: expected a table")
    kinds = {f.name: f.type for f in fields(base)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = f"{path}: {name}.{key}"
        kind = kinds.get(key)
        if kind is None:
            raise ConfigError(f"{where}: unknown key")
        if kind == "tuple[str, ...]":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ConfigError(f"{where}: expected a list of non-empty strings")
            value = tuple(value)
        elif kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        elif not isinstance(value, {"str": str, "int": int, "float": float, "bool": bool}[str(kind)]) or (
                kind == "int" and isinstance(value, bool)):
            raise ConfigError(f"{where}: expected {kind}, got {type(value).__name__}")
        if kind in ("int", "float") and value < 0:
            raise ConfigError(f"{where}: must not be negative")
        values[key] = value
    if name == "evidence" and values.get("keep_days") == 0:
        raise ConfigError(f"{path}: evidence.keep_days: must be at least 1")
    return replace(base, **values)
