"""The engine rules page: every rule of the catalogue, by section, with its full reference."""

from __future__ import annotations

import html

from clinic import rx


def test_the_page_shows_every_rule_with_threshold_effect_and_full_source(therapist_client):
    page = therapist_client.get("/rules/")
    assert page.status_code == 200
    text = html.unescape(page.text)
    catalog = rx.rules_catalog()
    assert catalog
    for section in {entry.section for entry in catalog}:
        assert f">{section}</h2>" in text, section
    for entry in catalog:
        assert f"<code>{entry.code}</code>" in text, entry.code
        assert entry.condition in text and entry.effect in text and entry.reference in text
    assert f"Rules version {rx.RULES_VERSION}" in text
    for line in rx.principles():
        assert line in text, line
    assert "Evidence unlocks freedom; missing evidence never does." in text
    assert "A course, not a restart" in text
    assert 'scope="col"' in text and 'scope="row"' in text


def test_the_rules_page_is_in_the_navigation(therapist_client):
    page = therapist_client.get("/")
    assert 'href="/rules/"' in page.text
