"""A source as one CSL-JSON item (the Citation Style Language's data schema)."""

from app import vocab
from app.citations.names import one_line, personal_name
from app.sources.schemas import SourceRead

CslItem = dict[str, object]

CSL_TYPES = {
    vocab.SourceKind.journal_article: "article-journal",
    vocab.SourceKind.government_document: "report",
    vocab.SourceKind.legal_text: "legislation",
    vocab.SourceKind.web_page: "webpage",
}


def csl_name(author: str) -> dict[str, str]:
    """A CSL name object: family and given for a person, ``literal`` for an organisation."""
    name = personal_name(author)
    if name is None:
        return {"literal": one_line(author)}
    parts = {"family": name.family, "given": name.given}
    if name.suffix:
        parts["suffix"] = name.suffix
    return parts


def issued(source: SourceRead) -> dict[str, list[list[int]]]:
    """The full date when the record has one in the publication year, else the year alone."""
    day = source.published_on
    if day is not None and day.year == source.year:
        return {"date-parts": [[day.year, day.month, day.day]]}
    return {"date-parts": [[source.year]]}


def csl_item(source: SourceRead) -> CslItem:
    """Every bibliographic field the record has; `url` is the canonical record, never `seen_at`."""
    item: CslItem = {
        "id": source.id,
        "type": CSL_TYPES[source.kind],
        "title": one_line(source.title),
        "author": [csl_name(a) for a in source.authors],
        "issued": issued(source),
    }
    optional = {
        "container-title": source.journal,
        "publisher": source.publisher,
        "number": source.document_number,
        "DOI": source.doi,
        "PMID": source.pmid,
        "PMCID": source.pmcid,
        "URL": source.url,
    }
    item.update({key: one_line(value) for key, value in optional.items() if value})
    return item
