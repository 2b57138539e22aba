"""What every ``citeqa`` command needs: its settings, and checks that fail before any model loads."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from citeqa.core.config import Settings, load_settings
from citeqa.core.errors import ConfigError


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings, with the command's ``--index`` (when it has one) over the environment's."""
    return load_settings(index_dir=getattr(args, "index", None))


def check_index(settings: Settings) -> None:
    """Fail in one line, before any model loads, when a given index is missing or of another format (the default
    index of the bundled article is built on first use), or the shared store cannot be reached or holds none."""
    from citeqa.index import store

    if settings.store:
        from citeqa.index.postgres import PostgresStore

        PostgresStore(settings.store)
        return
    if settings.uses_default_index():
        return
    index_dir = settings.resolved_index_dir()
    if not store.exists(index_dir):
        raise ConfigError(f"no index at {index_dir}: build it with 'citeqa ingest FILES --index {index_dir}'")
    store.read_manifest(index_dir)


def check_port(host: str, port: int) -> None:
    """Fail in one line, before the model loads, when ``host:port`` cannot be listened on."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc}") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                              "(another server there? choose another with --port)") from exc


def waiting_for(index_dir: Path) -> Callable[[str], None]:
    """What a writer says while it waits for another one holding ``index_dir``'s write lock."""

    def waiting(holder: str) -> None:
        print(f"another ingest (pid {holder}) is writing to {index_dir}; waiting for it to finish…", file=sys.stderr)

    return waiting
