"""``/fhir``: the CapabilityStatement, and read and search for each resource type served."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from app.db import SessionDep
from app.envelope import DatasetDep, DatasetState
from app.errors import RecordNotFoundError
from app.export import service as export_service
from app.fhir import schemas
from app.fhir.bundle import searchset
from app.fhir.capability import capability_statement
from app.fhir.common import FHIR_ID_PATTERN
from app.fhir.responses import fhir_response, tagged_disclaimers
from app.fhir.store import RESOURCE_TYPES, FhirStore, cached_store
from app.listing import MAX_OFFSET

router = APIRouter(prefix="/fhir", tags=["fhir"])
MAX_COUNT = 100
DEFAULT_COUNT = 20
ID_LIST_PATTERN = r"^[A-Za-z0-9\-.]{1,64}(,[A-Za-z0-9\-.]{1,64})*$"
# A real id of each type, for the docs page and the contract tests.
EXAMPLE_IDS = {
    "Evidence": "kratom-relieves-depression-symptoms",
    "Citation": "kruegel-2016-jacs",
    "ArtifactAssessment": "kratom-relieves-depression-symptoms",
    "CodeSystem": "verdict",
}


def fhir_base(request: Request) -> str:
    base = request.app.state.settings.public_url or str(request.base_url)
    return f"{base.rstrip('/')}/fhir"


def store_for(request: Request, session: SessionDep, dataset: DatasetState) -> FhirStore:
    return cached_store(
        request.app.state, lambda: export_service.release_document(session), dataset
    )


@router.get(
    "/metadata",
    summary="FHIR CapabilityStatement",
    responses=schemas.responses("CapabilityStatement"),
    response_class=Response,
)
def get_capability_statement(dataset: DatasetDep) -> Response:
    """What this FHIR R5 server serves: resource types, interactions and search parameters."""
    disclaimers = dataset.disclaimers_for(())
    body = capability_statement(
        version=dataset.version,
        released_on=dataset.released_on.isoformat(),
        disclaimers=disclaimers,
    )
    return fhir_response(body, disclaimers)


def _search(resource_type: str) -> Callable[..., Response]:
    def search(
        request: Request,
        session: SessionDep,
        dataset: DatasetDep,
        _id: Annotated[
            str | None,
            Query(
                alias="_id",
                description="Only these ids (comma-separated).",
                pattern=ID_LIST_PATTERN,
                max_length=2000,
            ),
        ] = None,
        _count: Annotated[
            int,
            Query(alias="_count", ge=0, le=MAX_COUNT, description="Entries per page (0-100)."),
        ] = DEFAULT_COUNT,
        _offset: Annotated[
            int,
            Query(
                alias="_offset",
                ge=0,
                le=MAX_OFFSET,
                description="Entries to skip; the Bundle's next and previous links set it.",
            ),
        ] = 0,
    ) -> Response:
        """Search by type: a searchset Bundle with the total and paging links."""
        by_id = store_for(request, session, dataset).resources[resource_type]
        if _id is None:
            matches = list(by_id.values())
        else:
            wanted = set(_id.split(","))
            matches = [r for i, r in by_id.items() if i in wanted]
        query = {"_id": _id} if _id is not None else {}
        base = f"{fhir_base(request)}/{resource_type}"
        page = matches[_offset : _offset + _count]
        disclaimers = tagged_disclaimers(dataset, page)
        body = searchset(
            base=base,
            resource_base=base,
            query=query,
            matches=matches,
            count=_count,
            offset=_offset,
            disclaimers=disclaimers,
        )
        return fhir_response(body, disclaimers)

    return search


def _read(resource_type: str) -> Callable[..., Response]:
    def read(
        request: Request,
        session: SessionDep,
        dataset: DatasetDep,
        resource_id: Annotated[
            str,
            Path(
                description=f"The {resource_type}'s id (the dataset slug; see docs/fhir.md).",
                examples=[EXAMPLE_IDS[resource_type]],
                pattern=FHIR_ID_PATTERN,
                max_length=64,
            ),
        ],
    ) -> Response:
        """Read one resource by id."""
        resource = store_for(request, session, dataset).resources[resource_type].get(resource_id)
        if resource is None:
            raise RecordNotFoundError(resource_type, resource_id)
        return fhir_response(resource, tagged_disclaimers(dataset, [resource]))

    return read


for _type in RESOURCE_TYPES:
    router.add_api_route(
        f"/{_type}",
        _search(_type),
        methods=["GET"],
        summary=f"Search {_type}",
        description=f"Every {_type} as a searchset Bundle, filtered by `_id`, paged with "
        "`_count` and `_offset` (the Bundle's self, next and previous links).",
        responses=schemas.responses("Bundle"),
        response_class=Response,
        operation_id=f"search_fhir_{_type}",
    )
    router.add_api_route(
        f"/{_type}/{{resource_id}}",
        _read(_type),
        methods=["GET"],
        summary=f"Read one {_type}",
        description=f"One {_type} by id; an unknown id is a 404 OperationOutcome.",
        responses=schemas.responses(_type, 404),
        response_class=Response,
        operation_id=f"read_fhir_{_type}",
    )
