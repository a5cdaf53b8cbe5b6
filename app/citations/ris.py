"""A source as one RIS record, written by rispy."""

from collections.abc import Iterable, Iterator

import rispy

from app import vocab
from app.citations.names import one_line, personal_name
from app.sources.schemas import SourceRead

RisRecord = dict[str, str | list[str]]

RIS_TYPES = {
    vocab.SourceKind.journal_article: "JOUR",
    vocab.SourceKind.government_document: "GOVDOC",
    vocab.SourceKind.legal_text: "STAT",
    vocab.SourceKind.web_page: "ELEC",
}
# RIS has no PMID tag: the PMID goes in AN (accession number) and DB names the database it is an
# accession number of, so a reader can tell it from any other database's number.
PMID_DATABASE = "PubMed"


class _PlainRisWriter(rispy.RisWriter):
    """rispy's writer without its "1." line before each record, which the RIS format does not have."""

    def set_header(self, count: int) -> str:
        return ""


_WRITER = _PlainRisWriter()


def ris_author(author: str) -> str:
    """ "Family, A. C." (", suffix" after) for a person; an organisation's name as it is."""
    name = personal_name(author)
    if name is None:
        return one_line(author)
    return ", ".join(p for p in (name.family, name.given, name.suffix) if p)


def ris_record(source: SourceRead) -> RisRecord:
    """The record's fields under rispy's names for the RIS tags (TY, ID, TI, AU, T2, PY, DA...)."""
    record: RisRecord = {
        "type_of_reference": RIS_TYPES[source.kind],
        "id": source.id,
        "title": one_line(source.title),
        "authors": [ris_author(a) for a in source.authors],
        "year": str(source.year),
    }
    if source.published_on is not None and source.published_on.year == source.year:
        record["date"] = source.published_on.strftime("%Y/%m/%d/")
    optional = {
        "secondary_title": source.journal,  # T2: the journal of a JOUR record
        "publisher": source.publisher,
        "note": source.document_number,  # M1
        "doi": source.doi,
        "accession_number": source.pmid,
        "name_of_database": PMID_DATABASE if source.pmid else None,
    }
    record.update({key: one_line(value) for key, value in optional.items() if value})
    if source.url:
        record["urls"] = [source.url]
    return record


def ris_chunks(sources: Iterable[SourceRead]) -> Iterator[str]:
    """One RIS record per chunk, separated by a blank line."""
    for i, source in enumerate(sources):
        text: str = _WRITER.formats([ris_record(source)])
        yield ("\n" if i else "") + text
