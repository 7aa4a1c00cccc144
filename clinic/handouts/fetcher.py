"""Serve the handout's own static assets to WeasyPrint, and refuse every other URL.

Patient-entered text is escaped by the template, but the fetcher is the second wall: even if
markup slipped through, the renderer can only read files under ``clinic/static`` through the
private ``static:`` scheme. No ``file://``, no network, no ``data:``, no redirects.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

STATIC_SCHEME = "static:"
STATIC_ROOT = Path(__file__).resolve().parent.parent / "static"

# Only the kinds of file a handout needs. Anything else (HTML, fonts we do not ship, archives)
# is refused even if it sits under the static folder.
MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".css": "text/css",
}


class RefusedURLError(ValueError):
    """A URL the handout renderer will not fetch."""


@dataclass(frozen=True)
class StaticAsset:
    """The bytes of one static file and the media type WeasyPrint should read it as."""

    url: str
    data: bytes
    media_type: str


def static_url(relative_path: str) -> str:
    """Return the private URL the template uses for a file under ``clinic/static``."""
    return STATIC_SCHEME + relative_path


def resolve_static_url(url: str, root: Path = STATIC_ROOT) -> Path:
    """Map a ``static:`` URL to a file under ``root``, or raise RefusedURLError."""
    if not url.startswith(STATIC_SCHEME):
        raise RefusedURLError(f"not a static: URL: {url[:80]!r}")
    relative = url.removeprefix(STATIC_SCHEME)
    # Refuse anything a browser or urllib might reinterpret, rather than try to decode it:
    # our own template never needs escapes, queries, fragments, hosts or backslashes.
    if not relative or any(char in relative for char in "%?#\\:\x00") or relative.startswith("/"):
        raise RefusedURLError(f"malformed static URL: {url[:80]!r}")
    parts = PurePosixPath(relative).parts
    if any(part in {"", ".", ".."} or part.startswith(".") for part in parts):
        raise RefusedURLError(f"path traversal in static URL: {url[:80]!r}")
    base = root.resolve()
    # resolve() follows symlinks, so a link pointing outside the folder is caught here too.
    path = base.joinpath(*parts).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise RefusedURLError(f"no such static file: {url[:80]!r}")
    if path.suffix.lower() not in MEDIA_TYPES:
        raise RefusedURLError(f"file type not served: {url[:80]!r}")
    return path


def fetch_static(url: str, root: Path = STATIC_ROOT) -> StaticAsset:
    """Read the static file a ``static:`` URL names, or raise RefusedURLError."""
    path = resolve_static_url(url, root)
    return StaticAsset(url=url, data=path.read_bytes(), media_type=MEDIA_TYPES[path.suffix.lower()])


@functools.cache
def _fetcher_class() -> type[Any]:
    # Built on first use so that importing this module never imports WeasyPrint.
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """WeasyPrint fetcher that answers only ``static:`` URLs from one folder."""

        def __init__(self, root: Path) -> None:
            # No redirects, and a refused URL is logged by WeasyPrint and skipped rather than
            # aborting the whole handout; the refusal itself is what keeps the file unread.
            super().__init__(allowed_protocols=("static",), allow_redirects=False)
            self._root = root

        def fetch(self, url: str, headers: Any = None) -> Any:
            asset = fetch_static(url, self._root)
            return URLFetcherResponse(
                asset.url, asset.data, {"Content-Type": asset.media_type}
            )

    return StaticOnlyURLFetcher


def make_url_fetcher(root: Path = STATIC_ROOT) -> Any:
    """Return a WeasyPrint URL fetcher limited to the static assets under ``root``."""
    return _fetcher_class()(root)
