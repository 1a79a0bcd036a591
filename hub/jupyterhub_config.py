# JupyterHub configuration for the book's local hub: the one the hub test
# (tests/test_hub.py) and the capacity benchmark (tools/hub_capacity.py) start on
# 127.0.0.1 through tools/localhub.py, which sets the BOOK_HUB_* variables read here.
# It is a test hub, not a school's: any name logs in, and every student's server
# runs as the hub's own system user. A school's hub comes from The Littlest
# JupyterHub or Zero to JupyterHub (see appendices/jupyterhub.md).
import os
import signal
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

here = Path(__file__).resolve().parent
state = Path(os.environ["BOOK_HUB_STATE"])  # a temporary folder: database, secrets, homes
python_bin = Path(sys.executable).parent  # the environment the hub runs in serves the students too

c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ['BOOK_HUB_PORT']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ['BOOK_HUB_API_PORT']}"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
# JupyterHub stops its idle culler and the students' servers with SIGINT first. A hub started
# in the background (`&`, nohup, as CI may start it) inherits an ignored SIGINT, and so would
# everything it starts: each stop then waited out its timeouts (about 30 s a hub). Python's
# own handler here means the processes the hub starts get the default again.
signal.signal(signal.SIGINT, signal.default_int_handler)

c.ConfigurableHTTPProxy.command = [str(here / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['BOOK_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# Any name and password log in (JupyterHub's authenticator for tests).
c.JupyterHub.authenticator_class = "dummy"

# JupyterHub's spawner for tests: each student's server is a local process in a home
# folder of its own, without a system account per student.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
c.Spawner.cmd = [str(python_bin / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # thirty servers starting at once on two cores take a while
c.Spawner.http_timeout = 180
if os.geteuid() == 0:
    # As root (CI runs as root), the servers run as root too: Jupyter Server refuses
    # that unless allowed. A school's hub never does this: there each student's server
    # runs as that student (The Littlest JupyterHub makes a system user per student,
    # Zero to JupyterHub a container per student).
    c.Spawner.args = ["--ServerApp.allow_root=True"]
if os.environ.get("BOOK_HUB_JUPYTER_PATH"):
    # The test of a hub without the book's requirements puts a kernel from a bare
    # environment first on the students' Jupyter path.
    c.Spawner.environment = {"JUPYTER_PATH": os.environ["BOOK_HUB_JUPYTER_PATH"]}

# Idle culling: servers whose kernels have been idle for 10 minutes (600 s) are stopped,
# so that a class's memory is returned; the tests shorten it with BOOK_HUB_CULL_TIMEOUT.
cull_timeout = int(os.environ.get("BOOK_HUB_CULL_TIMEOUT", "600"))
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={cull_timeout}",
            f"--cull-every={max(cull_timeout // 10, 5)}",
        ],
    },
    # The test or benchmark itself: it adds students and starts their servers through the API.
    {"name": "book-admin", "api_token": os.environ["BOOK_HUB_ADMIN_TOKEN"]},
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {
        "name": "book-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
        "services": ["book-admin"],
    },
]
