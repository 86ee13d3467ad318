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
    log = open(home / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host",
                             "127.0.0.1", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
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
    log.close()


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


def _post(url: str, path: str, body: dict) -> list | dict:
    import json

    req = urllib.request.Request(f"{url}{path}", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def test_operators_list_flow_runs_with_the_cli(server, tmp_path):
    """``prefect flow-run ls`` works against the server (it failed with 422 under fastapi
    0.151+, hence the pin) and lists restrack's runs."""
    url, home = server
    src = tmp_path / "in"
    src.mkdir()
    (src / "plan.txt").write_text("Growth of 9% a year by 2030.\n", encoding="utf-8")
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    res = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(src), "--out", str(tmp_path / "out"),
                          "--quiet"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    ls = subprocess.run([sys.executable, "-m", "prefect", "flow-run", "ls"], env={**env, "COLUMNS": "250"}, cwd=ROOT,
                        capture_output=True, text=True, timeout=120)
    assert ls.returncode == 0, ls.stderr[-2000:]
    assert "process" in ls.stdout and "COMPLETED" in ls.stdout
    failed = [a for a in _post(url, "/artifacts/filter", {"limit": 50}) if a["key"] == "restrack-failed-files"]
    assert failed and failed[0]["type"] == "table"


def test_a_deployment_is_registered_triggered_and_processes_the_inbox(server, tmp_path):
    url, home = server
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "plan.txt").write_text("The commune strives for 100% of roads paved by 2028.\n", encoding="utf-8")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    serve = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", str(inbox), "--out", str(out),
                              "--cron", "0 3 * * *", "--name", "inbox-test"], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        deployments = []
        while time.monotonic() < deadline and not deployments:
            deployments = [d for d in _post(url, "/deployments/filter", {"limit": 50}) if d["name"] == "inbox-test"]
            time.sleep(1)
        assert deployments, "the deployment was not registered"
        dep = deployments[0]
        assert dep["parameters"]["options"]["inputs"] == [str(inbox)]
        assert dep["schedules"] and dep["schedules"][0]["schedule"]["cron"] == "0 3 * * *"
        run = subprocess.run([sys.executable, "-m", "prefect", "deployment", "run", "process/inbox-test"],
                             env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr[-2000:]
        state = None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and state not in ("COMPLETED", "FAILED", "CRASHED"):
            runs = _post(url, "/flow_runs/filter", {"limit": 50, "deployments": {"id": {"any_": [dep["id"]]}}})
            states = [r["state_type"] for r in runs if r["state_type"] not in ("SCHEDULED", "PENDING")]
            state = next((s for s in states if s in ("COMPLETED", "FAILED", "CRASHED")), state)
            time.sleep(2)
        assert state == "COMPLETED", serve.stdout.read() if serve.poll() is not None else state
        assert {r["status"] for r in _csv_rows(out / "documents.csv")} == {"ok", "error"}
    finally:
        serve.terminate()
        serve.wait(timeout=60)
    log = (home / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "Can't evaluate bulk DML" not in log and "Traceback" not in log


def _csv_rows(path):
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
