"""Interaction checks (互动回应): slow_reply, no_interaction, perfunctory_reply.

Build a `CommentClassifier` (word lists, jieba) and a `WorkCalendar` (``checks.workdays``)
once per run, then call `assess_interaction` per account, or one check of `CHECKS` by name.
"""

from checks.interaction.assess import CHECKS, InteractionCheck, InteractionResult, assess_interaction
from checks.interaction.classifier import CommentClassifier, Judgement
from checks.interaction.datafiles import DataFileError

__all__ = [
    "CHECKS",
    "CommentClassifier",
    "DataFileError",
    "InteractionCheck",
    "InteractionResult",
    "Judgement",
    "assess_interaction",
]
