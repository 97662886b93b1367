"""A platform's back-off after its rate-limit signal: doubling from `base_s` up to `cap_s`,
cleared by a batch that met no signal."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class Backoff:
    base_s: float
    cap_s: float
    current_s: float = 0.0  # 0: not backing off
    until: float = 0.0  # time.monotonic() when sending may resume
    hits: int = 0  # signals met in all

    def hit(self) -> float:
        """Another rate-limit signal: back off (twice as long as last time, up to the cap); the wait."""
        self.current_s = min(self.cap_s, self.current_s * 2 if self.current_s else self.base_s)
        self.until = time.monotonic() + self.current_s
        self.hits += 1
        return self.current_s

    def clear(self) -> None:
        self.current_s = 0.0

    def remaining_s(self) -> float:
        return max(0.0, self.until - time.monotonic())
