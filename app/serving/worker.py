"""A worker of ``newsdesk serve --workers N``: a uvicorn server fed connections by the supervisor.

The channel is a SOCK_SEQPACKET socketpair, one message each way per event: the supervisor sends
CONNECTION with the socket's descriptor; the worker answers READY once its app has started, and CLOSED
(repeated, when some could not be sent at once) per connection it has closed. An empty read means the
supervisor is gone, and the worker finishes its requests and exits.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import uvicorn

CONNECTION, READY, CLOSED = b"c", b"r", b"-"


def serve_worker(config: uvicorn.Config, sockets: list[socket.socket]) -> None:
    """The worker process's body (uvicorn's subprocess entry calls it with the channel as its socket)."""
    Worker(config, sockets[0]).run()


class Worker(uvicorn.Server):
    """uvicorn's server, taking its connections from the channel instead of a listening socket."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket) -> None:
        super().__init__(config)
        self.channel = channel
        self.unsent = 0  # closes not reported yet: the channel was full
        self.pending: set[asyncio.Task[Any]] = set()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start the app (lifespan), then take connections and tell the supervisor so."""
        await super().startup(sockets=[])
        loop = asyncio.get_running_loop()
        protocol_class = self.config.http_protocol_class
        report = self._closed

        class Counted(protocol_class):  # type: ignore[misc, valid-type]
            def connection_lost(self, exc: Exception | None) -> None:
                super().connection_lost(exc)
                report()

        self.protocol_class = Counted
        self.channel.setblocking(False)
        loop.add_reader(self.channel.fileno(), self._receive, loop)
        self.channel.send(READY)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """No more connections from the supervisor; then uvicorn's graceful shutdown of the open ones."""
        asyncio.get_running_loop().remove_reader(self.channel.fileno())
        await super().shutdown(sockets=[])

    def _receive(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                message, fds, _flags, _address = socket.recv_fds(self.channel, 16, 1)
            except BlockingIOError:
                return
            if not message:  # the supervisor exited
                loop.remove_reader(self.channel.fileno())
                self.should_exit = True
                return
            for fd in fds:
                task = loop.create_task(self._connect(loop, socket.socket(fileno=fd)))
                self.pending.add(task)
                task.add_done_callback(self.pending.discard)

    async def _connect(self, loop: asyncio.AbstractEventLoop, connection: socket.socket) -> None:
        connection.setblocking(False)
        try:
            await loop.connect_accepted_socket(self._protocol, connection, ssl=self.config.ssl)
        except OSError:  # the client left before its connection was set up
            connection.close()
            self._closed()

    def _protocol(self) -> asyncio.Protocol:
        protocol: asyncio.Protocol = self.protocol_class(
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )
        return protocol

    def _closed(self) -> None:
        """Report a closed connection (and any the full channel held back)."""
        self.unsent += 1
        try:
            self.channel.send(CLOSED * self.unsent)
        except BlockingIOError:
            return
        except OSError:  # the supervisor is gone
            self.unsent = 0
            return
        self.unsent = 0
