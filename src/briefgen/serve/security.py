"""Request guard: access token off loopback, Host check on it, cross-site refusal, CSRF cookie, upload size."""

from __future__ import annotations

import ipaddress
import json
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

TOKEN_COOKIE = "briefgen_token"
CSRF_COOKIE = "briefgen_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_PATHS = {"/healthz"}  #: answers "ok" only; monitoring may probe it without the token
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                 b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send "Origin: null" on form posts
    (b"x-frame-options", b"DENY"),
]


class TooLarge(Exception):
    """The request body went past the upload limit."""


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def size_text(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


class Guard:
    """ASGI middleware in front of every route; see the module docstring.

    *token* is None when serving on loopback: then only requests whose Host header names a loopback
    address are answered (a web page cannot reach the app through DNS rebinding). With a token, every
    request must carry it: ``Authorization: Bearer …``, the cookie set by opening the printed link, or
    ``?token=…``.
    """

    def __init__(self, app, *, token: str | None, max_upload: int):
        self.app, self.token, self.max_upload = app, token, max_upload

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = {k: m.value for k, m in SimpleCookie(headers.get("cookie", "")).items()}
        path, method = scope["path"], scope["method"]
        is_api = path.startswith("/api/") or path == "/healthz"
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        set_cookies: list[str] = []

        if path not in OPEN_PATHS:
            if self.token is None:
                if not is_loopback(_host_name(headers.get("host", ""))):
                    return await _refuse(send, 403, is_api, "请求的主机名不是本机（127.0.0.1 / localhost），已拒绝。")
            else:
                given = _bearer(headers) or cookies.get(TOKEN_COOKIE) or query.get("token") or ""
                if not secrets.compare_digest(given.encode(), self.token.encode()):
                    return await _refuse(send, 401, is_api, "需要访问令牌：请打开 briefgen serve 启动时打印的链接"
                                                            "（或在请求头加 Authorization: Bearer 令牌）。")
                if query.get("token") and method == "GET" and not is_api:
                    rest = urlencode([(k, v) for k, v in parse_qsl(scope["query_string"].decode()) if k != "token"])
                    return await _redirect(send, path + ("?" + rest if rest else ""),
                                           [_cookie(TOKEN_COOKIE, self.token)])
        if method in UNSAFE:
            origin = headers.get("origin")
            if headers.get("sec-fetch-site") == "cross-site" or (
                    origin and origin != "null" and origin.split("://", 1)[-1] != headers.get("host")):
                return await _refuse(send, 403, is_api, "拒绝来自其他网站的请求（跨站请求）。")
            if origin == "null":
                return await _refuse(send, 403, is_api, "拒绝来源不明的请求。")
            if is_api and CSRF_COOKIE in cookies and not secrets.compare_digest(
                    headers.get(CSRF_HEADER, "").encode(), cookies[CSRF_COOKIE].encode()):
                return await _refuse(send, 403, is_api, "页面已过期（校验码不符），请刷新页面后重试。")
            length = headers.get("content-length")
            if length and length.isdigit() and int(length) > self.max_upload:
                return await _refuse(send, 413, is_api, f"上传内容 {size_text(int(length))}，超过上限 "
                                     f"{size_text(self.max_upload)}（配置项 serve.max_upload_mb），未保存任何内容。")
        csrf = cookies.get(CSRF_COOKIE)
        if not csrf:
            csrf = secrets.token_urlsafe(24)
            set_cookies.append(_cookie(CSRF_COOKIE, csrf, http_only=False))
        scope.setdefault("state", {})["csrf"] = csrf

        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_upload:
                    raise TooLarge(received)
            return message

        async def guarded_send(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS + [
                    (b"set-cookie", c.encode("latin-1")) for c in set_cookies]
            await send(message)

        await self.app(scope, limited_receive, guarded_send)


def _bearer(headers: dict) -> str | None:
    auth = headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def _cookie(name: str, value: str, http_only: bool = True) -> str:
    return f"{name}={value}; Path=/; SameSite=Strict" + ("; HttpOnly" if http_only else "")


async def _refuse(send, status: int, is_api: bool, message: str) -> None:
    if is_api:
        body, ctype = json.dumps({"error": message}, ensure_ascii=False).encode(), b"application/json"
    else:
        body = (f"<!doctype html><meta charset=utf-8><title>briefgen</title>"
                f"<p style='font:16px sans-serif;margin:3em'>{message}</p>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())] + HEADERS})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str, cookies: list[str]) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", quote(location, safe="/?=&%").encode("latin-1")), (b"content-length", b"0")] + HEADERS
                + [(b"set-cookie", c.encode("latin-1")) for c in cookies]})
    await send({"type": "http.response.body", "body": b""})


def check_form_csrf(request, form) -> bool:
    """An HTML form post carries the CSRF cookie's value in its hidden field."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    field = form.get(CSRF_FIELD) or ""
    return bool(cookie) and isinstance(field, str) and secrets.compare_digest(field.encode(), cookie.encode())
