"""A source as one BibTeX entry, written by bibtexparser (v2); the citation key is the source id.

bibtexparser is imported when a BibTeX answer is first built, not with the app: a worker that never
serves one does not hold it (bench/README.md, `make bench-match`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from app import vocab
from app.citations.names import one_line, personal_name
from app.sources.schemas import SourceRead

if TYPE_CHECKING:
    from bibtexparser.model import Entry

BIBTEX_TYPES = {
    vocab.SourceKind.journal_article: "article",
    vocab.SourceKind.government_document: "techreport",
    vocab.SourceKind.legal_text: "misc",
    vocab.SourceKind.web_page: "misc",
}
# Where each entry type puts the issuing body: a report's institution, otherwise how it came out.
ISSUER_FIELD = {"article": "publisher", "techreport": "institution", "misc": "howpublished"}

# Characters LaTeX reads as commands; the text is kept in UTF-8 otherwise (biber, Zotero and
# JabRef read it as it is). URLs and DOIs are left verbatim, as the url package expects them.
_LATEX_SPECIALS = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def latex_text(text: str) -> str:
    return one_line(text).translate(_LATEX_SPECIALS)


def bibtex_author(author: str) -> str:
    """ "Family, A. C." ("Family, Jr, A. C." with a suffix) for a person; an organisation braced
    whole, so that BibTeX neither splits it into names nor at an "and" inside it."""
    name = personal_name(author)
    if name is None:
        return "{" + latex_text(author) + "}"
    parts = (name.family, name.suffix, name.given) if name.suffix else (name.family, name.given)
    return ", ".join(latex_text(p) for p in parts)


def bibtex_entry(source: SourceRead) -> Entry:
    from bibtexparser.model import Entry, Field

    entry_type = BIBTEX_TYPES[source.kind]
    fields = [
        Field("title", latex_text(source.title)),
        Field("author", " and ".join(bibtex_author(a) for a in source.authors)),
    ]
    text_fields = {
        "journal": source.journal,
        ISSUER_FIELD[entry_type]: source.publisher,
        "number": source.document_number,
    }
    fields.extend(Field(key, latex_text(value)) for key, value in text_fields.items() if value)
    if entry_type == "techreport":
        fields.append(Field("type", "Government document"))
    fields.append(Field("year", str(source.year)))
    verbatim = {"doi": source.doi, "pmid": source.pmid, "url": source.url}
    fields.extend(Field(key, value) for key, value in verbatim.items() if value)
    return Entry(entry_type, source.id, fields)


def bibtex_chunks(sources: Iterable[SourceRead]) -> Iterator[str]:
    """One entry per chunk, separated by a blank line."""
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library

    for i, source in enumerate(sources):
        library = Library([bibtex_entry(source)])
        yield ("\n" if i else "") + write_string(library)
