"""The renderer's URL fetcher serves our static files and nothing else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clinic.handouts.fetcher import (
    STATIC_ROOT,
    RefusedURLError,
    fetch_static,
    make_url_fetcher,
    resolve_static_url,
)

REFUSED = [
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "http://example.com/x.css",
    "https://example.com/pictograms/both-hands.svg",
    "//example.com/x.svg",
    "data:image/svg+xml;base64,PHN2Zy8+",
    "static:",
    "static:/etc/passwd",
    "static:../handouts/fetcher.py",
    "static:pictograms/../../handouts/fetcher.py",
    "static:pictograms/%2e%2e/%2e%2e/__init__.py",
    "static:pictograms\\..\\..\\__init__.py",
    "static://example.com/x.svg",
    "static:pictograms/both-hands.svg?x=1",
    "static:pictograms/both-hands.svg#frag",
    "static:pictograms/missing.svg",
    "static:pictograms/.hidden.svg",
    "static:pictograms/both-hands.svg\x00.png",
]


def test_static_urls_resolve_inside_the_static_folder() -> None:
    asset = fetch_static("static:pictograms/both-hands.svg")
    assert asset.media_type == "image/svg+xml"
    assert asset.data.startswith(b"<svg")
    assert resolve_static_url("static:pictograms/light-red.svg").is_relative_to(STATIC_ROOT)


@pytest.mark.parametrize("url", REFUSED)
def test_everything_else_is_refused(url: str) -> None:
    with pytest.raises(RefusedURLError):
        fetch_static(url)


def test_only_known_file_types_are_served(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>hi</p>")
    (tmp_path / "ok.svg").write_text("<svg/>")
    assert fetch_static("static:ok.svg", tmp_path).data == b"<svg/>"
    with pytest.raises(RefusedURLError):
        fetch_static("static:page.html", tmp_path)


def test_a_symlink_out_of_the_static_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg>secret</svg>")
    root = tmp_path / "static"
    root.mkdir()
    (root / "link.svg").symlink_to(secret)
    with pytest.raises(RefusedURLError):
        fetch_static("static:link.svg", root)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:9/x.css"])
def test_the_weasyprint_fetcher_refuses_too(url: str) -> None:
    fetcher = make_url_fetcher()
    with pytest.raises(RefusedURLError):
        fetcher(url)
    response = fetcher("static:pictograms/one-hand.svg")
    assert response.content_type == "image/svg+xml"
    assert response.read().startswith(b"<svg")


def test_importing_the_package_does_not_import_weasyprint() -> None:
    code = "import sys, clinic.handouts; assert 'weasyprint' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
