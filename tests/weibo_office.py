"""An office of one healthy Weibo account of a small simulated city, whose posts a test writes and
deletes through the simulator's admin endpoints (fixtures/simulator/publish.py)."""

from __future__ import annotations

import csv
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fixtures.simulator.process import SimulatorHandle, running_simulator
from tests.conftest import patrol_cli, write_config


@dataclass
class WeiboOffice:
    config: Path
    sim: SimulatorHandle
    uid: str  # the account's Weibo uid

    def publish(self, text: str) -> str:
        """A post of the account at the simulator's clock; its id."""
        return str(self._admin("POST", "/__sim/posts", {"account": self.uid, "text": text})["post_id"])

    def delete(self, post_id: str) -> None:
        self._admin("DELETE", f"/__sim/posts/{post_id}")

    def patrol(self, when: datetime) -> None:
        self.sim.set_as_of(when)
        patrol_cli(self.config, "run", "--as-of", when.isoformat())

    def cli_json(self, *args: str) -> Any:
        return json.loads(patrol_cli(self.config, *args, "--format", "json").stdout)

    def _admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.sim.base_url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())


@contextmanager
def weibo_office(directory: Path, start: datetime, config: str) -> Iterator[WeiboOffice]:
    """The office with its registry imported; `config` is appended to the simulator's config."""
    with running_simulator(directory / "sim", seed=5, accounts=40, as_of=start) as sim:
        chosen = next(a for a in sim.truth["accounts"] if a["platform"] == "微博" and a["expected_outcome"] == "ok"
                      and not a["late"]["7"])
        with open(sim.registry_path, encoding="utf-8-sig") as sheet:
            rows = [row for row in csv.DictReader(sheet) if row["名称"] == chosen["name"]]
        registry = directory / "office.csv"
        with open(registry, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        path = write_config(directory, sim.base_url)
        path.write_text(path.read_text("utf-8") + "\n" + config, encoding="utf-8")
        patrol_cli(path, "accounts", "import", str(registry))
        yield WeiboOffice(path, sim, rows[0]["平台ID"])
