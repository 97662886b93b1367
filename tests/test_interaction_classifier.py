"""The needs-an-answer classifier, the filler test of replies, and the word-list files."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.interaction import CommentClassifier, DataFileError, Judgement
from checks.interaction.datafiles import read_cue_file, read_word_list


@pytest.fixture(scope="module")
def classifier() -> CommentClassifier:
    return CommentClassifier.load()


NEEDS_ANSWER = [
    "请问下周一社保大厅几点开门？",  # question
    "驾照过期半年了还能换吗",  # question without a question mark
    "怎么在网上预约办理港澳通行证",  # how-to
    "麻烦把这次招聘的报名表发一下",  # request
    "我家楼下的污水井冒水好几天了，一直没人处理",  # complaint without a question mark
    "投诉：某某培训机构收了学费就关门",  # complaint
    "咨询一下，异地医保报销需要哪些材料",  # consultation
    "建议在医院门口增设出租车停靠点",  # suggestion
    "辛苦了！不过我们小区什么时候恢复供水？",  # praise, then a question
    "已转发，想问下老年人乘车卡在哪里办理",  # 转发, then a question
    "感谢回复，但是电话还是打不通",  # thanks, then a complaint
    "回复@城市服务:那我明天还要再去一趟吗？",  # Weibo reply prefix
    "[赞][赞] 请问活动几点开始",  # emoticons, then a question
]

NEEDS_NONE = [
    "为我们的城管队员点赞",  # praise
    "这样的好干部越多越好",  # praise
    "谢谢你们，问题已经解决了",  # thanks
    "👍👍👍",  # emoji
    "[抱拳][抱拳]",  # platform emoticons only
    "？？？",  # punctuation only
    "转发",  # ritual
    "打卡第100天",  # ritual
    "支持",  # one-word support
    "加油！",  # one-word support
    "还有比这更暖心的举动吗？",  # rhetorical praise with a question mark
    "这是什么神仙单位啊？",  # rhetorical praise
    "@张三 快来看",  # a mention only
]


@pytest.mark.parametrize("text", NEEDS_ANSWER)
def test_questions_requests_complaints_and_consultations_need_an_answer(
    classifier: CommentClassifier, text: str
) -> None:
    judgement = classifier.judge(text)
    assert judgement.needs_answer, judgement


@pytest.mark.parametrize("text", NEEDS_NONE)
def test_praise_thanks_emoji_rituals_and_support_need_none(classifier: CommentClassifier, text: str) -> None:
    judgement = classifier.judge(text)
    assert not judgement.needs_answer, judgement


def test_a_judgement_names_its_cues(classifier: CommentClassifier) -> None:
    judgement = classifier.judge("点赞！请问在哪里报名？")
    assert judgement.needs_answer
    assert "点赞" in judgement.cues and "请问" in judgement.cues


def test_cue_words_found_inside_longer_words(classifier: CommentClassifier) -> None:
    assert classifier.needs_answer("物业乱收停车费，投诉无门")


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("户口本是要原件还是复印件", "是…还是"),  # a choice
        ("办下来要跑几趟", "几趟"),  # 几 asking a number
        ("新的服务点搬到哪了", "哪"),  # 哪 asking where
        ("电梯停了三天了", "三天了"),  # how long a problem has lasted
        ("我家的信箱被人撬了", "被人"),  # done to the writer by others
    ],
)
def test_questions_and_complaints_told_by_their_form(classifier: CommentClassifier, text: str, form: str) -> None:
    judgement = classifier.judge(text)
    assert judgement.needs_answer and form in judgement.cues, judgement


@pytest.mark.parametrize(
    "text",
    [
        "前几天去过一次，人挺多",  # 几 as "a few"
        "十几年没回来了，变化真大",
        "哪怕下雨也要去看看",  # 哪怕: even if
        "还是家乡的菜好吃",  # 还是 without a 是 before it: no choice
    ],
)
def test_statements_that_only_look_like_those_forms_have_no_cue(classifier: CommentClassifier, text: str) -> None:
    assert classifier.judge(text) == Judgement(False, 0.0, 0.0, ())


def test_a_question_mark_outweighs_thanks_and_rituals_but_not_praise(classifier: CommentClassifier) -> None:
    assert classifier.needs_answer("谢谢，那周末还开门？")
    assert classifier.needs_answer("已转发，外地户口也能报？")
    assert not classifier.needs_answer("这么贴心的服务，谁不喜欢？")


@pytest.mark.parametrize(
    ("reply", "substance"),
    [
        ("收到", False),
        ("您好，已转相关部门处理，感谢关注！", False),
        ("已收到您的留言，我们会尽快核实处理。", False),
        ("已转相关部门，预计3个工作日内答复", True),
        ("您好，请拨打12345热线咨询", True),
        ("周一至周五9:00-17:00开放，周末休息", True),
        ("👍", False),
    ],
)
def test_a_reply_has_substance_unless_it_is_only_filler(
    classifier: CommentClassifier, reply: str, substance: bool
) -> None:
    assert classifier.has_substance(reply) is substance


def test_an_office_cue_file_extends_and_overrides_the_shipped_one(tmp_path: Path) -> None:
    extra = tmp_path / "office-cues.tsv"
    extra.write_text("# 本办补充\n摆烂\tcomplaint\t3\n转发\tritual\t0.5\n", encoding="utf-8")
    shipped = CommentClassifier.load()
    office = CommentClassifier.load(cue_files=[extra])
    assert not shipped.needs_answer("窗口工作人员摆烂")
    assert office.needs_answer("窗口工作人员摆烂")
    assert office.judge("转发").score == -0.5


def test_an_office_filler_file_extends_the_shipped_one(tmp_path: Path) -> None:
    extra = tmp_path / "filler.txt"
    extra.write_text("静候佳音\n", encoding="utf-8")
    assert CommentClassifier.load().has_substance("感谢关注，静候佳音")
    assert not CommentClassifier.load(filler_files=[extra]).has_substance("感谢关注，静候佳音")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("请问\tquestion\n怎么\n", ":2: kind: 'missing' is not one of "),
        ("请问\tquestoin\n", ":1: kind: 'questoin' is not one of "),
        ("请问\tquestion\tthree\n", ":1: weight: 'three' is not a number"),
        ("请问\tquestion\t-2\n", ":1: weight: '-2' must be a positive number"),
        ("请问\tquestion\t2\tmore\n", ":1: weight: unexpected text after the weight"),
        ("# c\n\n请问\tquestion\n请问\tpraise\n", ":4: word: '请问' is already listed at line 3"),
    ],
)
def test_a_bad_cue_line_names_file_line_field_and_problem(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "cues.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_cue_file(path)
    assert str(caught.value).startswith(f"{path}{where}")


def test_a_bad_filler_line_names_file_line_field_and_problem(tmp_path: Path) -> None:
    path = tmp_path / "filler.txt"
    path.write_text("收到\n已转 相关部门\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_word_list(path)
    assert str(caught.value) == f"{path}:2: word: one word a line, found 2"


def test_a_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r":0: file: "):
        CommentClassifier.load(cue_files=[tmp_path / "nowhere.tsv"])


def test_the_shipped_word_lists_load() -> None:
    from checks.interaction.classifier import SHIPPED_CUES, SHIPPED_FILLER

    assert len(read_cue_file(SHIPPED_CUES)) > 200
    assert "收到" in read_word_list(SHIPPED_FILLER)
