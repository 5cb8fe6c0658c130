"""What the upstream client hands back (``Response``) and what a pagination policy asks it
to send next (``PageRequest``): plain data, shared by the client and the policies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Params = Mapping[str, str | int]


@dataclass(frozen=True)
class Response:
    """A parsed JSON answer. ``not_modified`` is True when it came from the cache on a 304.

    ``links`` maps each ``rel`` of the ``Link`` header to its URL (of the cached 200 on a 304).
    """

    url: str
    status: int
    data: Any
    links: Mapping[str, str] = field(default_factory=dict)
    not_modified: bool = False
    etag: str | None = None

    @property
    def next_url(self) -> str | None:
        return self.links.get("next")


@dataclass(frozen=True)
class PageRequest:
    """One request of a paginated walk: a GET, or a POST of ``json`` when it is not None."""

    url: str
    params: Params | None = None
    json: Any = None
