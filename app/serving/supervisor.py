"""``newsdesk serve --workers N``: this process accepts; each connection goes to the worker with the fewest.

uvicorn's own workers all accept from one shared socket, and an event loop woken by it accepts every
connection queued. Connections opened together (a script's four exports, a load test's eight) then land
3/1 or 6/2 on two processes: one does the work of both while the other idles (BENCHMARKS.md, rounds 5
and 8). Here the supervisor accepts and passes each socket (SCM_RIGHTS over a socketpair) to the ready
worker with the fewest open connections, as Node's cluster module does on Linux; a worker reports each
connection it closes. Workers are uvicorn servers without a listening socket of their own.
"""

from __future__ import annotations

import functools
import logging
import os
import selectors
import signal
import socket
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn
from uvicorn._subprocess import get_subprocess
from uvicorn.config import STARTUP_FAILURE

from app.serving.worker import CLOSED, CONNECTION, READY, serve_worker

logger = logging.getLogger("uvicorn.error")
POLL_SECONDS = 0.5
MESSAGE_BYTES = 4096


@dataclass(eq=False, slots=True)
class Worker:
    """A worker process, the supervisor's end of its channel and its connections still open."""

    process: BaseProcess
    channel: socket.socket
    open: int = 0
    ready: bool = False


class Supervisor:
    """Runs ``workers`` uvicorn workers behind one listening socket until SIGINT or SIGTERM."""

    def __init__(self, config: uvicorn.Config, workers: int) -> None:
        self.config, self.count = config, workers
        self.workers: list[Worker] = []
        self.selector = selectors.DefaultSelector()
        self.listener: socket.socket | None = None
        self.listening = False
        self.signals = 0
        self.exit_code = 0
        self.turn = 0  # where the search for the least-loaded worker starts: ties take turns

    def run(self) -> int:
        """Serve; the exit code (3 when a worker could not start, as uvicorn's)."""
        self.listener = self.config.bind_socket()
        self.listener.listen(self.config.backlog)
        self.listener.setblocking(False)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._on_signal)
        logger.info("Started parent process [%d]: connections go to the worker with the fewest", os.getpid())
        try:
            for _ in range(self.count):
                self._start()
            while not self.signals:
                self._poll()
        finally:
            self._stop()
        return self.exit_code

    def _on_signal(self, _sig: int, _frame: FrameType | None) -> None:
        self.signals += 1
        if self.signals > 1:  # a second Ctrl-C: do not wait for open requests
            for worker in self.workers:
                worker.process.kill()

    def _start(self) -> None:
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        target = functools.partial(serve_worker, self.config)
        process = get_subprocess(self.config, target, [theirs])
        process.start()
        theirs.close()  # the child has its own copy
        mine.setblocking(False)
        worker = Worker(process, mine)
        self.workers.append(worker)
        self.selector.register(mine, selectors.EVENT_READ, worker)

    def _poll(self) -> None:
        for key, _events in self.selector.select(POLL_SECONDS):
            if key.data is None:
                self._dispatch()
            else:
                self._hear(key.data)
        for worker in list(self.workers):
            if not worker.process.is_alive():
                self._lost(worker)

    def _hear(self, worker: Worker) -> None:
        """Read the worker's messages: ready, or n connections closed; nothing means it exited."""
        while True:
            try:
                message = worker.channel.recv(MESSAGE_BYTES)
            except BlockingIOError:
                return
            except OSError:
                message = b""
            if not message:
                self._lost(worker)
                return
            if message == READY:
                worker.ready = True
                self._listen()
            else:
                worker.open = max(0, worker.open - message.count(CLOSED))

    def _dispatch(self) -> None:
        """Accept every queued connection, each to the ready worker with the fewest open."""
        assert self.listener is not None
        while True:
            try:
                connection, _address = self.listener.accept()
            except BlockingIOError:
                return
            except OSError as exc:  # out of file descriptors, say: the connection waits in the queue
                logger.warning("Could not accept a connection: %s", exc)
                return
            with connection:
                self._hand_over(connection)

    def _hand_over(self, connection: socket.socket) -> None:
        ready = [w for w in self.workers if w.ready]
        self.turn = (self.turn + 1) % max(1, len(ready))
        for worker in sorted(ready[self.turn :] + ready[: self.turn], key=lambda w: w.open):
            try:
                socket.send_fds(worker.channel, [CONNECTION], [connection.fileno()])
            except OSError:  # its queue is full, or it is exiting: the next one
                continue
            worker.open += 1
            return
        logger.warning("No worker could take a connection; closed it")

    def _lost(self, worker: Worker) -> None:
        """A worker exited: forget it, and start another unless stopping or it could not start."""
        if worker not in self.workers:
            return
        self.workers.remove(worker)
        self.selector.unregister(worker.channel)
        worker.channel.close()
        worker.process.join(POLL_SECONDS)
        if self.signals:
            return
        if not worker.ready:  # the app cannot start (uvicorn exits 3): a new worker would fail the same way
            logger.error("Worker process [%s] failed to start; stopping", worker.process.pid)
            self.exit_code, self.signals = STARTUP_FAILURE, 1
            return
        logger.warning("Worker process [%s] exited (%s); starting another", worker.process.pid,
                       worker.process.exitcode)
        self._listen()
        self._start()

    def _listen(self) -> None:
        """Take connections only while a worker is ready to serve them; until then they wait queued."""
        assert self.listener is not None
        ready = any(w.ready for w in self.workers)
        if ready and not self.listening:
            self.selector.register(self.listener, selectors.EVENT_READ, None)
        elif not ready and self.listening:
            self.selector.unregister(self.listener)
        self.listening = ready

    def _stop(self) -> None:
        """Stop accepting, ask every worker to finish its requests (SIGTERM), and wait for them."""
        if self.listener is not None:
            if self.listening:
                self.selector.unregister(self.listener)
            self.listener.close()
        for worker in self.workers:
            worker.process.terminate()
        for worker in self.workers:
            while worker.process.is_alive():
                worker.process.join(POLL_SECONDS)
            worker.channel.close()
        logger.info("Stopping parent process [%d]", os.getpid())
