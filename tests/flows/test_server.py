"""The flow against a real `prefect server` (PREFECT_API_URL set), as analysts deploy it."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    home = tmp_path_factory.mktemp("prefect-home")
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host",
                             "127.0.0.1", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("prefect server did not start within 90 s")
    yield url, home
    proc.terminate()
    proc.wait(timeout=30)


def test_run_reports_to_the_server(server, tmp_path):
    url, home = server
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text("The ward Party Committee strives for growth of at least "
                                  "8% a year by 2030.\n", encoding="utf-8")
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    res = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(src), "--out",
                          str(tmp_path / "out"), "--quiet"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Starting temporary server" not in res.stderr  # it used ours
    req = urllib.request.Request(f"{url}/flow_runs/filter", data=b'{"limit": 10}',
                                 headers={"Content-Type": "application/json"}, method="POST")
    import json

    with urllib.request.urlopen(req, timeout=10) as r:
        runs = json.load(r)
    assert any(run["state_type"] == "COMPLETED" for run in runs)
    req = urllib.request.Request(f"{url}/artifacts/filter", data=b'{"limit": 10}',
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        artifacts = json.load(r)
    summary = [a for a in artifacts if a["key"] == "restrack-run-summary"]
    assert summary and "| ok | 1 |" in summary[0]["data"]
