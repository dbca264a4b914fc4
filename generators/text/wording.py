"""Small wording rules the documents share: a text ends as a sentence, a list of numbers reads as ranges."""

from __future__ import annotations


def as_sentence(text: str) -> str:
    """Return text ending in a full stop, unless it already ends in one (or in ? ! or …)."""
    return text if text.endswith((".", "?", "!", "…")) else f"{text}."


def number_ranges(numbers: list[int]) -> str:
    """Return numbers as a reader writes them: [3, 4, 5, 9] -> '3–5, 9'."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)
