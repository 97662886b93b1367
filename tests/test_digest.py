"""Alerts and the daily digest by mail, through apprise to a real SMTP server on 127.0.0.1 (aiosmtpd):
a patrol while the server is down records the failed deliveries, `patrol digest` sends them once it is
up, and the next patrol's digest carries only what is new."""

from __future__ import annotations

import email
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import SHANGHAI, patrol_cli
from tests.quarter_world import SPAM_TITLE
from tests.weibo_office import WeiboOffice, weibo_office

START = datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)


class Mailbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"


@dataclass
class Office:
    weibo: WeiboOffice
    port: int
    mailbox: Mailbox = field(default_factory=Mailbox)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.weibo.config.parent / "patrol.db")) as db:
            return db.execute(sql).fetchall()

    def findings(self) -> list[dict[str, Any]]:
        return list(self.weibo.cli_json("findings"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    port = _free_port()
    url = f"mailto://127.0.0.1:{port}?from=patrol@example.org&to=inspector@example.org"
    config = f'[notify]\nurls = ["{url}"]\nretries = 1\nretry_delay_s = 0\n[evidence]\nscreenshots = false\n'
    with weibo_office(tmp_path_factory.mktemp("digest"), START, config) as weibo:
        yield Office(weibo, port)


def _mails(messages: list[EmailMessage]) -> list[tuple[str, str]]:
    """(subject, plain-text body) of each message, lines ending in \\n."""
    return [(str(m["Subject"]), m.get_body(("plain",)).get_content().replace("\r\n", "\n"))  # type: ignore[union-attr]
            for m in messages]


def test_alerts_and_digest_are_kept_while_the_server_is_down_then_delivered(office: Office) -> None:
    office.weibo.publish("热烈庆祝中华人民共合国成立七十七周年。")  # a veto: an alert of its own
    office.weibo.publish(f"{SPAM_TITLE}\n关于开展安全检查的通知。")  # security: an alert
    office.weibo.publish("警钟常鸣，安全生产不放松。")  # a typo: in the digest
    office.weibo.patrol(START)  # nothing listens on the port yet
    findings = office.findings()
    alerts = [f for f in findings if f["severity"] == "veto" or f["check"] == "security"]
    digested = [f for f in findings if f not in alerts]
    assert {f["check"] for f in alerts} >= {"severe_error", "security"} and [f["check"] for f in digested] == ["typo"]
    deliveries = office.query("select attempts, sent_at, last_error from deliveries")
    assert len(deliveries) == len(alerts) + 1  # one target: an alert each, and one digest
    assert all(d[0] == 1 and d[1] is None and "Connection error" in d[2] for d in deliveries)

    dry = patrol_cli(office.weibo.config, "digest", "--dry-run").stdout
    assert dry.startswith("would queue 0 message(s)") and dry.count("would retry:") == len(deliveries)

    with closing(sqlite3.connect(office.weibo.config.parent / "patrol.db")) as db:  # as the daemon raises one
        db.execute("insert into alerts (key, kind, platform, message, raised_at) values (?, ?, ?, ?, ?)",
                   ("wechat:expired", "credential_expired", "wechat", "微信公众号后台凭据已失效，请重新登录",
                    "2026-03-02 02:30:00.000000"))
        db.commit()
    controller = Controller(office.mailbox, hostname="127.0.0.1", port=office.port)
    controller.start()
    try:
        sent = patrol_cli(office.weibo.config, "digest").stdout
    finally:
        controller.stop()
    assert sent.startswith("queued 1 message(s)") and f"sent {len(deliveries) + 1} deliveries" in sent
    mails = _mails(office.mailbox.messages)
    assert len(mails) == len(deliveries) + 1
    [operator] = [b for s, b in mails if s == "【系统告警】credential_expired（wechat）"]
    assert operator.startswith("微信公众号后台凭据已失效") and "10:30" in operator
    assert office.query("select sent_at is not null from alerts") == [(1,)]
    [digest] = [body for subject, body in mails if subject.startswith("政务新媒体巡查日报 2026-03-02")]
    owner = str(office.query("select owner_org from accounts")[0][0])
    assert f"【扣分项】\n{owner}\n" in digest and f"（编号 {digested[0]['id']}）" in digest and "错别字" in digest
    assert all(f"（编号 {a['id']}）" not in digest for a in alerts)
    for alert in alerts:
        [body] = [b for s, b in mails if f"编号：{alert['id']}（" in b]
        assert alert["message"] in body
    security = next(b for s, b in mails if s.startswith("【安全告警】"))
    assert SPAM_TITLE in security and "patrol evidence" in security
    assert office.query("select count(*) from deliveries where sent_at is null") == [(0,)]


def test_the_next_digest_carries_only_what_is_new(office: Office) -> None:
    before = len(office.mailbox.messages)
    told = {f["id"] for f in office.findings()}
    office.weibo.publish("攻府办公室提醒市民注意防汛。")  # a new typo
    controller = Controller(office.mailbox, hostname="127.0.0.1", port=office.port)
    controller.start()
    try:
        office.weibo.patrol(START + timedelta(days=1))
    finally:
        controller.stop()
    new = [f for f in office.findings() if f["id"] not in told]
    assert [f["check"] for f in new if f["severity"] != "veto"] == ["typo"]
    mails = _mails(office.mailbox.messages[before:])
    [digest] = [b for s, b in mails if s.startswith("政务新媒体巡查日报 2026-03-03：新发现问题 1 条")]
    assert "攻府" in digest and all(f"（编号 {i}）" not in digest for i in told)
    assert len(mails) == len(new)  # the digest, and an alert for each new veto finding
