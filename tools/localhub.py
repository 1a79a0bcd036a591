"""A real JupyterHub on 127.0.0.1, for the hub test and the capacity benchmark.

    with LocalHub(workdir) as hub:
        student = hub.add_student("ada")         # a user, a token, a running server
        link = nbgitpuller_link(hub.url, repo_url, "chapters/01-....ipynb")

The hub runs from the Python environment running this module (requirements.txt,
requirements-hub.txt) with the proxy from hub/node_modules (``npm ci --prefix hub``)
and the settings in hub/jupyterhub_config.py. Everything it starts (proxy, idle
culler, the students' servers and their kernels) is stopped by ``stop()``, which
``with`` calls even when the block fails.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

HUB_DIR = Path(__file__).resolve().parents[1] / "hub"  # its configuration and its proxy
CONFIG = HUB_DIR / "jupyterhub_config.py"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
PYTHON_PACKAGES = {
    "jupyterhub": "jupyterhub",
    "nbgitpuller": "nbgitpuller",
    "jupyterhub_idle_culler": "jupyterhub-idle-culler",
}
BOOK_REPO_NAME = "china-japan-bri"  # the folder nbgitpuller makes in each student's home


class HubError(Exception):
    """The local hub could not do what was asked; the message says what and why."""


def missing_requirements() -> str | None:
    """Why a local hub cannot run here, or None when it can."""
    if os.name != "posix":  # the hub's configuration uses os.geteuid and POSIX processes
        return "the local hub runs on Linux or macOS only"
    missing = [
        package
        for module, package in PYTHON_PACKAGES.items()
        if importlib.util.find_spec(module) is None
    ]
    if missing:
        return f"{', '.join(missing)} not installed: pip install -r requirements-hub.txt"
    if shutil.which("git") is None:
        return "git is not installed (nbgitpuller needs it)"
    if not PROXY.exists():
        return "the hub's proxy (configurable-http-proxy) is not installed: npm ci --prefix hub"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nbgitpuller_link(
    hub_url: str, repo_url: str, path: str, branch: str = "main", interface: str = "lab/tree"
) -> str:
    """The link that copies a repository into a student's home and opens ``path`` in it:
    the form Jupyter Book's JupyterHub launch button makes (and nbgitpuller's link generator)."""
    query = urlencode(
        {
            "repo": repo_url,
            "urlpath": f"{interface}/{repo_url.rstrip('/').split('/')[-1]}/{path}",
            "branch": branch,
        },
        safe="/",
    )
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def publish_repository(source: Path, parent: Path, branch: str = "main") -> str:
    """A bare copy of ``source``'s committed HEAD as branch ``branch``, standing in for
    the book's online repository; returns its file:// URL."""
    target = parent / BOOK_REPO_NAME
    subprocess.run(
        ["git", "init", "--quiet", "--bare", f"--initial-branch={branch}", str(target)], check=True
    )
    subprocess.run(
        ["git", "-C", str(source), "push", "--quiet", str(target), f"HEAD:refs/heads/{branch}"],
        check=True,
        capture_output=True,
    )
    return target.as_uri()


@dataclass
class Student:
    name: str
    token: str
    server_url: str  # http://127.0.0.1:PORT/user/NAME/

    @property
    def headers(self) -> dict:
        return {"Authorization": f"token {self.token}"}

    def pull(self, repo_url: str, branch: str = "main", timeout: float = 300) -> str:
        """What an nbgitpuller link does before it opens the notebook: copy the repository
        into the student's home, or merge its new commits into their copy. Returns git's output."""
        import requests

        params = {
            "repo": repo_url,
            "branch": branch,
            "targetpath": repo_url.rstrip("/").split("/")[-1],
        }
        output = []
        with requests.get(
            f"{self.server_url}git-pull/api",
            params=params,
            headers=self.headers,
            stream=True,
            timeout=timeout,
        ) as response:
            for line in response.iter_lines(decode_unicode=True):
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[len("data:") :])
                output.append(event.get("output", ""))
                if event["phase"] == "finished":
                    return "".join(output)
                if event["phase"] == "error":
                    raise HubError(
                        f"nbgitpuller could not pull {repo_url} for {self.name}: "
                        f"{event['message']}\n" + "".join(output)
                    )
        raise HubError(
            f"nbgitpuller stopped without finishing (HTTP {response.status_code}):\n"
            + "".join(output)
        )


class LocalHub:
    def __init__(self, workdir: Path, cull_timeout: int = 600, jupyter_path: Path | None = None):
        self.state = Path(workdir)
        self.port, self.admin_token = free_port(), secrets.token_hex(32)
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            BOOK_HUB_STATE=str(self.state),
            BOOK_HUB_PORT=str(self.port),
            BOOK_HUB_API_PORT=str(free_port()),
            BOOK_HUB_PROXY_API_PORT=str(free_port()),
            BOOK_HUB_ADMIN_TOKEN=self.admin_token,
            BOOK_HUB_CULL_TIMEOUT=str(cull_timeout),
            # The servers find jupyterhub-singleuser, git and node on PATH.
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        )
        if jupyter_path is not None:
            self.env["BOOK_HUB_JUPYTER_PATH"] = str(jupyter_path)
        self.log_path = self.state / "jupyterhub.log"
        self.process: subprocess.Popen | None = None

    # --- starting and stopping -------------------------------------------------

    def start(self, timeout: float = 90) -> LocalHub:
        reason = missing_requirements()
        if reason:
            raise HubError(f"The local hub cannot start: {reason}.")
        self.state.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
                cwd=self.state,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(
                    f"JupyterHub exited with code {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                if self.api("GET", "/").ok:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.stop()
        raise HubError(
            f"JupyterHub did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Stop the hub (which stops the proxy, the culler and every server), then kill
        whatever it started that is still running."""
        if self.process is None:
            return
        import psutil

        try:
            started = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            started = []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for process in started:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(started, timeout=10)
        self.process = None

    def __enter__(self) -> LocalHub:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # --- the hub's REST API, as the admin service ------------------------------

    def api(self, method: str, path: str, **kwargs):
        import requests

        return requests.request(
            method,
            f"{self.url}/hub/api{path}",
            timeout=30,
            headers={"Authorization": f"token {self.admin_token}"},
            **kwargs,
        )

    def _checked(self, method: str, path: str, **kwargs):
        response = self.api(method, path, **kwargs)
        if not response.ok:
            raise HubError(f"{method} {path}: HTTP {response.status_code}: {response.text[:500]}")
        return response

    def add_student(self, name: str, start: bool = True, timeout: float = 180) -> Student:
        """A user with an API token of their own and, if ``start``, a running server."""
        if self.api("GET", f"/users/{name}").status_code == 404:
            self._checked("POST", f"/users/{name}")
        token = self._checked(
            "POST", f"/users/{name}/tokens", json={"note": "book test", "expires_in": 7200}
        ).json()["token"]
        student = Student(name, token, f"{self.url}/user/{name}/")
        if start:
            self.start_server(name, timeout)
        return student

    def start_server(self, name: str, timeout: float = 180) -> None:
        response = self.api("POST", f"/users/{name}/server")
        if response.status_code not in (201, 202, 400):  # 400: already running
            raise HubError(
                f"could not start {name}'s server: HTTP {response.status_code}: "
                f"{response.text[:500]}"
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.server(name)
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise HubError(f"{name}'s server was not ready within {timeout:.0f} s:\n{self.log_tail()}")

    def server(self, name: str) -> dict | None:
        """The hub's record of a student's running server (with its process id), or None."""
        user = self._checked("GET", f"/users/{name}").json()
        return user.get("servers", {}).get("")

    def server_pid(self, name: str) -> int | None:
        server = self.server(name)
        return (server or {}).get("state", {}).get("pid")
