"""Pagination policies: how one upstream API hands out a long list, page by page.

An exporter picks the policy its vendor documents and gives it to ``UpstreamClient``
(``pagination=``, the default of every ``paginate()`` call) or to one ``paginate()`` call. A
policy turns the first request into the first page's request (``first``) and each page into
the request for the next one, or None at the end (``next``). ``UpstreamClient.paginate`` sends
them, bounds the walk with ``max_pages`` and refuses a next page on another origin.

- ``LinkHeaderPagination``: ``Link: <...>; rel="next"`` headers (RFC 8288; GitHub, GitLab).
- ``CursorPagination``: a cursor in the body, sent back as a query parameter or as a GraphQL
  variable (``pageInfo { endCursor hasNextPage }``).
- ``NextUrlPagination``: the next page's URL in the body (``{"next": "https://...", ...}``).
- ``OffsetPagination``: ``offset``/``limit`` in the query or in the JSON body; a short page ends.
- ``PageNumberPagination``: ``page``/``per_page`` in the query, the page count in the body
  (Cloudflare's ``result_info.total_pages``).

Field paths are dotted strings into the JSON body (``"data.search.pageInfo.endCursor"``; a
number indexes a list) or callables. A missing field raises ``LookupError``, which the client
reports as ``MalformedResponseError``: a renamed field must not silently end a list early.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from exporters.toolkit.responses import PageRequest, Response

FieldPath = str | Callable[[Any], Any]


def getter(path: FieldPath) -> Callable[[Any], Any]:
    """A function reading ``path`` from a JSON body."""
    if callable(path):
        return path
    keys = path.split(".")

    def get(data: Any) -> Any:
        for key in keys:
            if isinstance(data, list):
                data = data[int(key)]
            elif isinstance(data, Mapping):
                if key not in data:
                    raise KeyError(f"missing field {path}")
                data = data[key]
            else:
                raise KeyError(f"missing field {path} (no object at {key!r})")
        return data

    return get


class Pagination(Protocol):
    """What ``UpstreamClient.paginate`` asks: the first request, then each next one."""

    def first(self, request: PageRequest) -> PageRequest: ...

    def next(self, request: PageRequest, page: Response) -> PageRequest | None: ...


class LinkHeaderPagination:
    """Follow the ``rel="next"`` URL of the ``Link`` header (which carries the query)."""

    def first(self, request: PageRequest) -> PageRequest:
        return request

    def next(self, request: PageRequest, page: Response) -> PageRequest | None:
        url = page.links.get("next")
        return dataclasses.replace(request, url=url, params=None) if url else None


class CursorPagination:
    """A cursor read from each page's body (``cursor``; None or "" ends the list, and so does a
    false ``has_next`` when given), sent back as the query parameter ``param`` or, for GraphQL,
    as the variable ``variable`` of the JSON body. Give exactly one of the two."""

    def __init__(
        self,
        cursor: FieldPath,
        *,
        has_next: FieldPath | None = None,
        param: str | None = None,
        variable: str | None = None,
    ) -> None:
        if (param is None) == (variable is None):
            raise ValueError("CursorPagination: give exactly one of param= or variable=")
        self.cursor = getter(cursor)
        self.has_next = getter(has_next) if has_next is not None else None
        self.param = param
        self.variable = variable

    def first(self, request: PageRequest) -> PageRequest:
        return request

    def _sent(self, request: PageRequest) -> Any:
        if self.param is not None:
            return (request.params or {}).get(self.param)
        return ((request.json or {}).get("variables") or {}).get(self.variable)

    def next(self, request: PageRequest, page: Response) -> PageRequest | None:
        if self.has_next is not None and not self.has_next(page.data):
            return None
        value = self.cursor(page.data)
        if value is None or value == "":
            return None
        if value == self._sent(request):
            raise ValueError(f"the cursor did not advance ({value!r})")
        if self.param is not None:
            return dataclasses.replace(
                request, params={**(request.params or {}), self.param: value}
            )
        assert self.variable is not None
        body = dict(request.json or {})
        body["variables"] = {**(body.get("variables") or {}), self.variable: value}
        return dataclasses.replace(request, json=body)


class NextUrlPagination:
    """The next page's URL in the body at ``path`` (None or "" ends the list)."""

    def __init__(self, path: FieldPath = "next") -> None:
        self.url = getter(path)

    def first(self, request: PageRequest) -> PageRequest:
        return request

    def next(self, request: PageRequest, page: Response) -> PageRequest | None:
        url = self.url(page.data)
        if url is None or url == "":
            return None
        return dataclasses.replace(request, url=str(url), params=None)


class OffsetPagination:
    """Ask ``limit`` items at a time from ``offset`` 0 on; ``items`` is the page's list. A page
    shorter than ``limit`` ends the walk, and so does reaching ``total`` when given. With
    ``body_key`` the two values go into that object of the JSON body (``{"pagination":
    {"limit": 100, "offset": 200}}``), otherwise into the query."""

    def __init__(
        self,
        limit: int,
        *,
        items: FieldPath,
        offset_key: str = "offset",
        limit_key: str = "limit",
        body_key: str | None = None,
        total: FieldPath | None = None,
    ) -> None:
        if limit < 1:
            raise ValueError("OffsetPagination: limit must be at least 1")
        self.limit = limit
        self.items = getter(items)
        self.offset_key = offset_key
        self.limit_key = limit_key
        self.body_key = body_key
        self.total = getter(total) if total is not None else None

    def _at(self, request: PageRequest, offset: int) -> PageRequest:
        values = {self.limit_key: self.limit, self.offset_key: offset}
        if self.body_key is None:
            return dataclasses.replace(request, params={**(request.params or {}), **values})
        body = dict(request.json or {})
        body[self.body_key] = {**(body.get(self.body_key) or {}), **values}
        return dataclasses.replace(request, json=body)

    def _offset(self, request: PageRequest) -> int:
        where = request.params if self.body_key is None else (request.json or {})[self.body_key]
        return int((where or {})[self.offset_key])

    def first(self, request: PageRequest) -> PageRequest:
        return self._at(request, 0)

    def next(self, request: PageRequest, page: Response) -> PageRequest | None:
        items = self.items(page.data)
        if not isinstance(items, list):
            raise TypeError("the page's items are not a list")
        offset = self._offset(request) + len(items)
        if len(items) < self.limit:
            return None
        if self.total is not None and offset >= int(self.total(page.data)):
            return None
        return self._at(request, offset)


class PageNumberPagination:
    """Ask page 1, 2, ... of ``per_page`` items (``page_key``/``size_key`` in the query) until
    the page number reaches ``total_pages`` read from the body (Cloudflare's v4 API:
    ``result_info: {page, per_page, count, total_count, total_pages}``)."""

    def __init__(
        self,
        per_page: int,
        *,
        total_pages: FieldPath,
        page_key: str = "page",
        size_key: str = "per_page",
    ) -> None:
        if per_page < 1:
            raise ValueError("PageNumberPagination: per_page must be at least 1")
        self.per_page = per_page
        self.total_pages = getter(total_pages)
        self.page_key = page_key
        self.size_key = size_key

    def _at(self, request: PageRequest, number: int) -> PageRequest:
        values = {self.page_key: number, self.size_key: self.per_page}
        return dataclasses.replace(request, params={**(request.params or {}), **values})

    def first(self, request: PageRequest) -> PageRequest:
        return self._at(request, 1)

    def next(self, request: PageRequest, page: Response) -> PageRequest | None:
        number = int((request.params or {})[self.page_key])
        if number >= int(self.total_pages(page.data)):
            return None
        return self._at(request, number + 1)
