"""The envelope every answer arrives in, the problem document every error arrives as."""

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class InvalidParam(Model):
    name: str
    reason: str


class Problem(Model):
    """An RFC 9457 problem document, as every error arrives."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    invalid_params: list[InvalidParam] | None = None


class Links(Model):
    self: str
    first: str
    last: str
    next: str | None = None
    prev: str | None = None


class DisclaimerRef(Model):
    id: str
    text: str
    severity: str


class Meta(Model):
    dataset_version: str
    dataset_released_on: dt.date
    license: str
    limit: int | None = None
    offset: int | None = None
    total: int | None = None
    links: Links | None = None


T = TypeVar("T")


class Envelope(Model, Generic[T]):
    """A successful answer: the data, the disclaimers a consumer must show with it, and meta."""

    data: T
    disclaimers: list[DisclaimerRef]
    meta: Meta
