"""The app's download links: ``/export/pitch.{pptx,pdf,md,csv,json}``, served with no session."""

from __future__ import annotations

import datetime as dt
import os

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ui import signin_routes


def serve_pitch_file(request: Request) -> Response:
    """Answer a download link with the pitch's file, or 400 and a plain reason."""
    # Imported on the first download, not at server start: the start-up hook warms the pages.
    from insights.outputs import download
    from insights.pitch import talk
    from ui import data

    params = {name: request.query_params.getlist(name) for name in request.query_params}
    public_url = os.environ.get(talk.PUBLIC_URL_ENV, "").strip()
    # Any server behind the load balancer answers alike: the link holds the whole pitch.
    result = download.build_download(
        request.path_params["fmt"],
        params,
        data.get_catalog(drafts=False),
        dt.date.today(),
        public_url,
    )
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if isinstance(result, download.Refusal):
        return PlainTextResponse(result.message, status_code=400, headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{result.file_name}"'
    return Response(result.body, media_type=result.mime, headers=headers)


# A sync endpoint: Starlette runs it on its thread pool, so a deck being built never blocks
# the event loop that carries every session's websocket.
# The sign-in routes ride along: app.py hands the App this one list.
ROUTES = [Route("/export/pitch.{fmt}", serve_pitch_file, methods=["GET"]), *signin_routes.ROUTES]
