"""The embedded server refuses an oversized body from its Content-Length, unread."""

from __future__ import annotations

import socket
import threading

from waitress import wasyncore

from steadfast.web.management.commands.serve import web_server


def test_it_refuses_a_gigabyte_body_before_reading_it(settings):
    settings.STEADFAST_MAX_REQUEST_BODY = 64 * 1024
    server = web_server(host="127.0.0.1", port=0, threads=1)
    port = server.socket.getsockname()[1]  # type: ignore[attr-defined]
    answers: list[str] = []

    def client() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                b"POST /api/v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{"
            )
            answers.append(sock.recv(4096).decode(errors="replace"))

    thread = threading.Thread(target=client)
    thread.start()
    try:
        for _ in range(200):  # serve in this thread until the client has its answer
            wasyncore.loop(timeout=0.05, map=server._map, count=1)  # type: ignore[attr-defined]
            if not thread.is_alive():
                break
    finally:
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()  # type: ignore[attr-defined]
        server.close()

    assert answers and answers[0].startswith("HTTP/1.1 413")
