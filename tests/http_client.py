"""A small cookie-keeping HTTP client for live servers: sign in, get, and resubmit forms."""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormFields(HTMLParser):
    """The values a browser would submit for the first POST form in the page's <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._in_main = False
        self._done = False
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "main":
            self._in_main = True
        if tag == "form" and self._in_main and not self._done and a.get("method", "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        if tag == "select":
            self._select = None


class Session:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base_url + path, timeout=60) as response:
            return bytes(response.read())

    def status(self, path: str) -> int:
        """GET a page; its status, whatever it is (an error page too)."""
        return self.answer(path, None)[0]

    def post(self, path: str, fields: dict[str, str]) -> int:
        return self.answer(path, fields)[0]

    def answer(self, path: str, fields: dict[str, str] | None) -> tuple[int, str]:
        """GET (no fields) or POST a form; the status and the page, error pages included."""
        body = None if fields is None else urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base_url + path, body, timeout=60) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as error:
            return int(error.code), error.read().decode()

    def form_fields(self, path: str) -> dict[str, str]:
        parser = FormFields()
        parser.feed(self.get(path).decode())
        return parser.fields

    def try_sign_in(self, username: str, password: str) -> int:
        """Fill in and send the sign-in form as a browser would; the response status."""
        fields = self.form_fields("/login")
        fields.update(username=username, password=password)
        return self.post("/login", fields)

    def sign_in(self, username: str, password: str) -> None:
        status = self.try_sign_in(username, password)
        if status != 302:
            raise RuntimeError(f"sign-in as {username} answered {status}")
