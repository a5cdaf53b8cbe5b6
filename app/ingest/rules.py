"""Rules for errors an audit of the first release found by hand, now caught by the loader.

- a source's ``url`` is its canonical record, never a copy: no IP-literal host, no known mirror or
  aggregator host (where a copy was read goes in ``seen_at``);
- every source is cited by some record (claim, mechanism, measurement, caveat, compound or
  jurisdiction);
- a claim whose statement speaks of people or the body is ``about_people``;
- a jurisdiction's ``as_of`` is not older than a source it cites.
"""

import re
from datetime import date
from urllib.parse import urlsplit

from app.ingest.records import ClaimRecord, SourceRecord

# Hosts of copies, mirrors and aggregators that sources were read on: provenance, never the link.
MIRROR_HOSTS = frozenset(
    {
        "docslib.org", "dokumen.tips", "datapdf.com", "pipedot.org", "blogspot.com", "erowid.org",
        "speciosa.org", "kratomscience.com", "referencecitationanalysis.com", "zendy.io",
        "scribd.com", "researchgate.net", "ouci.dntb.gov.ua", "safetylit.org", "figshare.com",
        "springermedicine.com", "thefederalregister.org", "legiplex.com", "casetext.com",
        "public.law", "legiscan.com", "bailii.org", "cloudfront.net", "gomembers.com",
        "ehealth-news.com", "mymedr.afpm.org.my", "pesquisa.bvsalud.org", "booksci.cn",
    }
)  # fmt: skip
_IP_HOST = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9a-f:]+\]$")
# Words that make a claim's statement about people (their bodies, use, symptoms).
_ABOUT_PEOPLE = re.compile(
    r"\b(?:people|person|users?|patients?|adults?|humans?|the body|newborns?|infants?|adolescents?"
    r"|americans|women|men|mothers?|veterans?)\b",
    re.IGNORECASE,
)


def link_problem(url: str | None) -> str | None:
    """Why ``url`` cannot be a source's link, or None."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if _IP_HOST.match(host):
        return f"{url!r} is an IP address, not a canonical record; put it in seen_at"
    if host == "archive.org" or (host == "web.archive.org" and urlsplit(url).path in ("", "/")):
        return f"{url!r} is an archive's root, not a record"
    if any(host == m or host.endswith("." + m) for m in MIRROR_HOSTS):
        return f"{url!r} is a copy ({host}); link the canonical record and put the copy in seen_at"
    return None


def cited_ids(ds: object) -> set[str]:
    """Every source id some record of ``ds`` (a validate.Dataset) cites."""
    cited: set[str] = set()
    for c in ds.claims:  # type: ignore[attr-defined]
        cited.update(cs.source for cs in c.sources)
    for m in ds.mechanisms:  # type: ignore[attr-defined]
        cited.update(m.sources)
        cited.update(meas.source for meas in m.measurements)
    for name in ("caveats", "compounds"):
        for record in getattr(ds, name):
            cited.update(record.sources)
    for j in ds.jurisdictions:  # type: ignore[attr-defined]
        cited.update(rs.source for rs in j.sources)
    return cited


# Categories whose statements are legal, botanical or laboratory facts even when they name people
# ("no sales to pregnant women").
_NOT_ABOUT_EFFECTS = frozenset({"regulatory", "botany", "mechanism"})


def speaks_of_people(claim: ClaimRecord) -> bool:
    """A claim about an effect, use or course in people, by the words of its statement."""
    return claim.category.value not in _NOT_ABOUT_EFFECTS and bool(
        _ABOUT_PEOPLE.search(claim.statement)
    )


def source_date(source: SourceRecord) -> date:
    """The date a source speaks from: its publication date, else 1 January of its year."""
    return source.published_on or date(source.year, 1, 1)


def audit(ds: object, judge_orphans: bool = True) -> list[tuple[str, str, str, str]]:
    """Every problem of these rules in ``ds`` (a validate.Dataset) as (file, record, field, message)."""
    out: list[tuple[str, str, str, str]] = []
    cited = cited_ids(ds)
    for s in ds.sources:  # type: ignore[attr-defined]
        why = link_problem(s.url)
        if why:
            out.append(("sources.yaml", s.id, "url", why))
        if judge_orphans and s.id not in cited:
            out.append(("sources.yaml", s.id, "", "cited by no record: cite it or drop it"))
    for c in ds.claims:  # type: ignore[attr-defined]
        if not c.about_people and speaks_of_people(c):
            out.append(
                (
                    "claims.yaml",
                    c.id,
                    "about_people",
                    "the statement speaks of people or the body: set about_people: true",
                )
            )
    by_id = {s.id: s for s in ds.sources}  # type: ignore[attr-defined]
    for j in ds.jurisdictions:  # type: ignore[attr-defined]
        for i, rs in enumerate(j.sources):
            source = by_id.get(rs.source)
            if source is not None and source_date(source) > j.as_of:
                out.append(
                    (
                        "jurisdictions.yaml",
                        j.id,
                        "as_of",
                        f"{j.as_of} is older than its source {rs.source!r} "
                        f"(sources.{i}, {source_date(source)})",
                    )
                )
    return out
