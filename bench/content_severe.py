"""severe_error: recall on every one-character deviation of every canonical term, flags on correct text.

Deviations per term (the target set): each character substituted (by a fixed common character,
口, or 国 where the character is 口), each character missing, a character (的) inserted inside the
term, each adjacent pair swapped; each placed in the sentence "我们要{term}。" (deviations equal to
another canonical term are left out). Two more realistic classes are reported beside it: each
character replaced by its most frequent homophone (the slip an input method makes) and each
inner character doubled. Correct terms are checked in the same sentence, and every severe_error flag on
two files of correct text is listed: ../shared/benchmarks/clean-xxqg.txt (sentences) and
../shared/lexicons/policy-titles.txt (titles of policy documents).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from checks.text import ContentDictionaries, load_dictionaries, proofread

SHARED = Path(__file__).resolve().parents[2] / "shared"
CLEAN = (SHARED / "benchmarks" / "clean-xxqg.txt", SHARED / "lexicons" / "policy-titles.txt")
KINDS = ("substituted", "missing", "extra", "swapped")


def deviations(term: str) -> list[tuple[str, str]]:
    found = []
    for pos, char in enumerate(term):
        found.append(("substituted", term[:pos] + ("国" if char == "口" else "口") + term[pos + 1 :]))
        found.append(("missing", term[:pos] + term[pos + 1 :]))
        if pos > 0:
            found.append(("extra", term[:pos] + "的" + term[pos:]))
        if pos + 1 < len(term) and term[pos] != term[pos + 1]:
            found.append(("swapped", term[:pos] + term[pos + 1] + term[pos] + term[pos + 2 :]))
    return found


def realistic(term: str, homophone: dict[str, str]) -> list[tuple[str, str]]:
    found = []
    for pos, char in enumerate(term):
        if char in homophone:
            found.append(("homophone", term[:pos] + homophone[char] + term[pos + 1 :]))
        if 0 < pos < len(term) - 1:  # doubling an end character only repeats the neighbour's
            found.append(("doubled", term[: pos + 1] + char + term[pos + 1 :]))
    return found


def homophones(dictionaries: ContentDictionaries) -> dict[str, str]:
    """Each character's most frequent other character of the same toneless reading."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for word, freq in dictionaries.segmenter.freq.items():
        if len(word) == 1 and "\u4e00" <= word <= "\u9fff" and freq > 0:
            groups.setdefault(lazy_pinyin(word, style=Style.NORMAL)[0], []).append((freq, word))
    table = {}
    for members in groups.values():
        ranked = [word for _, word in sorted(members, reverse=True)]
        for char in ranked:
            others = [word for word in ranked if word != char]
            if others:
                table[char] = others[0]
    return table


def severe(text: str, dictionaries: ContentDictionaries) -> list[tuple[str, str]]:
    return [(h.text, h.suggestion) for h in proofread(text, dictionaries) if h.check == "severe_error"]


def recall(terms: list[str], cases: dict[str, list[tuple[str, str]]], dictionaries: ContentDictionaries) -> None:
    total, caught = Counter[str](), Counter[str]()
    for term in terms:
        for kind, wrong in cases[term]:
            if wrong in terms:
                continue
            total[kind] += 1
            hits = [h for h in proofread(f"我们要{wrong}。", dictionaries) if h.check == "severe_error"]
            caught[kind] += any(h.span[0] >= 3 and h.span[1] <= 3 + len(wrong) for h in hits)
    for kind in total:
        print(f"{kind:12} {caught[kind]:5}/{total[kind]:5}  recall {caught[kind] / total[kind]:.3f}")
    got, all_ = sum(caught.values()), sum(total.values())
    print(f"all          {got:5}/{all_:5}  recall {got / all_:.3f}")


def main() -> None:
    dictionaries = load_dictionaries()
    terms = sorted({e.entry for e in dictionaries.entries if e.check == "severe_error"})
    print(f"canonical terms: {len(terms)}")
    print("target set (口 substituted, missing, 的 inserted, swapped):")
    recall(terms, {term: deviations(term) for term in terms}, dictionaries)
    flagged = [t for t in terms if severe(f"我们要{t}。", dictionaries)]
    print(f"correct terms in context flagged: {len(flagged)} {flagged[:10]}")
    table = homophones(dictionaries)
    print("realistic slips (not in the target: most frequent homophone, doubled character):")
    recall(terms, {term: realistic(term, table) for term in terms}, dictionaries)
    for path in CLEAN:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        flags = [(line, found) for line in lines if (found := severe(line, dictionaries))]
        print(f"flags on correct text {path.name}: {len(flags)} of {len(lines)} lines ({len(flags) / len(lines):.2%})")
        for line, found in flags:
            print(f"  {' '.join(f'{wrong}->{right}' for wrong, right in found)} | {line[:50]}")


if __name__ == "__main__":
    main()
