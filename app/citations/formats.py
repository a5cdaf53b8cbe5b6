"""The three citation formats: names, media types, file extensions and streamed bodies."""

import json
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum

from app.citations.bibtex import bibtex_chunks
from app.citations.csl import csl_item
from app.citations.ris import ris_chunks
from app.sources.schemas import SourceRead


class CitationFormat(StrEnum):
    csl_json = "csl-json"
    ris = "ris"
    bibtex = "bibtex"


MEDIA_TYPES = {
    CitationFormat.csl_json: "application/vnd.citationstyles.csl+json",
    CitationFormat.ris: "application/x-research-info-systems; charset=utf-8",
    CitationFormat.bibtex: "application/x-bibtex; charset=utf-8",
}
EXTENSIONS = {
    CitationFormat.csl_json: "json",
    CitationFormat.ris: "ris",
    CitationFormat.bibtex: "bib",
}

FORMATS_DESCRIPTION = (
    "`csl-json` (default): a JSON array of CSL items (Zotero, Mendeley, Pandoc, citeproc). "
    "`ris`: RIS records (EndNote, Zotero, Mendeley; the PMID is in AN with DB = PubMed). "
    "`bibtex`: BibTeX entries keyed by the source id (LaTeX, JabRef). "
    "The citation carries no disclaimer text: the `Kratom-Disclaimers` header names them."
)


def csl_json_chunks(sources: Iterable[SourceRead]) -> Iterator[str]:
    """A JSON array with one item per line, so a long list streams as it is written."""
    yield "["
    for i, source in enumerate(sources):
        yield ("," if i else "") + "\n" + json.dumps(csl_item(source), ensure_ascii=False)
    yield "\n]\n"


def citation_chunks(sources: Iterable[SourceRead], fmt: CitationFormat) -> Iterator[bytes]:
    """The sources in ``fmt``, UTF-8 encoded, one record per chunk."""
    if fmt is CitationFormat.csl_json:
        chunks = csl_json_chunks(sources)
    elif fmt is CitationFormat.ris:
        chunks = ris_chunks(sources)
    else:
        chunks = bibtex_chunks(sources)
    return (chunk.encode() for chunk in chunks)


def source_from_record(record: Mapping[str, object]) -> SourceRead:
    """An exported source record (unset fields left out) read as the API represents it."""
    return SourceRead.model_validate({name: record.get(name) for name in SourceRead.model_fields})
