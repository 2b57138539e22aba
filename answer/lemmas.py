"""The dictionary forms of an English word ("wrote" → "write", "oldest" → "old", "countries" → "country"), for
looking it up in the bridge's table of English stems (``answer.bridge``): a stemmer leaves irregular forms as they
are ("wrote", "held", "took"), and the dictionary lists only base forms. lemminflect's tables (a wheel of under
1 MB, no model, nothing downloaded) give them.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def lemmas(word: str) -> tuple[str, ...]:
    """The lemmas lemminflect knows for the lowercase English ``word``, other than the word itself, first seen
    first (verbs before adjectives and nouns); empty for a word it does not know."""
    from lemminflect import getAllLemmas

    found: list[str] = []
    for forms in getAllLemmas(word).values():
        found.extend(f for f in forms if f != word and f not in found)
    return tuple(found)
