"""Teams tests talk to real sockets on 127.0.0.1 only: any other host fails the test."""

from __future__ import annotations

import socket

import pytest
from teams_wire import start_connector

_LOCAL = {"127.0.0.1", "localhost", "::1", "testserver", "testclient"}


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    """Nothing may resolve login.microsoftonline.com (or any host but the loopback)."""
    resolve = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in _LOCAL:
            raise OSError(f"test tried to reach {host!r}: Teams tests stay on 127.0.0.1")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)


@pytest.fixture(scope="module")
def connector():
    """The Bot Connector stand-in: a threaded http.server on a free 127.0.0.1 port."""
    fake, server = start_connector()
    yield fake
    server.shutdown()
    server.server_close()
