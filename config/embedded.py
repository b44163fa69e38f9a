"""Embedded PostgreSQL for running the product with nothing configured.

pgserver ships PostgreSQL binaries in a wheel and shares one server per data directory
between processes (web, worker, management commands), so every process calls this.
"""

import warnings
from pathlib import Path


def embedded_database_url(data_dir: Path) -> str:
    # platformdirs warns about XDG_RUNTIME_DIR on servers without a login session; harmless here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None keeps the server running between commands; `make stop` stops it.
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    return server.get_uri()
