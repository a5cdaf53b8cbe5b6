"""Author strings as the dataset writes them, read as personal names where their shape allows."""

from dataclasses import dataclass

# Generational suffixes PubMed writes after the initials ("Griffin OH 3rd").
SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV", "2nd", "3rd", "4th"})
MAX_INITIALS = 4


@dataclass(frozen=True)
class PersonalName:
    """A person in PubMed style: family name, then initials without points."""

    family: str
    initials: str
    suffix: str | None = None

    @property
    def given(self) -> str:
        """Initials spelt out with points ("AC" -> "A. C."), the form every citation style reads."""
        return " ".join(f"{letter}." for letter in self.initials)


def _is_initials(token: str) -> bool:
    return 1 <= len(token) <= MAX_INITIALS and token.isalpha() and token.isupper()


def personal_name(author: str) -> PersonalName | None:
    """The structured name, or None for an organisation or any name of another shape.

    Only "Family INITIALS [suffix]" is read as a person: issuers ("Health Canada", "State of
    Texas") and bylines written in full keep their exact text rather than a guessed split.
    """
    if any(mark in author for mark in ",()"):
        return None
    tokens = author.split()
    suffix = None
    if len(tokens) >= 3 and tokens[-1] in SUFFIXES:
        suffix = tokens.pop()
    if len(tokens) < 2 or not _is_initials(tokens[-1]):
        return None
    return PersonalName(family=" ".join(tokens[:-1]), initials=tokens[-1], suffix=suffix)


def one_line(text: str) -> str:
    """Whitespace collapsed: RIS is line-based, and no format keeps a line break in a title."""
    return " ".join(text.split())
