"""The second half of 2021 of a small office, patrolled daily (tests/year_world.py) and checked as
an office does: the third quarter, the October and November special checks, the fourth quarter.

What happens (Jiangsu profile):
无锡发布, 无锡应急 (city level), 惠山发布: clean all year (惠山旧号 is closed; 锡山发布 is never verified).
梁溪发布: no update for weeks in August and in December: fails Q3 and Q4 (its second failure).
滨湖公安: a question of 12 October left unanswered: fails the October special check and Q4.
梁溪城管: ten typos and three ads in November: fails Q4 on points alone (50).
滨湖发布: a severe error on 3 November (deleted on 10 November): fails November and Q4.
新吴发布: comments switched off 1-25 December: fails Q4.
新吴城管: two typos and an ad in October: several problems, 14 points, passes.
HOSTILE (经开区): its name is a spreadsheet formula with HTML in it, and on 20 October its page title was
hijacked by the spam of a real case: fails October (security) and Q4.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

from scheduler.cli import main
from tests.year_world import Extra, Plan, YearDriver, d, days

# The hijacked title of the Wuxi government page that published the 2021 Q4 notice (a real security
# case, from the page as captured on the office's public website; quoted here as test data).
SPAM_TITLE = "亚洲春色无码在线观看_午夜av在线播放不卡_欧美 国产 日韩 人妖_亚洲无码2021"
HOSTILE = '=HYPERLINK("http://x.example","点我")<img src=x onerror=alert(1)>经开发布'

PLANS = (
    Plan("无锡发布", "wechat", "市级", "无锡市人民政府新闻办公室"),
    Plan("无锡应急", "weibo", "市级", "无锡市应急管理局"),
    Plan("梁溪发布", "weibo", "梁溪区", "梁溪区人民政府", gaps=((d(8, 9), d(8, 27)), (d(12, 5), d(12, 21)))),
    Plan("滨湖公安", "douyin", "滨湖区", "无锡市公安局滨湖分局",
         extras=(Extra(d(10, 12), "居住证办理指南。", question="请问居住证要多久才能办好？"),)),
    Plan("梁溪城管", "weibo", "梁溪区", "梁溪区城市管理局",
         extras=(*(Extra(d(11, i), f"警钟常鸣，第{i}次安全检查。",
                         corrected=(d(11, 20), f"警钟长鸣，第{i}次安全检查。")) for i in range(1, 11)),
                 *(Extra(d(11, i), f"城市管理宣传活动第{i}场。", ad=True) for i in (12, 14, 16)))),
    Plan("滨湖发布", "wechat", "滨湖区", "滨湖区人民政府",
         extras=(Extra(d(11, 3), "热烈庆祝中华人民共合国成立。", deleted=d(11, 10)),)),
    Plan("新吴发布", "weibo", "新吴区", "新吴区人民政府", comments_off=(d(12, 1), d(12, 26))),
    Plan("新吴城管", "wechat", "新吴区", "新吴区城市管理局",
         extras=(Extra(d(10, 8), "警钟常鸣，第一次检查。"), Extra(d(10, 9), "警钟常鸣，第二次检查。"),
                 Extra(d(10, 10), "城管宣传活动。", ad=True))),
    Plan("惠山发布", "wechat", "惠山区", "惠山区人民政府"),
    Plan(HOSTILE, "toutiao", "经开区", "经开区管理委员会",
         extras=(Extra(d(10, 20), f"{SPAM_TITLE}\n关于开展安全检查的通知。", deleted=d(10, 22)),)),
    Plan("惠山旧号", "weibo", "惠山区", "惠山区人民政府", status="closed"),
    Plan("锡山发布", "weibo", "锡山区", "锡山区人民政府", blocked=True),
)
CHECKS = {(10, 1): ("--period", "2021Q3"), (11, 1): ("--period", "2021-10", "--special"),
          (12, 1): ("--period", "2021-11", "--special")}


class Quarter:
    """The office's database after 31 December, Q4 inspected; the CLI run on it in-process."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.config = directory / "patrol.toml"
        self.config.write_text(f'database_url = "sqlite:///{directory}/patrol.db"\n[rules]\nprofile = "jiangsu"\n'
                               '[notice]\nissuer = "无锡市人民政府办公室"\n'
                               'addressees = "各市(县)、区人民政府，市各有关部门和单位"\n', encoding="utf-8")
        self.database = directory / "patrol.db"
        driver = YearDriver(str(self.config), PLANS)
        try:
            for when in days(d(7, 1), d(12, 31)):
                driver.patrol(when)
                if (when.month, when.day) in CHECKS:
                    self.cli("inspect", *CHECKS[when.month, when.day])
            self.cli("inspect", "--period", "2021Q4")
        finally:
            driver.database.dispose()

    def cli(self, *args: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--config", str(self.config), *args])
        assert code == 0, args
        return out.getvalue()

    def json(self, *args: str) -> Any:
        return json.loads(self.cli(*args, "--format", "json"))
