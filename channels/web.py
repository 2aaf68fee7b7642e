"""Serves the website widget's files and the demo page from the Rasa server itself, so that a
clinic needs no CDN and no other web server: /webhooks/web/ (demo page), /webhooks/web/widget.js;
and keeps Rasa's version out of `GET /`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.exceptions import NotFound
from sanic.request import Request

from channels.named import Named

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
# No inline script or style anywhere: a strict policy stops injected markup from running.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


async def send_file(path: Path, *, page: bool = False) -> Any:
    if not path.is_file():
        raise NotFound("Not found. Did `make setup` install the web assets (npm)?")
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    if page:
        headers["Content-Security-Policy"] = PAGE_CSP
        headers["Referrer-Policy"] = "no-referrer"
    return await response.file(path, headers=headers, mime_type=CONTENT_TYPES.get(path.suffix))


def add_page_routes(blueprint: Blueprint, page: Path, files: dict[str, Path]) -> None:
    """A page at the blueprint's folder URL (…/name/) and its listed files beside it."""

    @blueprint.route("/", methods=["GET"])
    async def without_slash(request: Request) -> Any:
        # Sanic routes ".../web" here; the page's relative links need ".../web/".
        return response.redirect(request.path.rstrip("/") + "/")

    @blueprint.route("/<name:str>", methods=["GET"])
    async def file(_: Request, name: str) -> Any:
        if name in ("", "index.html"):
            return await send_file(page, page=True)
        if name not in files:  # a fixed list: no path from the request reaches the disk
            raise NotFound("Not found.")
        return await send_file(files[name])


def hide_version_banner(blueprint: Blueprint) -> None:
    """Rasa's `GET /` answers "Hello from Rasa: <version>", telling a scanner which known flaws
    to try; the health check needs only a 200."""

    async def alive(_: Request) -> Any:
        return response.text("ok")

    @blueprint.listener("before_server_start")
    async def replace_root_handler(app: Any, _: Any) -> None:
        for route in app.router.routes:
            if route.path == "" and "GET" in route.methods:
                route.handler = alive


class WebAssets(Named, InputChannel):
    """Not a messaging channel: it only serves the widget and the demo page."""

    FILES: ClassVar[dict[str, Path]] = {
        "widget.js": WEB_DIR / "widget" / "widget.js",
        "widget.css": WEB_DIR / "widget" / "widget.css",
        "reply-view.js": WEB_DIR / "shared" / "reply-view.js",
        "socket.io.min.js": WEB_DIR / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js",
        "demo.css": WEB_DIR / "demo" / "demo.css",
    }

    channel_name = "web"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("web_assets", __name__)

        add_page_routes(blueprint, WEB_DIR / "demo" / "index.html", self.FILES)
        hide_version_banner(blueprint)

        return blueprint
