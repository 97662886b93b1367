"""`make demo`: one patrol of a simulated city, end to end, on the embedded default (SQLite).

Starts the platform simulator on 127.0.0.1, writes a config pointing every platform at it,
imports the simulator's registry sheet, runs a patrol and prints the findings table. Data
goes under ./var/demo (the database is made anew each time).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fixtures.simulator.process import running_simulator
from scheduler.cli import main as patrol

DEMO_DIR = Path("var/demo")


def simulator_config(base_url: str, database_url: str, *, profile: str = "jiangsu", timeout_s: float = 10) -> str:
    """A config (TOML text) that sends every platform to the simulator at `base_url`."""
    platforms = "\n".join(
        f'[platforms.{name}]\nbase_url = "{base_url}"\nconcurrency = {concurrency}\ntimeout_s = {timeout_s}\n'
        + ('token = "simulated-back-office-token"\n' if name == "wechat" else "")
        for name, concurrency in (("weibo", 8), ("wechat", 8), ("douyin", 2), ("feed", 8))
    )
    return f'database_url = "{database_url}"\n[rules]\nprofile = "{profile}"\n[crawl]\nretries = 1\n\n{platforms}'


def main() -> int:
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    for stale in DEMO_DIR.glob("patrol.db*"):
        stale.unlink()
    print("starting the platform simulator (461 accounts of a city) ...", flush=True)
    with running_simulator(DEMO_DIR / "simulator", accounts=461) as sim:
        config = DEMO_DIR / "patrol.toml"
        config.write_text(simulator_config(sim.base_url, f"sqlite:///{DEMO_DIR / 'patrol.db'}"), encoding="utf-8")
        steps = (
            ["accounts", "import", str(sim.registry_path)],
            ["run", "--as-of", sim.truth["as_of"]],
            ["findings"],
        )
        for step in steps:
            print(f"\n$ patrol --config {config} {' '.join(step)}", flush=True)
            if code := patrol(["--config", str(config), *step]):
                return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
