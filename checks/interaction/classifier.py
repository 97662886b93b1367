"""Which comments need an answer, and which replies say nothing: jieba tokens and word lists.

A comment's text is cleaned (``回复@name:`` prefixes, @mentions, links and platform emoticons
such as ``[赞]`` removed), cut into words by a private jieba tokenizer (without HMM new-word
guessing, so that cue words are not swallowed by guessed words) and split into clauses at
punctuation (a question mark stays with its clause). In each clause, every word found in the
cue dictionary adds its signed weight, except that question words count once (the largest:
"请问几点开门？" asks one question, not three) and half as much in a clause that ends in an
exclamation mark; a longer word that is not a cue itself adds the cues it
contains (投诉无门 -> 投诉). Some cues are told by the clause's form, not listed, and weigh
`FORM_WEIGHT`: questions A-not-A (开不开, 有没有), a clause closing on 不/没/没有 (能看回放不),
a choice 是…还是…, 几 asking a number (几点, 跑几个部门; not 好几/前几) and 哪 asking which or
where (哪个, 搬去哪了; not 哪怕); complaints telling how long or how often a problem has lasted
(停了三天了) and a passive with a human agent (被人占了). The comment needs an answer when some
clause sums to `CLAUSE_ALONE` or more, so praise in one clause does not cancel a question in the
next ("辛苦了！请问几点开门？"), or else when all clauses together sum above 0: a weak cue (a bare
question mark, 什么, 太大) is outweighed by praise anywhere in the comment ("有这么好的交警，还怕
什么？"), as praise in the same clause outweighs a strong one ("还有比这更贴心的服务吗？"). In a
comment with no praise or rhetorical cue a clause ending in a question mark sums to at least
`CLAUSE_ALONE`: thanks or a 转发 do not cancel it ("谢谢，那周末还开门？"). A text with no letter,
digit or Chinese character left (emoji, punctuation) needs none.

A reply has substance when some word of it is neither in the filler list nor punctuation.
Whose comment it is (the account's own needs no answer) is for the caller to decide.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jieba

from checks.interaction.datafiles import Cue, read_cue_file, read_word_list

DATA_DIR = Path(__file__).with_name("data")
SHIPPED_CUES = DATA_DIR / "cues.tsv"
SHIPPED_FILLER = DATA_DIR / "filler.txt"

_NOISE = re.compile(
    r"回复\s*@[^:：\s]+\s*[:：]"  # Weibo reply prefix
    r"|@[^\s@:：,，。!！?？]+"  # mentions
    r"|https?://\S+"  # links
    r"|\[[^\[\]\s]{1,8}\]"  # platform emoticons: [赞] [抱拳] [good]
)
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]")
CLAUSE_ALONE = 2.0  # a clause summing to this needs an answer whatever the other clauses say
FORM_WEIGHT = 3.0  # the weight of a cue told by its form (A-not-A, a closing 不, 被人 ...)
_TAUGHT_FREQUENCY = 2000  # jieba counts: high enough that a taught word is cut whole in context
_EXCLAMATIONS = frozenset("！!")
_CLAUSE_END = frozenset("，,。.？?；;：:…~～、") | _EXCLAMATIONS
_A_NOT_A = re.compile(r"([\u3400-\u9fff])[不没]\1")
_CLOSING_NEGATIONS = frozenset({"不", "没", "没有"})
_CLOSING_PARTICLES = frozenset({"啊", "呀", "哈", "嘛", "呢"})
_QUESTION_MARKS = frozenset("？?")
_PRAISE_KINDS = frozenset({"praise", "rhetorical"})  # cues that may make a question mark rhetorical
# 几 asking a number (几个, 几点, 第几), not 好几/这几/前几/十几 (some), 几十 or 几乎
_HOW_MANY = re.compile(r"(?<![好这那前近后过十没])几(?![十百千万乎经何])[\u3400-\u9fff]")
_WHICH = re.compile(r"哪(?!怕)")  # 哪 asking which or where (哪里, 搬去哪了), not 哪怕
# how long or how often a problem has gone on so far: 坏了半个月了, 困人两次了, 等了好几天了
_SO_FAR = re.compile(r"(?:\d+|[一二两三四五六七八九十百半几好]+)个?多?"
                     r"(?:分钟|小时|天|日|周|星期|礼拜|月|年|次|趟|回)多?了[啊呀吧]?(?![\u3400-\u9fff])")
_ADVERSATIVE_PASSIVE = re.compile(r"被人")  # 被人占了, 被人搭了个棚: done to the writer by others


@dataclass(frozen=True)
class Judgement:
    """Why a comment does or does not need an answer: the matched cue words and their sum."""

    needs_answer: bool
    score: float  # the highest clause sum
    total: float  # the sum over all clauses
    cues: tuple[str, ...]  # every cue matched, in text order


class CommentClassifier:
    """Judges comment and reply texts with a cue dictionary and a filler list.

    Building one loads jieba's dictionary into a private tokenizer (about a second): build it
    once per run and pass it to the checks. Instances are not changed after construction.
    """

    def __init__(self, cues: Mapping[str, Cue], filler: Iterable[str]) -> None:
        self._cues = dict(cues)
        self._filler = frozenset(filler)
        self._tokenizer = _private_tokenizer(list(self._cues) + sorted(self._filler))

    @classmethod
    def load(cls, *, cue_files: Sequence[Path] = (), filler_files: Sequence[Path] = ()) -> CommentClassifier:
        """The shipped word lists plus an office's own files (later files win for a word).

        Raises `DataFileError` for a line that cannot be used.
        """
        cues: dict[str, Cue] = {}
        for path in (SHIPPED_CUES, *cue_files):
            cues.update(read_cue_file(Path(path)))
        filler = [word for path in (SHIPPED_FILLER, *filler_files) for word in read_word_list(Path(path))]
        return cls(cues, filler)

    def words(self, text: str) -> list[str]:
        """The words of `text` after cleaning: lower-cased jieba tokens without blanks."""
        cleaned = _NOISE.sub(" ", text).lower()
        return [token for token in self._tokenizer.lcut(cleaned, HMM=False) if token.strip()]

    def judge(self, text: str) -> Judgement:
        """Whether the comment `text` needs an answer, with the evidence."""
        words = self.words(text)
        if not any(_WORDLIKE.search(word) for word in words):
            return Judgement(False, 0.0, 0.0, ())
        clauses = [(clause, [cue for word in clause for cue in self._cues_in(word)] + _form_cues(clause))
                   for clause in _clauses(words)]
        praised = any(cue.kind in _PRAISE_KINDS for _, clause_cues in clauses for cue in clause_cues)
        scores = [_clause_score(clause, cues, praised=praised) for clause, cues in clauses]
        score, total = max(scores), sum(scores)
        cues = tuple(cue.word for _, clause_cues in clauses for cue in clause_cues)
        return Judgement(score >= CLAUSE_ALONE or total > 0, score, total, cues)

    def needs_answer(self, text: str) -> bool:
        """True when the comment `text` asks, requests, complains or consults."""
        return self.judge(text).needs_answer

    def _cues_in(self, word: str) -> list[Cue]:
        """The cue `word` is, or else the cues of two or more characters inside it, left to right."""
        if word in self._cues:
            return [self._cues[word]]
        found, start = [], 0
        while start < len(word) - 1:
            end = next((end for end in range(len(word), start + 1, -1) if word[start:end] in self._cues), None)
            if end is None:
                start += 1
            else:
                found.append(self._cues[word[start:end]])
                start = end
        return found

    def has_substance(self, reply: str) -> bool:
        """False when the reply `reply` is only filler words (收到, 已转相关部门 ...)."""
        return any(_WORDLIKE.search(word) and word not in self._filler for word in self.words(reply))


def _clause_score(clause: list[str], cues: list[Cue], *, praised: bool) -> float:
    """The sum of the clause's cue weights, its question cues counting once: the largest,
    halved when the clause ends in an exclamation mark (怎么这么贴心！ exclaims, it does not ask).

    In a comment without praise or rhetorical cues (`praised` false) a clause ending in a question
    mark asks at least `CLAUSE_ALONE`: thanks or a 转发 elsewhere do not cancel it (谢谢，那明天还开门？).
    """
    question = max((cue.weight for cue in cues if cue.kind == "question"), default=0.0)
    if clause[-1] in _EXCLAMATIONS:
        question /= 2
    elif clause[-1] in _QUESTION_MARKS and not praised:
        question = max(question, CLAUSE_ALONE)
    return question + sum(cue.weight for cue in cues if cue.kind != "question")


def _form_cues(clause: list[str]) -> list[Cue]:
    """Cues told by the clause's form rather than by listed words.

    Questions: A-not-A (开不开), a closing 不/没/没有 after other words, a choice 是…还是…,
    几 asking a number and 哪 asking which or where. Complaints: how long or how often a
    problem has lasted (坏了半个月了) and a passive with a human agent (被人占了).
    """
    text = "".join(clause)
    found = [Cue(match.group(0), "question", FORM_WEIGHT) for match in _A_NOT_A.finditer(text)]
    words = [word for word in clause if _WORDLIKE.search(word) and word not in _CLOSING_PARTICLES]
    if len(words) > 1 and words[-1] in _CLOSING_NEGATIONS:
        found.append(Cue(words[-1], "question", FORM_WEIGHT))
    if "还是" in words[1:-1] and "是" in words[: words.index("还是")]:
        found.append(Cue("是…还是", "question", FORM_WEIGHT))
    found += [Cue(match.group(0), "question", FORM_WEIGHT) for pattern in (_HOW_MANY, _WHICH)
              for match in pattern.finditer(text)]
    found += [Cue(match.group(0), "complaint", FORM_WEIGHT) for pattern in (_SO_FAR, _ADVERSATIVE_PASSIVE)
              for match in pattern.finditer(text)]
    return found


def _clauses(words: list[str]) -> list[list[str]]:
    """`words` cut after each punctuation word; every clause keeps its closing mark."""
    clauses: list[list[str]] = [[]]
    for word in words:
        clauses[-1].append(word)
        if word in _CLAUSE_END:
            clauses.append([])
    return [clause for clause in clauses if clause]


def _private_tokenizer(words: Iterable[str]) -> jieba.Tokenizer:
    """A jieba tokenizer of our own, taught the words of `words` longer than one character.

    jieba's dictionary is loaded without its log lines on stderr.
    """
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
    finally:
        logger.setLevel(level)
    for word in words:
        if len(word) > 1:
            tokenizer.add_word(word, max(_TAUGHT_FREQUENCY, tokenizer.FREQ.get(word, 0)))
    return tokenizer
