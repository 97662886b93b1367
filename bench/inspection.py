"""`patrol inspect` over a province-sized registry with a year of findings, built directly in storage.

    python bench/inspection.py [--accounts 6000] [--seed 1] [--keep DIR]

Builds a SQLite database of ACCOUNTS accounts (2% closed, 1% cancelled, 0.5% never verified) with
365 daily patrol runs and their fetch outcomes (about 2% not verified on a given day), and a year
of findings as daily patrols leave them: update gaps and comments switched off as spells of days;
unanswered questions, perfunctory replies, typos, improper wording, ads, severe errors and defaced
posts as events seen for a while; some resolved and seen again (two spells), a few dismissed. The
first three quarters are inspected in-process (so the fourth has a previous quarter, a year so far
and a ledger carry-over); the monthly special checks of October and November too. Then
``patrol inspect --period 2021Q4`` runs through the CLI as a user would, and is timed: wall time of
the command (Python start and imports included) and, in-process, computing and storing the verdicts
and building the report.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent  # run as a script, this file would shadow the standard `inspect`
sys.path[:] = [str(HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != HERE)]

import argparse  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from sqlalchemy import insert, select  # noqa: E402

from checks.period import parse_period  # noqa: E402
from checks.rules import load_profile  # noqa: E402
from reports.inspection import inspection_report  # noqa: E402
from scheduler.inspect import run_inspection  # noqa: E402
from storage.accounts import AccountRecord, upsert_accounts  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.inspections import find_inspection  # noqa: E402
from storage.models import Account, FetchAttempt, Finding, FindingSpell, PatrolRun  # noqa: E402

SH = ZoneInfo("Asia/Shanghai")
YEAR_START = datetime(2021, 1, 1, 9, tzinfo=SH)
DAYS = 365
PLATFORMS = (("wechat", 0.70), ("weibo", 0.18), ("douyin", 0.05), ("kuaishou", 0.02), ("toutiao", 0.02),
             ("app", 0.02), ("website", 0.01))
DISTRICTS = ("市级", "梁溪区", "锡山区", "惠山区", "滨湖区", "新吴区", "江阴市", "宜兴市", "经开区", "玄武区", "秦淮区",
             "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区", "六合区", "溧水区", "高淳区")
# check: (share of accounts with it, occurrences a year at most, ongoing, days seen at most)
PROBLEMS = {
    "update_gap": (0.15, 4, True, 30), "no_interaction": (0.02, 1, True, 120), "slow_reply": (0.20, 8, False, 20),
    "perfunctory_reply": (0.15, 4, False, 10), "typo": (0.50, 12, False, 45), "improper_wording": (0.20, 4, False, 45),
    "ad": (0.03, 3, False, 45), "severe_error": (0.005, 1, False, 45), "security": (0.001, 1, False, 10),
}


def build(database: Database, accounts: int, rng: random.Random) -> dict[str, int]:
    """The registry, a year of patrol runs and fetch outcomes, and a year of findings."""
    records = [AccountRecord(name=f"账号{i:05d}", platform=_choose(rng, PLATFORMS), source_key=str(i),
                             platform_id=str(i), owner_org=f"{rng.choice(DISTRICTS)}单位{rng.randrange(30):02d}",
                             district=rng.choice(DISTRICTS),
                             status=rng.choices(("active", "closed", "cancelled"), (97, 2, 1))[0])
               for i in range(accounts)]
    with database.session() as session:
        upsert_accounts(session, records, now=YEAR_START)
        active = list(session.scalars(select(Account.id).where(Account.status == "active")))
    never = set(rng.sample(active, max(1, len(active) // 200)))
    attempts = _patrols(database, active, never, rng)
    findings, spells = _findings(database, [a for a in active if a not in never], rng)
    return {"accounts": accounts, "active": len(active), "runs": DAYS, "fetch_attempts": attempts,
            "findings": findings, "closed_spells": spells}


def _choose(rng: random.Random, shares: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([name for name, _ in shares], [share for _, share in shares])[0]


def _patrols(database: Database, active: list[int], never: set[int], rng: random.Random) -> int:
    """365 daily runs; each active account's outcome of each (through the DB-API: 2 million rows)."""
    column = FetchAttempt.__table__.c.started_at
    stamp = column.type.bind_processor(database.engine.dialect)
    assert stamp is not None
    with database.session() as session:
        runs = []
        for day in range(DAYS):
            when = YEAR_START + timedelta(days=day)
            runs.append(PatrolRun(kind="patrol", as_of=when, profile="jiangsu", started_at=when, finished_at=when))
        session.add_all(runs)
        session.flush()
        run_times = [(run.id, stamp(run.as_of)) for run in runs]
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        count = 0
        for run_id, when in run_times:
            rows = [(run_id, a, when, when, "blocked" if a in never or rng.random() < 0.02 else "ok", "", 1, 0, 0)
                    for a in active]
            cursor.executemany("INSERT INTO fetch_attempts (run_id, account_id, started_at, finished_at, outcome,"
                               " message, requests, threads_read, threads_skipped) VALUES (?,?,?,?,?,?,?,?,?)", rows)
            count += len(rows)
        raw.commit()
    finally:
        raw.close()
    return count


def _findings(database: Database, verified: list[int], rng: random.Random) -> tuple[int, int]:
    rows, spell_rows = [], []
    for account_id in verified:
        for check, (share, most, ongoing, longest) in PROBLEMS.items():
            if rng.random() >= share:
                continue
            for n in range(rng.randint(1, most)):
                rows.append(_finding(account_id, check, n, ongoing, longest, rng))
    with database.session() as session:
        ids = []
        for chunk in _chunks(rows, 5000):
            found = session.execute(insert(Finding).returning(Finding.id), [r for r, _ in chunk]).scalars().all()
            ids.extend(found)
        for finding_id, (_, closed) in zip(ids, rows, strict=True):
            spell_rows += [{"finding_id": finding_id, "first_seen": a, "last_seen": b} for a, b in closed]
        for chunk in _chunks(spell_rows, 5000):
            session.execute(insert(FindingSpell), chunk)
    return len(rows), len(spell_rows)


def _finding(account_id: int, check: str, n: int, ongoing: bool, longest: int,
             rng: random.Random) -> tuple[dict[str, Any], list[tuple[datetime, datetime]]]:
    """One finding row and its closed spells: seen daily for a while, maybe resolved and seen again."""
    start = rng.randrange(DAYS)
    spells = [(start, min(DAYS - 1, start + rng.randint(8 if ongoing else 0, longest)))]
    if rng.random() < 0.05 and spells[0][1] + 10 < DAYS - 1:
        again = rng.randint(spells[0][1] + 5, DAYS - 1)
        spells.append((again, min(DAYS - 1, again + rng.randint(0, longest))))
    day = [YEAR_START + timedelta(days=d) for d in range(DAYS)]
    last_start, last_end = spells[-1]
    resolved = last_end < DAYS - 1 or rng.random() < 0.5
    status = "dismissed" if rng.random() < 0.03 else "resolved" if resolved else "open"
    closed = spells if status == "resolved" else spells[:-1]
    row = {
        "account_id": account_id, "check": check, "key": f"{check}:{n}", "severity": "veto", "message": f"{check} {n}",
        "rule": "bench", "evidence": {}, "status": status, "first_seen": day[spells[0][0]],
        "last_seen": day[last_end], "opened_at": day[last_start],
        "times_seen": sum(b - a + 1 for a, b in spells),
        "resolved_at": day[min(DAYS - 1, last_end + 1)] if status == "resolved" else None,
    }
    return row, [(day[a], day[b]) for a, b in closed]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-inspect-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for stale in work.glob("patrol.db*"):
            stale.unlink()
        url = f"sqlite:///{work}/patrol.db"
        database = Database(url)
        database.upgrade()
        started = time.perf_counter()
        sizes = build(database, args.accounts, random.Random(args.seed))
        print(f"built in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
        rules = load_profile("jiangsu")
        for label, special in (("2021Q1", False), ("2021Q2", False), ("2021Q3", False), ("2021-10", True),
                               ("2021-11", True)):
            started = time.perf_counter()
            with database.session() as session:
                run_inspection(session, rules, parse_period(label), special=special,
                               computed_at=datetime(2022, 1, 5, tzinfo=SH))
            print(f"inspect {label}{' --special' if special else ''} (in-process): "
                  f"{time.perf_counter() - started:.2f} s")
        config = work / "patrol.toml"
        config.write_text(f'database_url = "{url}"\n[rules]\nprofile = "jiangsu"\n', encoding="utf-8")
        cli = [sys.executable, "-m", "scheduler.cli", "--config", str(config), "inspect", "--period", "2021Q4"]
        timings = {}
        for name, extra in (("inspect --period 2021Q4", ()), ("inspect --period 2021Q4 --stored", ("--stored",)),
                            ("inspect --period 2021Q4 --format json", ("--format", "json"))):
            started = time.perf_counter()
            done = subprocess.run([*cli, *extra], capture_output=True, text=True, cwd=HERE.parent)
            timings[name] = time.perf_counter() - started
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
        for name, seconds in timings.items():
            print(f"patrol {name} (CLI, wall, Python start included): {seconds:.2f} s")
        started = time.perf_counter()
        with database.session() as session:
            inspection_id = run_inspection(session, rules, parse_period("2021Q4"), special=False,
                                           computed_at=datetime(2022, 1, 5, tzinfo=SH))
        computed = time.perf_counter() - started
        with database.session() as session:
            inspection = find_inspection(session, "2021Q4", "full", "jiangsu")
            assert inspection is not None and inspection.id == inspection_id
            report = inspection_report(session, inspection)
        reported = time.perf_counter() - started - computed
        print(f"in-process: verdicts computed and stored {computed:.2f} s, report built {reported:.2f} s; "
              f"checked {report['checked']:,}, failed {report['failed']:,}, rate {report['rate']}%, "
              f"change {report['change_pp']} pp, carry-over: {report['carryover']['items']:,} items unfixed, "
              f"{report['carryover']['rectified']:,} rectified")
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
