"""The ceiling: a bare ASGI app answering each recorded request with the exact bytes the API sent.

It reads BENCH_CEILING_FILE (JSON: path+query -> status, headers, body) written by bench/run.py,
and does nothing per request but look the answer up and send it: what any Python server on
uvicorn can at best do for these responses.
"""

import base64
import json
import os
from pathlib import Path

from starlette.types import Receive, Scope, Send

_ANSWERS: dict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = {}
for key, (status, headers, body) in json.loads(
    Path(os.environ["BENCH_CEILING_FILE"]).read_text(encoding="utf-8")
).items():
    _ANSWERS[key] = (
        status,
        [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        base64.b64decode(body),
    )
_MISSING = (404, [(b"content-length", b"0")], b"")


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    query = scope["query_string"].decode("latin-1")
    key = scope["path"] + ("?" + query if query else "")
    if any(name == b"if-none-match" for name, _ in scope["headers"]):
        key += " 304"
    status, headers, body = _ANSWERS.get(key, _MISSING)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
