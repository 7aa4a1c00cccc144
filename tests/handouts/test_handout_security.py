"""Patient-entered text is printed as text: it fetches nothing and embeds nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from clinic.handouts import fetcher, render_handout_html
from clinic.handouts.fetcher import StaticAsset
from tests.handouts.handout_samples import Rendered, decide, render

ATTACKS = {
    "patient_name": '<img src="file:///etc/passwd"> Ann',
    "notes": "@import url(http://127.0.0.1:9/evil.css); <style>@import url(http://x/y)</style>",
    "equipment_model": '<link rel=attachment href="file:///etc/passwd"> Z1',
    "therapist_name": '<a href="http://x/">Bob</a><script>alert(1)</script>',
    "clinic_address": "<iframe src=http://x/></iframe>",
}


@pytest.fixture(scope="module")
def fetched_urls() -> Iterator[list[str]]:
    """Record every URL the renderer asks for while the hostile handout renders."""
    urls: list[str] = []
    real = fetcher.fetch_static

    def recording(url: str, *args: object) -> StaticAsset:
        urls.append(url)
        return real(url, *args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fetcher, "fetch_static", recording)
        yield urls


@pytest.fixture(scope="module")
def hostile(fetched_urls: list[str]) -> Rendered:
    return render(decide(), paper_size="Letter", **ATTACKS)


def test_hostile_fields_fetch_only_our_pictograms(hostile: Rendered, fetched_urls: list[str]) -> None:
    assert fetched_urls
    assert all(url.startswith("static:pictograms/") for url in fetched_urls)


def test_hostile_fields_embed_nothing(hostile: Rendered) -> None:
    reader = hostile.reader
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"])
    assert b"root:x:0:0" not in hostile.pdf


def test_hostile_fields_are_printed_as_plain_text(hostile: Rendered) -> None:
    # Long URLs wrap anywhere on the page, so compare with all white space taken out.
    text = re.sub(r"\s+", "", hostile.text)
    for typed in ('<img src="file:///etc/passwd"> Ann', "@import url(http://127.0.0.1:9/evil.css);",
                  '<link rel=attachment href="file:///etc/passwd"> Z1', "<script>alert(1)</script>"):
        assert re.sub(r"\s+", "", typed) in text
    html = render_handout_html(hostile.context)
    assert "<img src=\"file:" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; Ann" in html
    assert "<script>" not in html
    assert "<link rel=attachment" not in html
