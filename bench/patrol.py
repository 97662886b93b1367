"""Patrol throughput against the simulator, beside plain Scrapy fetching the same URLs.

    python bench/patrol.py [--accounts 461 6000] [--seed 1]

For each size: start the simulator with a request log, import its registry, run one
patrol through the CLI (timed; peak memory of the whole process tree, Chromium included,
sampled every 100 ms, as PSS: a page shared by several processes is split among them, not counted
once per process as RSS would), then fetch every URL the patrol requested with a bare Scrapy
spider (bench/plain_scrapy.py: no parsing, no storage) at the patrol's total concurrency.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtures.simulator.process import running_simulator  # noqa: E402
from scheduler.demo import simulator_config  # noqa: E402

AS_OF = "2026-11-26T09:00:00"
CONCURRENCY = 8 + 8 + 2 + 8  # weibo, wechat, douyin, feed in scheduler.demo.simulator_config


def measured(command: list[str]) -> tuple[float, float, str]:
    """Run `command`; its wall seconds, peak PSS (MiB) of its process tree, and stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_full_info().pss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    out = proc.stdout.read() if proc.stdout else ""
    return time.perf_counter() - started, peak / 2**20, out


def bench(accounts: int, seed: int, work: Path) -> dict[str, Any]:
    log = work / "requests.log"
    with running_simulator(work / "sim", seed=seed, accounts=accounts, as_of=AS_OF,
                           extra_args=("--slow-seconds", "6", "--access-log", str(log)), timeout=120) as sim:
        config = work / "patrol.toml"
        config.write_text(simulator_config(sim.base_url, f"sqlite:///{work}/patrol.db", timeout_s=4)
                          .replace("[crawl]\nretries = 1", "[crawl]\nretries = 1\nlog_level = \"ERROR\""))
        cli = [sys.executable, "-m", "scheduler.cli", "--config", str(config)]
        subprocess.run([*cli, "accounts", "import", str(sim.registry_path)], check=True, capture_output=True)
        log.write_text("")
        seconds, pss, out = measured([*cli, "run", "--as-of", AS_OF, "--format", "json"])
        summary = json.loads(out)
        urls = [sim.base_url + line.split(" ")[1] for line in log.read_text().splitlines() if line.startswith("GET ")]
        (work / "urls.txt").write_text("\n".join(urls))
        base_seconds, base_pss, base_out = measured(
            [sys.executable, str(ROOT / "bench/plain_scrapy.py"), str(work / "urls.txt"),
             "--concurrency", str(CONCURRENCY)])
    return {"accounts": summary["accounts"], "verified": summary["verified"], "rounds": summary["crawl_rounds"],
            "unverified": {k: len(v) for k, v in summary["unverified"].items()}, "requests": len(urls),
            "seconds": seconds, "pss": pss, "base_seconds": json.loads(base_out)["seconds"], "base_total": base_seconds,
            "base_pss": base_pss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, nargs="+", default=[461, 6000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{'accounts':>8} {'run':<12} {'seconds':>8} {'accounts/s':>10} {'requests':>8} {'requests/s':>10} "
          f"{'peak PSS MiB':>12}")
    for accounts in args.accounts:
        with tempfile.TemporaryDirectory(prefix="patrol-bench-") as tmp:
            r = bench(accounts, args.seed, Path(tmp))
        n = r["accounts"]
        print(f"{n:>8} {'patrol':<12} {r['seconds']:>8.1f} {n / r['seconds']:>10.1f} {r['requests']:>8} "
              f"{r['requests'] / r['seconds']:>10.1f} {r['pss']:>12.0f}  verified {r['verified']}, "
              f"crawl rounds {r['rounds']}, unverified {r['unverified']}")
        print(f"{n:>8} {'plain scrapy':<12} {r['base_seconds']:>8.1f} {n / r['base_seconds']:>10.1f} "
              f"{r['requests']:>8} {r['requests'] / r['base_seconds']:>10.1f} {r['base_pss']:>12.0f}", flush=True)


if __name__ == "__main__":
    main()
