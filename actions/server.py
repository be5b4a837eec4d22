"""The action server: rasa-sdk's app for ``actions/``, answering only Rasa.

``python -m actions.server --port 5055 [--host 127.0.0.1]``. Unlike ``rasa run actions``, it listens
on loopback unless told otherwise (``--host``, ``ACTION_SERVER_HOST``), sends no CORS headers (no
browser talks to it), and refuses (401) any call to ``/webhook`` or ``/actions`` without the shared
token ``ACTION_SERVER_TOKEN`` in the ``X-Action-Token`` header, which Rasa sends from its endpoints
file (``action_endpoint.headers``). ``/health`` stays open for probes.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

TOKEN_HEADER = "X-Action-Token"
OPEN_PATHS = {"/health"}


def create(token: str) -> Sanic:
    app = create_app("actions", cors_origins=None)

    @app.on_request
    async def refuse_callers_without_the_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return response.json({"error": f"the {TOKEN_HEADER} header is missing or wrong"}, status=401)
        return None

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.server", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default=os.environ.get("ACTION_SERVER_HOST") or "127.0.0.1")
    args = parser.parse_args(argv)
    token = os.environ.get("ACTION_SERVER_TOKEN", "")
    if not token:
        print(
            "actions.server: ACTION_SERVER_TOKEN is not set (python -m bot.ops.serve sets it)",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s  - %(message)s")
    create(token).run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
