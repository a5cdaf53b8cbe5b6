"""Turn what a user typed into words and phrases both engines can search safely."""

import re

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what both tokenizers index


def parse_terms(q: str) -> list[str]:
    """Quoted text stays a phrase; other words are ANDed. Punctuation and operators are dropped, so
    the engine never sees a query it cannot parse. No words left: an empty list, which matches nothing.
    """
    terms: list[str] = []
    for phrase, word in _PHRASE_OR_WORD.findall(q):
        words = _WORD.findall(phrase if phrase else word)
        if words:
            terms.append(" ".join(words))
    return terms


def fts5_query(terms: list[str]) -> str:
    """Each term as a quoted FTS5 string: a phrase when it has several words, never an operator."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def websearch_query(terms: list[str]) -> str:
    """The same terms in PostgreSQL websearch syntax (quoted phrases, implicit AND)."""
    return " ".join(f'"{term}"' if " " in term else term for term in terms)
