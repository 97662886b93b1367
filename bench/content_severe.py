"""severe_error recall on every one-character deviation of every canonical term, and flags on correct terms.

Deviations per term: each character substituted (by a fixed common character, 口, or 国 where the
character is 口), each character missing, a character (的) inserted inside the term, each
adjacent pair swapped; each placed in the sentence "我们要{term}。" (deviations equal to another
canonical term are left out). Correct terms are checked in the same sentence.
"""

from __future__ import annotations

from collections import Counter

from checks.text import load_dictionaries, proofread


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


def main() -> None:
    dictionaries = load_dictionaries()
    terms = sorted({e.entry for e in dictionaries.entries if e.check == "severe_error"})
    total, caught = Counter[str](), Counter[str]()
    for term in terms:
        for kind, wrong in deviations(term):
            if wrong in terms:
                continue
            total[kind] += 1
            hits = [h for h in proofread(f"我们要{wrong}。", dictionaries) if h.check == "severe_error"]
            caught[kind] += any(h.span[0] >= 3 and h.span[1] <= 3 + len(wrong) for h in hits)
    flagged = [t for t in terms if any(h.check == "severe_error" for h in proofread(f"我们要{t}。", dictionaries))]
    print(f"canonical terms: {len(terms)}")
    for kind in ("substituted", "missing", "extra", "swapped"):
        print(f"{kind:12} {caught[kind]:5}/{total[kind]:5}  recall {caught[kind] / total[kind]:.3f}")
    got, all_ = sum(caught.values()), sum(total.values())
    print(f"all          {got:5}/{all_:5}  recall {got / all_:.3f}")
    print(f"correct terms in context flagged: {len(flagged)} {flagged[:10]}")


if __name__ == "__main__":
    main()
