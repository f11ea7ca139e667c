"""A private PostgreSQL server a test starts, stops and restarts itself (pg_ctl)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def _bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return Path(found[-1]) if found and Path(found[-1], "pg_ctl").exists() else None


class PostgresServer:
    """initdb in a fresh directory, then pg_ctl start/stop on 127.0.0.1:`port`."""

    def __init__(self, port: int) -> None:
        pgbin = _bin()
        if pgbin is None:
            raise FileNotFoundError("PostgreSQL server binaries not installed")
        self.pgbin, self.port = pgbin, port
        self.data = Path(tempfile.mkdtemp(prefix="registratiebot-restart-"))
        self._as_owner: list[str] = []
        if os.getuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.data, "postgres")
            self._as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("start", "-w", "-t", "120", "-l", str(self.data / "server.log"), "-o", options)

    def stop(self) -> None:
        """A fast shutdown: open connections are cut, as in a real restart."""
        self._pg_ctl("stop", "-m", "fast", "-w", "-t", "120")

    def remove(self) -> None:
        self._pg_ctl("stop", "-m", "immediate", check=False)
        shutil.rmtree(self.data, ignore_errors=True)

    def _pg_ctl(self, *args: str, check: bool = True) -> None:
        self._run("pg_ctl", "-D", str(self.data), *args, check=check)

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        subprocess.run(
            [*self._as_owner, str(self.pgbin / program), *args],
            check=check,
            capture_output=True,
            timeout=180,
        )
