"""The address of the view being looked at, for the share button: the page's URL and every parameter of its state."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit


def share_url(page_url: str, params: Mapping[str, str]) -> str:
    """`page_url` (as the browser has it, query dropped) with `params` as its query; commas left readable."""
    parts = urlsplit(page_url)
    query = urlencode({k: v for k, v in params.items() if v is not None}, safe=",")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
