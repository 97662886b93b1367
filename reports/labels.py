"""The Chinese words reports use for checks, outcomes, owner levels and ledger states, and their
times, which reports give in Asia/Shanghai (storage returns UTC)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.accounts import PLATFORM_LABELS

SHANGHAI = ZoneInfo("Asia/Shanghai")

CHECK_LABELS = {
    "update_gap": "内容更新不及时",
    "slow_reply": "互动回应差",
    "no_interaction": "无有效互动功能",
    "perfunctory_reply": "答复敷衍",
    "severe_error": "严重表述错误",
    "security": "安全问题",
    "typo": "错别字",
    "improper_wording": "表述不当",
    "ad": "发布商业广告",
}
OUTCOME_LABELS = {"pass": "合格", "fail": "不合格", "unverified": "未能核查"}
LEVEL_LABELS = {"city": "市级部门单位", "district": "市(县)区"}
KIND_LABELS = {"full": "全面检查", "special": "单项否决专项检查"}
LEDGER_LABELS = {"open": "未整改", "rectified": "已整改待复核", "closed": "已销号"}
ORDINALS = "一二三四五六七八九十"


def check_label(check: str) -> str:
    return CHECK_LABELS.get(check, check)


def account_label(name: str, platform: str) -> str:
    """``无锡交警(微博)``, as notices name an account."""
    return f"{name}({PLATFORM_LABELS.get(platform, platform)})"


def nth_failure(number: int) -> str:
    """``年内第二次检查不合格``."""
    count = ORDINALS[number - 1] if 1 <= number <= len(ORDINALS) else str(number)
    return f"年内第{count}次检查不合格"


def local_iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(SHANGHAI).isoformat()
