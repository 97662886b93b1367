"""Each platform's credential as configured: inline `cookie` and `token`, a `credentials` file
(TOML with `cookie` and `token`), a Playwright `storage_state` file (the browser context of a
logged-in session; its cookies become the Cookie header of plain requests when none is given).

The files are read whenever a crawl starts, so a renewed credential is used without a restart.
A credential's fingerprint digests everything it consists of: a changed file is a new credential
(with a budget of its own). A file that cannot be read is bad input naming the file and key.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from crawler.settings import PlatformConfig
from scheduler.config import Config
from scheduler.errors import ConfigError


@dataclass(frozen=True)
class Credential:
    platform: str
    config: PlatformConfig  # with `cookie` and `token` read from the files
    fingerprint: str  # "" when the platform has no credential at all

    @property
    def budget_key(self) -> str:
        """The name its requests are counted under (see `crawler.settings.Budget`)."""
        return f"{self.platform}:{self.fingerprint[:16] or 'none'}"


def resolve_all(config: Config) -> dict[str, Credential]:
    return {name: resolve(config.source, name, platform) for name, platform in config.platforms.items()}


def resolve(source: str, platform: str, config: PlatformConfig) -> Credential:
    """The platform's credential read from its files now (`source` is the config file, for errors)."""
    cookie, token, parts = config.cookie, config.token, [config.cookie, config.token]
    if config.credentials:
        key = f"platforms.{platform}.credentials"
        text = _read(source, key, config.credentials)
        values = _credentials_file(source, key, config.credentials, text)
        cookie, token = values.get("cookie", cookie), values.get("token", token)
        parts.append(text)
    if config.storage_state:
        text = _read(source, f"platforms.{platform}.storage_state", config.storage_state)
        cookie = cookie or _state_cookie(source, platform, config.storage_state, text)
        parts.append(text)
    fingerprint = hashlib.sha256("\x00".join(parts).encode()).hexdigest() if any(parts) else ""
    return Credential(platform, replace(config, cookie=cookie, token=token), fingerprint)


def _read(source: str, key: str, path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{source}: {key}: cannot read {path}: {reason}") from exc


def _credentials_file(source: str, key: str, path: str, text: str) -> dict[str, str]:
    try:
        values: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: {key}: {path}: syntax: {exc}") from exc
    for name, value in values.items():
        if name not in ("cookie", "token") or not isinstance(value, str):
            raise ConfigError(f"{source}: {key}: {path}: {name}: expected cookie or token, as text")
    return values


def _state_cookie(source: str, platform: str, path: str, text: str) -> str:
    try:
        cookies: Any = json.loads(text).get("cookies", [])
        return "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    except (ValueError, AttributeError, KeyError, TypeError) as exc:
        raise ConfigError(f"{source}: platforms.{platform}.storage_state: {path}: not a Playwright storage "
                          f"state (JSON with cookies[].name and .value): {exc}") from exc
