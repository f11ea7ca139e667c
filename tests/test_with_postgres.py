"""scripts/with-postgres: a port held by another program does not stop the run (issue 13.12)."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest

from tests.console_support import REPO

SCRIPT = REPO / "scripts" / "with-postgres"


def available() -> bool:
    return subprocess.run([SCRIPT, "--available"], check=False).returncode == 0


@pytest.mark.skipif(not available(), reason="PostgreSQL server binaries not installed")
def test_a_taken_port_makes_it_start_on_the_next_free_one() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        env = {**os.environ, "TEST_POSTGRES_PORT": str(taken)}
        result = subprocess.run(
            [SCRIPT, "sh", "-c", 'echo "$TEST_POSTGRES_URL"'],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert f"port {taken} is taken, using" in result.stderr
    url = result.stdout.strip().splitlines()[-1]
    used = int(url.rsplit(":", 1)[1].split("/", 1)[0])
    assert used != taken
    assert used > taken
