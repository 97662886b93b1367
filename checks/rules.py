"""Rule profiles: the windows, deadlines, veto items and points of an inspection scheme.

A profile is a TOML file (see ``checks/profiles/*.toml`` and the README). `load_profile`
accepts a shipped profile's name or a path to an office's own file and raises
`ProfileError` naming the file, the key and the reason for anything it cannot accept.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.findings import Severity

PROFILES_DIR = Path(__file__).with_name("profiles")
CHECKS = frozenset({"update_gap", "slow_reply", "no_interaction", "perfunctory_reply", "severe_error", "typo",
                    "improper_wording", "ad", "security", "still_online"})  # the names a profile may weigh


class ProfileError(ValueError):
    """A profile file that cannot be used; str() is one line: ``FILE: key: reason``."""

    def __init__(self, path: Path | str, key: str, reason: str) -> None:
        super().__init__(f"{path}: {key}: {reason}")
        self.path, self.key, self.reason = str(path), key, reason


@dataclass(frozen=True)
class Deduction:
    points: float
    cap: float | None = None  # the most one check may deduct in one period


@dataclass(frozen=True)
class Rules:
    """A loaded profile. Durations are whole days or hours as the profile states them."""

    name: str
    update_window_days: int = 7
    reposts_count_as_updates: bool = True
    reply_deadline_working_days: int | None = 5
    reply_deadline_hours: int | None = None
    lookback_days: int = 45
    no_interaction_min_posts: int = 3
    pass_score: float = 60.0
    full_score: float = 100.0
    veto: frozenset[str] = frozenset()
    deductions: Mapping[str, Deduction] = field(default_factory=dict)
    escalation: tuple[str, ...] = ("通报", "约谈", "关停")
    ledger_deadline_days: int = 15  # days after the period's end to rectify a failed account's problems

    def severity(self, check: str) -> Severity:
        """How the profile weighs a check: a veto item, a deduction, or a plain notice."""
        if check in self.veto:
            return "veto"
        if check in self.deductions:
            return "deduction"
        return "notice"


_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "": {"name": str, "description": str},
    "update": {"window_days": int, "reposts_count": bool},
    "interaction": {
        "reply_deadline_working_days": int,
        "reply_deadline_hours": int,
        "lookback_days": int,
        "no_interaction_min_posts": int,
    },
    "scoring": {"pass_score": (int, float), "full_score": (int, float), "veto": list, "deductions": dict},
    "escalation": {"ladder": list},
    "ledger": {"deadline_days": int},
}


def load_profile(name_or_path: str | Path) -> Rules:
    """Load a shipped profile by name (``jiangsu``, ``national``) or an office's TOML file."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = PROFILES_DIR / f"{name_or_path}.toml"
        if not path.is_file():
            shipped = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.toml")))
            raise ProfileError(name_or_path, "profile", f"no such profile (shipped: {shipped})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(path, "file", exc.strerror or str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "syntax", str(exc)) from exc
    return _rules_from(path, data)


def _rules_from(path: Path, data: dict[str, Any]) -> Rules:
    _validate(path, data)
    update, inter = data.get("update", {}), data.get("interaction", {})
    scoring, ladder = data.get("scoring", {}), data.get("escalation", {}).get("ladder")
    if "reply_deadline_working_days" in inter and "reply_deadline_hours" in inter:
        raise ProfileError(path, "interaction", "give reply_deadline_working_days or reply_deadline_hours, not both")
    hours = inter.get("reply_deadline_hours")
    days = None if hours is not None else inter.get("reply_deadline_working_days", 5)
    rules = Rules(
        name=data.get("name", path.stem),
        update_window_days=update.get("window_days", 7),
        reposts_count_as_updates=update.get("reposts_count", True),
        reply_deadline_working_days=days,
        reply_deadline_hours=hours,
        lookback_days=inter.get("lookback_days", 45),
        no_interaction_min_posts=inter.get("no_interaction_min_posts", 3),
        pass_score=float(scoring.get("pass_score", 60)),
        full_score=float(scoring.get("full_score", 100)),
        veto=frozenset(_check_names(path, "scoring.veto", scoring.get("veto", []))),
        deductions=_deductions(path, scoring.get("deductions", {})),
        escalation=Rules.escalation if ladder is None else tuple(_strings(path, "escalation.ladder", ladder)),
        ledger_deadline_days=data.get("ledger", {}).get("deadline_days", 15),
    )
    if not rules.escalation:
        raise ProfileError(path, "escalation.ladder", "must name at least one step")
    if both := sorted(rules.veto & set(rules.deductions)):
        raise ProfileError(path, f"scoring.deductions.{both[0]}", "is a veto item too; a check is one or the other")
    for key, value in (
        ("update.window_days", rules.update_window_days),
        ("ledger.deadline_days", rules.ledger_deadline_days),
        ("interaction.lookback_days", rules.lookback_days),
        ("interaction.reply_deadline", rules.reply_deadline_hours or rules.reply_deadline_working_days),
    ):
        if value is None or value <= 0:
            raise ProfileError(path, key, "must be a positive whole number")
    if not 0 <= rules.pass_score <= rules.full_score:
        raise ProfileError(path, "scoring.pass_score", "must lie between 0 and scoring.full_score")
    if rules.lookback_days < rules.update_window_days:
        raise ProfileError(path, "interaction.lookback_days", "must not be shorter than update.window_days")
    return rules


def _validate(path: Path, data: dict[str, Any]) -> None:
    for section, value in data.items():
        fields = _SCHEMA[""] if not isinstance(value, dict) else _SCHEMA.get(section)
        if fields is None:
            raise ProfileError(path, section, "unknown section")
        items = {section: value} if not isinstance(value, dict) else value
        prefix = "" if not isinstance(value, dict) else f"{section}."
        for key, item in items.items():
            expected = fields.get(key)
            if expected is None:
                raise ProfileError(path, prefix + key, "unknown key")
            if not isinstance(item, expected) or (isinstance(item, bool) and expected in (int, (int, float))):
                raise ProfileError(path, prefix + key, f"has the wrong type ({type(item).__name__})")


def _strings(path: Path, key: str, value: list[Any]) -> list[str]:
    if not all(isinstance(item, str) for item in value):
        raise ProfileError(path, key, "must be a list of strings")
    return value


def _check_names(path: Path, key: str, value: list[Any]) -> list[str]:
    for name in _strings(path, key, value):
        if name not in CHECKS:
            raise ProfileError(path, key, f"unknown check {name!r} (known: {', '.join(sorted(CHECKS))})")
    return value


def _deductions(path: Path, table: dict[str, Any]) -> dict[str, Deduction]:
    result = {}
    for check, spec in table.items():
        key = f"scoring.deductions.{check}"
        _check_names(path, key, [check])
        if not isinstance(spec, dict) or set(spec) - {"points", "cap"} or "points" not in spec:
            raise ProfileError(path, key, "must be a table {points = N, cap = N}")
        points, cap = spec["points"], spec.get("cap")
        if not isinstance(points, int | float) or points < 0 or (cap is not None and not isinstance(cap, int | float)):
            raise ProfileError(path, key, "points and cap must be non-negative numbers")
        result[check] = Deduction(float(points), None if cap is None else float(cap))
    return result
