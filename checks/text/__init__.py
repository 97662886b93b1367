"""Content checks on post text: severe_error, typo, improper_wording, ad and security.

Load the dictionaries once with `load_dictionaries` (shipped data plus an office's files),
then call `proofread` on any text or `content_findings` on an account's posts. File formats:
``checks/text/data/README.md``, `checks.text.lexicon` (dictionaries) and `checks.text.roster`
(leader rosters). Derived tables are cached in the user's cache directory (`checks.text.cache`).
"""

from checks.text.account import content_findings
from checks.text.dictionaries import ContentDictionaries, load_dictionaries
from checks.text.hits import TextHit
from checks.text.lexicon import DictionaryError
from checks.text.proofread import proofread

__all__ = [
    "ContentDictionaries",
    "DictionaryError",
    "TextHit",
    "content_findings",
    "load_dictionaries",
    "proofread",
]
