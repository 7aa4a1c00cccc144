"""The safety case page: every hazard with its controls, their rules linked to the rules page,
and their tests, for signed-in clinicians."""

from __future__ import annotations

import html
import re

from clinic.safety.log import hazard_log


def test_the_page_shows_every_hazard_control_and_test(therapist_client):
    page = therapist_client.get("/safety/")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for hazard in hazard_log().hazards:
        assert f"{hazard.id}. {hazard.title}</h2>" in text
        assert hazard.situation in text and hazard.harm in text
        for control in hazard.controls:
            assert control.how in text
            for ref in control.refs:
                assert f"<code>{ref}</code>" in text, ref
            for test in control.tests:
                assert f"<code>{test}</code>" in text, test
    assert "does not claim compliance with ISO 14971" in re.sub(r"\s+", " ", text)
    assert 'scope="col"' in text and 'scope="row"' in text


def test_rules_link_to_their_section_of_the_rules_page(therapist_client):
    text = therapist_client.get("/safety/").text
    rules_page = therapist_client.get("/rules/").text
    # The ACSM refusal for unstable heart disease is in the rules page's first section.
    link = re.search(r'<a href="/rules/#([\w-]+)"><code>unstable_cardiac</code></a>', text)
    assert link is not None
    section = re.search(rf'<h2 id="{link.group(1)}">([^<]+)</h2>', rules_page)
    assert section is not None and section.group(1) == "Absolute contraindications: not recommended"
    for anchor in set(re.findall(r'href="/rules/#([\w-]+)"', text)):
        assert f'id="{anchor}"' in rules_page


def test_the_safety_case_is_in_the_navigation_next_to_the_rules(therapist_client):
    page = therapist_client.get("/").text
    assert 'href="/rules/"' in page and 'href="/safety/"' in page
    assert page.index('href="/rules/"') < page.index('href="/safety/"')
