"""BERT's uncased WordPiece tokenizer, as all-MiniLM-L6-v2 was trained with, in plain Python.

It reads the model's own vocab.txt. The steps are those of the model's tokenizer.json (a
BertNormalizer with lower-casing and accent stripping, BertPreTokenizer, WordPiece with "##"
continuations and at most 100 characters a word, then [CLS] ... [SEP]). Written here instead of
depending on the ``tokenizers`` package, whose dependencies would replace the project's HTTP client
in Starlette's test client; tests check that it gives the reference tokenizer's ids.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

MAX_WORD_CHARS = 100
# CJK ideograph blocks, which BERT splits into single characters.
_CJK = (
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F),
)  # fmt: skip


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_whitespace(ch: str) -> bool:
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch: str) -> bool:
    return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf", "Cn", "Co", "Cs")


def _normalise(text: str) -> str:
    """Clean, space out CJK characters, lower-case and strip accents."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif any(lo <= cp <= hi for lo, hi in _CJK):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    lowered = "".join(out).lower()
    return "".join(
        c for c in unicodedata.normalize("NFD", lowered) if unicodedata.category(c) != "Mn"
    )


def _pre_tokenise(text: str) -> list[str]:
    """Split on whitespace, and make every punctuation character a word of its own."""
    words: list[str] = []
    for chunk in text.split():
        current = ""
        for ch in chunk:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


class WordPiece:
    def __init__(self, vocab_file: Path) -> None:
        tokens = vocab_file.read_text(encoding="utf-8").split("\n")
        self._ids = {token: i for i, token in enumerate(tokens) if token}
        self.cls, self.sep, self.unk = self._ids["[CLS]"], self._ids["[SEP]"], self._ids["[UNK]"]
        self._word = lru_cache(maxsize=8192)(self._word_ids)

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first pieces of one word; [UNK] when it cannot be pieced."""
        if len(word) > MAX_WORD_CHARS:
            return (self.unk,)
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                if piece in self._ids:
                    pieces.append(self._ids[piece])
                    break
                end -= 1
            else:
                return (self.unk,)
            start = end
        return tuple(pieces)

    def encode(self, text: str, max_tokens: int) -> list[int]:
        """Token ids with [CLS] and [SEP], at most ``max_tokens`` in all."""
        ids = [i for word in _pre_tokenise(_normalise(text)) for i in self._word(word)]
        return [self.cls, *ids[: max_tokens - 2], self.sep]
