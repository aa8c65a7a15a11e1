# The course's JupyterHub for a demo or a small class on one machine: `make hub` (python -m tools.hub) starts
# `jupyterhub -f deploy/hub/jupyterhub_config.py` after its checks, with the HUB_* variables below set.
#
# What this demo uses, and what to use instead in production:
# - authenticator: DummyAuthenticator (subclassed below) with one shared demo password and a fixed list of
#   accounts. In production use your institution's login: OAuthenticator (GitHub, Google, Azure AD, generic
#   OAuth2/OIDC), ltiauthenticator (from Canvas, Moodle, Blackboard...), or NativeAuthenticator; never a shared
#   password.
# - spawner: SimpleLocalProcessSpawner, every account a process of the OS user who started the hub with a home
#   under build/hub/home/<user>: no isolation at all between students. On one server use SystemdSpawner or
#   DockerSpawner (one Unix user or container per student, with memory and CPU limits); on a cluster use
#   KubeSpawner through Zero to JupyterHub (https://z2jh.jupyter.org).
# - exchange: nbgrader's default file exchange in build/hub/exchange. With real Unix users it must be a folder
#   every user can write to (chmod 0777, or a group), on one server or a shared file system; students' ids then
#   come from their OS user names, and ExchangeCollect.check_owner should stay on.
# - proxy and TLS: the hub listens on 127.0.0.1 only, over plain HTTP. In production put it behind HTTPS
#   (JupyterHub's ssl_cert/ssl_key, or a reverse proxy such as nginx or Traefik).

import hmac
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO))
from jupyterhub.auth import DummyAuthenticator  # noqa: E402
from jupyterhub.handlers.login import LoginHandler  # noqa: E402

from tools import hub  # noqa: E402  (the repository's tools/, for the names and helpers shared with the launcher)

c = get_config()  # noqa: F821

settings = hub.Settings()

# -- The hub: loopback only, state in build/hub (HUB_STATE_DIR) --------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = settings.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_api_port or 8081
c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops the users' servers

# The proxy: configurable-http-proxy from node_modules (package-lock.json; tools/hub.py runs `npm ci` if missing).
c.ConfigurableHTTPProxy.command = [str(REPO / hub.PROXY)]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port or 8001}"
c.ConfigurableHTTPProxy.pid_file = str(settings.state / "jupyterhub-proxy.pid")


# -- Accounts: the demo's instructor and students, one shared password (HUB_PASSWORD) ----------------------------
class CourseLoginHandler(LoginHandler):
    """The login page, saying whether the account is unknown or the password is wrong.

    Helpful in a demo whose account names are printed anyway; a production hub should not tell strangers which
    accounts exist. `_render` is JupyterHub's own (5.x, pinned below 6 in pyproject.toml's `hub` extra).
    """

    async def _render(self, login_error=None, username=None, **kwargs):
        if login_error:
            login_error = hub.login_problem(username or "")
        return await super()._render(login_error=login_error, username=username, **kwargs)


class CourseDemoAuthenticator(DummyAuthenticator):
    """DummyAuthenticator with the demo's shared password checked here (its own `password` is deprecated)."""

    def get_handlers(self, app):
        return [("/login", CourseLoginHandler)]

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if name in hub.USERS and hmac.compare_digest(data.get("password", "").encode(), settings.password.encode()):
            return name
        return None


c.JupyterHub.authenticator_class = CourseDemoAuthenticator
c.Authenticator.allowed_users = set(hub.USERS)
c.Authenticator.admin_users = {hub.INSTRUCTOR}

# -- Spawner: each account a JupyterLab from this repository's .venv, home in build/hub/home/<user> ----------------
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: for a demo only (see the top of this file)
c.SimpleLocalProcessSpawner.home_dir_template = str(settings.homes / "{username}")
VENV_BIN = Path(sys.executable).parent  # this repository's .venv (the hub runs from it)
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.args = [
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    # browser_checks/test_hub.py reads JupyterLab's state (kernel idle, the open notebook) as test_lab_dashboard does.
    *(["--LabApp.expose_app_in_browser=True"] if os.environ.get("HUB_EXPOSE_APP") == "1" else []),
]
# The .venv's bin/ first on PATH: nbgrader runs `alembic` from it, and a terminal's `nbgrader` is the course's.
c.Spawner.environment = {"PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", os.defpath)])}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # a first JupyterLab start on a busy laptop
c.Spawner.http_timeout = 180


def prepare_user(spawner):
    """Before a server starts: the user's nbgrader config, and for the instructor the course directory."""
    name = spawner.user.name
    home = settings.home(name)
    hub.write_user_config(name, home, settings.exchange)
    if name == hub.INSTRUCTOR:
        new = hub.install_course(settings.course, home / hub.COURSE_ID)
        if new:
            spawner.log.info("course directory %s: added %s", home / hub.COURSE_ID, ", ".join(new))


c.Spawner.pre_spawn_hook = prepare_user
