"""The app's routes, enumerated from the URL map, with placeholder values for their arguments."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask

from clinic.security import PUBLIC_ENDPOINTS


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    methods: frozenset[str]
    arguments: frozenset[str]

    def url(self, value: int = 1) -> str:
        path = self.rule
        for argument in self.arguments:
            path = re.sub(rf"<(\w+:)?{argument}>", str(value), path)
        return path


def protected_routes(app: Flask) -> list[Route]:
    """Every route except the public ones, each method a client may send."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        methods = frozenset((rule.methods or set()) - {"HEAD", "OPTIONS"})
        routes.append(Route(rule.endpoint, rule.rule, methods, frozenset(rule.arguments)))
    return sorted(routes, key=lambda route: route.rule)
