"""The API this client was written against.

``OPENAPI_SHA256`` is the SHA-256 of the server's docs/openapi.json when the client was last
checked against it, and ``COVERED`` the operations some client method calls. The project's test
suite fails when the document changes: review the change, update the client, then set the new
hash here (setting it is the act of declaring the client current).
"""

# The FHIR view speaks a standard that FHIR libraries already read (fhir.resources, HAPI, the
# clients of EHR systems); this client does not wrap it.
NOT_WRAPPED_PREFIXES: tuple[str, ...] = ("/fhir/",)

OPENAPI_SHA256 = "b5c30f6d6f414d9dbbbc6159132fd8989d7188dc650efac5720763e95a0e5c41"

COVERED: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/v1/caveats"),
        ("GET", "/v1/caveats/{caveat_id}"),
        ("GET", "/v1/claims"),
        ("GET", "/v1/claims/match"),
        ("GET", "/v1/claims/{claim_id}"),
        ("GET", "/v1/claims/{claim_id}/claimreview"),
        ("GET", "/v1/compounds"),
        ("GET", "/v1/compounds/{compound_id}"),
        ("GET", "/v1/dataset"),
        ("GET", "/v1/dataset/changes"),
        ("GET", "/v1/dataset/feed.atom"),
        ("GET", "/v1/dataset/releases"),
        ("GET", "/v1/disclaimers"),
        ("GET", "/v1/disclaimers/{disclaimer_id}"),
        ("GET", "/v1/documents"),
        ("GET", "/v1/documents/{document_id}"),
        ("GET", "/v1/evidence-scale"),
        ("GET", "/v1/export"),
        ("GET", "/v1/jurisdictions"),
        ("GET", "/v1/jurisdictions/{jurisdiction_id}"),
        ("GET", "/v1/mechanisms"),
        ("GET", "/v1/mechanisms/{mechanism_id}"),
        ("POST", "/v1/reviews"),
        ("GET", "/v1/search"),
        ("GET", "/v1/sources"),
        ("GET", "/v1/sources/{source_id}"),
        ("GET", "/v1/sources/{source_id}/citation"),
        ("GET", "/v1/targets"),
        ("GET", "/v1/targets/{target_id}"),
    }
)
