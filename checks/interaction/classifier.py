"""Which comments need an answer, and which replies say nothing: jieba tokens and word lists.

A comment's text is cleaned (``回复@name:`` prefixes, @mentions, links and platform emoticons
such as ``[赞]`` removed), cut into words by a private jieba tokenizer (without HMM new-word
guessing, so that cue words are not swallowed by guessed words) and split into clauses at
punctuation (a question mark stays with its clause). In each clause, every word found in the
cue dictionary adds its signed weight, except that question words count once (the largest:
"请问几点开门？" asks one question, not three) and half as much in a clause that ends in an
exclamation mark; a longer word that is not a cue itself adds the cues it
contains (投诉无门 -> 投诉). Two question forms count as a question word of weight `FORM_WEIGHT`
without being listed: A-not-A (开不开, 收不收) and a clause closing on 不/没/没有 (能看回放不,
有变化没有). The comment needs an answer when some clause sums to `CLAUSE_ALONE` or
more, so praise in one clause does not cancel a question in the next ("辛苦了！请问几点开门？"),
or else when all clauses together sum above 0: a weak cue (a bare question mark, 什么, 太大) is
outweighed by praise anywhere in the comment ("有这么好的交警，还怕什么？"), as praise in the
same clause outweighs a strong one ("还有比这更贴心的服务吗？"). A text with no letter, digit or
Chinese character left (emoji, punctuation) needs none.

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
FORM_WEIGHT = 3.0  # the weight of a question told by its form (A-not-A, a closing 不)
_TAUGHT_FREQUENCY = 2000  # jieba counts: high enough that a taught word is cut whole in context
_EXCLAMATIONS = frozenset("！!")
_CLAUSE_END = frozenset("，,。.？?；;：:…~～、") | _EXCLAMATIONS
_A_NOT_A = re.compile(r"([\u3400-\u9fff])[不没]\1")
_CLOSING_NEGATIONS = frozenset({"不", "没", "没有"})
_CLOSING_PARTICLES = frozenset({"啊", "呀", "哈", "嘛", "呢"})


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
        scores = [_clause_score(clause, cues) for clause, cues in clauses]
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


def _clause_score(clause: list[str], cues: list[Cue]) -> float:
    """The sum of the clause's cue weights, its question cues counting once: the largest,
    halved when the clause ends in an exclamation mark (怎么这么贴心！ exclaims, it does not ask)."""
    question = max((cue.weight for cue in cues if cue.kind == "question"), default=0.0)
    if clause[-1] in _EXCLAMATIONS:
        question /= 2
    return question + sum(cue.weight for cue in cues if cue.kind != "question")


def _form_cues(clause: list[str]) -> list[Cue]:
    """Questions told by their form: A-not-A (开不开), or a closing 不/没/没有 after other words."""
    found = [Cue(match.group(0), "question", FORM_WEIGHT) for match in _A_NOT_A.finditer("".join(clause))]
    words = [word for word in clause if _WORDLIKE.search(word) and word not in _CLOSING_PARTICLES]
    if len(words) > 1 and words[-1] in _CLOSING_NEGATIONS:
        found.append(Cue(words[-1], "question", FORM_WEIGHT))
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
