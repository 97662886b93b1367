"""Behaviour of the content checks on small curated cases (no files from ../shared)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import jieba
import pytest

from checks.observations import Account, Post
from checks.rules import load_profile
from checks.text import ContentDictionaries, TextHit, content_findings, load_dictionaries, proofread


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "hunan.csv"
    path.write_text("name,title,valid_from,valid_to\n杜家毫,中共湖南省委书记,2016-08-29,2020-10-16\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dictionaries(roster: Path) -> ContentDictionaries:
    return load_dictionaries([roster])


def hits_of(text: str, dictionaries: ContentDictionaries, check: str, **kwargs: object) -> list[TextHit]:
    return [hit for hit in proofread(text, dictionaries, **kwargs) if hit.check == check]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("中华人民共合国成立七十五周年。", "中华人民共合国", "中华人民共和国"),
        ("持续开展扫黑险恶专项斗争。", "扫黑险恶", "扫黑除恶"),
        ("深入学习习近平新时代中国特色社会主意思想。", "中国特色社会主意", "中国特色社会主义"),  # the shortest term
        ("全国人民代表大会常务员会审议通过。", "常务员会", "常务委员会"),
    ],
)
def test_severe_error_near_misses_of_canonical_terms(
    text: str, wrong: str, right: str, dictionaries: ContentDictionaries
) -> None:
    [hit] = hits_of(text, dictionaries, "severe_error")
    assert (hit.text, hit.suggestion) == (wrong, right)
    assert text[hit.span[0] : hit.span[1]] == wrong
    assert "canonical_terms.tsv" in hit.source


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        # a deviation of a long name that contains another exact term (人民代表大会常务委员会)
        ("上海市的人民代表大会常务委员会召开会议。", "上海市的人民代表大会常务委员会", "上海市人民代表大会常务委员会"),
        ("深入推进扫黑出恶专项斗争。", "扫黑出恶", "扫黑除恶"),  # a homophone
        ("国务院办工厅印发通知。", "国务院办工厅", "国务院办公厅"),
        ("中华人民共和和国成立。", "中华人民共和和国", "中华人民共和国"),  # the whole slip, not 中华人民共和
        ("坚持中国特色社会主义道理。", "中国特色社会主义道理", "中国特色社会主义道路"),
    ],
)
def test_severe_error_slips(text: str, wrong: str, right: str, dictionaries: ContentDictionaries) -> None:
    [hit] = hits_of(text, dictionaries, "severe_error")
    assert (hit.text, hit.suggestion) == (wrong, right)


@pytest.mark.parametrize(
    "text",
    [
        "要把党员、干部团结起来。",  # punctuation inside a term is not a slip
        "实施“十四五”规划。",
        "贯彻发展理念，推动农业农村发展。",  # 新发展理念, 农业农村部 without their end words
        "我们党领导人民取得胜利。",  # 党的领导 without 的
        "鼓励中国企业走出去。",  # 中央企业 with 央 -> 国: a phrase of two words
        "保护生态环境的责任，维护国家安全的制度。",  # 生态环境部, 国家安全部 with a function word
        "党的十八届三中全会作出部署。",  # a listed variant (vocabulary_variants.tsv)
        "中国共产党党员要带头。",
    ],
)
def test_natural_phrases_one_edit_from_a_term_are_not_severe_errors(
    text: str, dictionaries: ContentDictionaries
) -> None:
    assert hits_of(text, dictionaries, "severe_error") == []


def test_correct_terms_are_not_severe_errors(dictionaries: ContentDictionaries) -> None:
    text = (
        "中华人民共和国国务院办公厅印发通知，江西省人民政府、江苏省人民政府贯彻落实，"
        "常态化开展扫黑除恶斗争。党的十九大和党的二十大。"
    )
    assert hits_of(text, dictionaries, "severe_error") == []


def test_rostered_name_with_same_pinyin_is_a_severe_error(dictionaries: ContentDictionaries) -> None:
    [hit] = hits_of("省委书记杜家豪主持召开会议。", dictionaries, "severe_error", as_of=date(2018, 1, 1))
    assert (hit.text, hit.suggestion) == ("杜家豪", "杜家毫")
    assert hits_of("省委书记杜家毫主持召开会议。", dictionaries, "severe_error") == []
    assert hits_of("杜家豪主持会议。", dictionaries, "severe_error", as_of=date(2015, 1, 1)) == []


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("警钟常鸣，不可松懈。", "警钟常鸣", "警钟长鸣"),
        ("认真布署各项工作。", "布署", "部署"),
        ("我们要再接再励。", "再接再励", "再接再厉"),
        ("我们将一如继往地支持。", "一如继往", "一如既往"),
        ("大家迫不急待地想看。", "迫不急待", "迫不及待"),
        ("这是一部精典之作。", "精典", "经典"),
        ("既使困难再大也要完成。", "既使", "即使"),
    ],
)
def test_typo_from_the_confusion_dictionary(
    text: str, wrong: str, right: str, dictionaries: ContentDictionaries
) -> None:
    [hit] = hits_of(text, dictionaries, "typo")
    assert (hit.text, hit.suggestion) == (wrong, right)


def test_confusion_pair_does_not_fire_across_a_word_boundary(dictionaries: ContentDictionaries) -> None:
    # 按装 is listed, but here 按 is a word and 装修 another.
    assert hits_of("请按装修标准验收。", dictionaries, "typo") == []
    assert [hit.text for hit in hits_of("请按装空调。", dictionaries, "typo")] == ["按装"]


def test_statistical_typo_detector_catches_an_unlisted_error(dictionaries: ContentDictionaries) -> None:
    hits = hits_of("加快发展大数局产业。", dictionaries, "typo")
    assert [(hit.text, hit.suggestion) for hit in hits] == [("大数局", "大数据")]
    assert hits[0].source.startswith("statistical")


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("各级政府要坚持依法刑政。", "依法刑政", "依法行政"),  # real-word errors: 刑政, 公私, 勾通 are words
        ("该有限公私已被列入经营异常名录。", "有限公私", "有限公司"),
        ("加强部门之间的信息勾通。", "信息勾通", "信息沟通"),
        ("山西省政付办公厅发布通知。", "省政付", "省政府"),  # the window cuts through 山西省
        ("抓紧制定管理条列。", "管理条列", "管理条例"),  # 列/例: one is a component of the other
    ],
)
def test_statistical_typo_detector_kinds_of_slips(
    text: str, wrong: str, right: str, dictionaries: ContentDictionaries
) -> None:
    [hit] = hits_of(text, dictionaries, "typo")
    assert (hit.text, hit.suggestion) == (wrong, right)
    assert hit.source.startswith("statistical")


@pytest.mark.parametrize(
    "text",
    [
        "授予郑静晨同志一等功。",  # personal names
        "授予李贻衡等68名同志警衔。",
        "我期待同武契奇总统会谈。",
        "中方愿同波方加强合作，推动中柬关系发展。",  # diplomatic abbreviations
        "共创美好愿景，市卫健委开展健康调查。",
        "要把“当做”和“当作”分清，时刻警省。",  # variants listed as doubtful (low) do not fire
    ],
)
def test_typo_detector_stays_silent_on_correct_text(text: str, dictionaries: ContentDictionaries) -> None:
    assert hits_of(text, dictionaries, "typo") == []


def test_improper_wording_with_preferred_form(dictionaries: ContentDictionaries) -> None:
    [hit] = hits_of("台湾政府表示", dictionaries, "improper_wording")
    assert (hit.text, hit.suggestion) == ("台湾政府", "台湾当局")
    assert hits_of("思维族群", dictionaries, "improper_wording") == []  # 维族 inside other words


def test_ad_scores_and_explains_signals(dictionaries: ContentDictionaries) -> None:
    [hit] = hits_of("大闸蟹原价298元，现价168元，全国包邮，点击链接立即购买 taobao.com", dictionaries, "ad")
    assert "call=" in hit.source and "shop=taobao.com" in hit.source and "price=" in hit.source


def test_consumption_voucher_policy_is_not_an_ad(dictionaries: ContentDictionaries) -> None:
    text = "我市发放惠民消费券，市民可通过云闪付领取，满100元减30元，政府补贴资金由财政拨付。"
    assert hits_of(text, dictionaries, "ad") == []


@pytest.mark.parametrize(
    "text",
    [
        "宝宝们今晚8点准时开播，福利款9.9元秒杀，上链接就抢！",  # live commerce
        "加Ｖ：①③⑧⑤⑥⑦⑧⑨⓪①② 低价出售品牌包包，支持验货",  # full-width and homoglyph digits
        "隆重开业！本店所有菜品8.8折，进店消费满200元送果盘，订餐电话：138 5167 2290",
        "宝宝们，9块9包邮的纸巾今天只有500单，3号链接赶紧冲！",  # several calls of one kind add up
        "低价出售正品球鞋，加v 357788990，支持验货",  # a WeChat id of digits
        "专业疏通管道，价格透明，师傅电话 13861234567。",  # a service ad with the seller's own phone
    ],
)
def test_ads_in_many_registers(text: str, dictionaries: ContentDictionaries) -> None:
    assert len(hits_of(text, dictionaries, "ad")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "推介会上介绍了投资优惠政策，现场签约项目16个，欢迎各界企业家来我区投资兴业！",  # 招商
        "对新招用高校毕业生的中小微企业，按每人1500元标准发放一次性扩岗补助。",  # 企业补贴
        "市场监管提醒：部分商家以“全网最低价”“原价999现价99”虚构原价，遇到价格欺诈可拨打12315投诉。",
        "市场监管局约谈电商平台，要求不得虚构原价、虚假打折，规范“秒杀”“限时抢购”等促销行为。",
        "今天上午在公园拾到学生书包一个，请失主与社区联系，联系人：陈主任 13900001111。",  # a private phone alone
        "警惕“刷单兼职日结200元”骗局，骗子以高回报诱骗受害人转账。",  # anti-fraud warning quoting a scam
    ],
)
def test_government_posts_about_commerce_are_not_ads(text: str, dictionaries: ContentDictionaries) -> None:
    assert hits_of(text, dictionaries, "ad") == []


def test_injected_spam_with_a_sales_contact_is_security_not_ad(dictionaries: ContentDictionaries) -> None:
    hits = proofread("区卫健委召开会议。同城上门按摩，全套服务，包夜价格优惠，微信 anmo69", dictionaries)
    assert [hit.check for hit in hits] == ["security"]


def test_platform_ad_flag_decides_even_beside_policy_words(dictionaries: ContentDictionaries) -> None:
    now = datetime(2024, 6, 1, tzinfo=UTC)
    post = Post("7", now, title="助农好物", text="消费券和以旧换新补贴政策解读。", commerce={"is_ads": True})
    account = Account("a", "douyin", None, posts=(post,))
    [finding] = content_findings(account, dictionaries=dictionaries, rules=load_profile("jiangsu"), as_of=now)
    assert finding.check == "ad" and "flag=is_ads" in str(finding.evidence["source"])


def test_spam_host_adds_to_a_spam_line(dictionaries: ContentDictionaries) -> None:
    [hit] = hits_of("（注：本站最新地址 www.sex8.cc 收藏不迷路，高清无码每日更新）", dictionaries, "security")
    assert "host=www.sex8.cc" in hit.source
    assert hits_of("详情请登录 www.12339.gov.cn 查询。", dictionaries, "security") == []


def test_hijacked_title_is_a_security_hit(dictionaries: ContentDictionaries) -> None:
    title = "亚洲春色无码在线观看_午夜av在线播放不卡_欧美 国产 日韩 人妖_亚洲无码2021"
    [hit] = hits_of(title + "\n关于开展安全生产检查的通知", dictionaries, "security")
    assert hit.span == (0, len(title))
    assert hit.source.startswith("keyword stuffing")


def test_anti_gambling_warning_is_not_a_security_hit(dictionaries: ContentDictionaries) -> None:
    text = "警方提醒：网络赌博是违法犯罪行为，切勿参与所谓百家乐、真人荷官等网络赌博，发现线索请及时举报。"
    assert hits_of(text, dictionaries, "security") == []


@pytest.mark.parametrize(
    "text",
    [
        "澳 門 新 葡 京 真 人 荷 官 百 家 樂",
        "ａｖ在線觀看＿無碼高清＿亞洲色",
        "午 夜 a v 在 线 播 放 不 卡",
        "澳🎰门🎰赌🎰场🎰真人荷官",  # emoji between characters
        "赌.场.开.户，首存送彩金",
        "网站已更新：❽❽❽娱乐城 百家乐 注册送⑤⓪元",  # homoglyph digits
    ],
)
def test_evasions_are_normalised(text: str, dictionaries: ContentDictionaries) -> None:
    [hit] = hits_of(text, dictionaries, "security")
    assert hit.text.strip() == hit.text and text.find(hit.text) == hit.span[0]


def test_segmentation_is_jiebas_cut_without_hmm(dictionaries: ContentDictionaries) -> None:
    segmenter = dictionaries.segmenter
    reference = jieba.Tokenizer()
    reference.FREQ, reference.total, reference.initialized = segmenter.freq, segmenter.total, True
    for text in (
        "中华人民共和国国务院办公厅印发通知。",
        "ＡＢＣ abc 12 3 中文 x y",
        "a\r\nb  c，互联网+政务服务",
        "加v13812345678",
    ):
        assert [token.word for token in segmenter.tokens(text)] == list(reference.cut(text, HMM=False))


def test_allow_list_drops_dismissed_texts(dictionaries: ContentDictionaries) -> None:
    assert hits_of("警钟常鸣", dictionaries, "typo", allow=frozenset({"警钟常鸣"})) == []


def test_content_findings_keys_spans_and_severity(dictionaries: ContentDictionaries) -> None:
    now = datetime(2024, 6, 1, tzinfo=UTC)
    post = Post("42", now, title="通知", text="中华人民共合国成立，全场5折立即购买仅需99元", commerce={"is_ads": False})
    account = Account("某市发布", "weibo", "1", posts=(post,))
    rules = load_profile("jiangsu")
    first = content_findings(account, dictionaries=dictionaries, rules=rules, as_of=now)
    again = content_findings(account, dictionaries=dictionaries, rules=rules, as_of=now)
    assert [f.key for f in first] == [f.key for f in again]
    severe = next(f for f in first if f.check == "severe_error")
    assert severe.severity == "veto" and severe.span is not None
    assert post.full_text[severe.span[0] : severe.span[1]] == severe.quote == "中华人民共合国"
    assert severe.key == f"severe_error:42:{severe.span[0]}:{severe.span[1]}:中华人民共合国"
    assert "canonical_terms.tsv" in str(severe.evidence["source"])
    assert next(f for f in first if f.check == "ad").severity == "deduction"
    flagged = Post("43", now, text="会议强调要抓好落实。", commerce={"is_ads": True})
    [ad] = content_findings(
        Account("a", "douyin", None, posts=(flagged,)), dictionaries=dictionaries, rules=rules, as_of=now
    )
    assert ad.check == "ad" and "flag=is_ads" in str(ad.evidence["source"])
