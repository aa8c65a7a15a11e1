"""A whole class on one machine: the course's JupyterHub with nbgrader, for a demo or a small lab.

    python -m tools.hub          (or: make hub)

Starts a real JupyterHub on 127.0.0.1 (``HUB_PORT``, default 8000) with ``deploy/hub/jupyterhub_config.py``:
demo accounts ``instructor``, ``student1`` and ``student2`` (``HUB_PASSWORD``, default ``gan-course-demo``),
each a home under ``build/hub/home/<user>`` running JupyterLab from this repository's ``.venv`` (so ``import
gan_course`` works), nbgrader's exchange in ``build/hub/exchange`` for the course ``gan-course``, and the
instructor's course directory copied from ``build/nbgrader`` (``make assignments``) to ``~/gan-course``,
where the formgrader works. The proxy is configurable-http-proxy from ``node_modules`` (``npm ci`` installs it
from ``package-lock.json`` when missing).

Everything here is for a demo: every account is the current OS user and shares one password. The README says
what to use instead in production. Problems a user can fix (port taken, exchange not writable, no course built,
an unknown account) are reported in one sentence, not a stack trace.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

__all__ = [
    "REPO",
    "CONFIG",
    "COURSE_ID",
    "INSTRUCTOR",
    "STUDENTS",
    "USERS",
    "DEFAULT_PASSWORD",
    "DEFAULT_PORT",
    "HubError",
    "Settings",
    "check_port",
    "check_exchange",
    "check_course",
    "login_problem",
    "install_course",
    "write_user_config",
    "ensure_proxy",
    "free_port",
    "main",
]

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "deploy" / "hub" / "jupyterhub_config.py"
COURSE_ID = "gan-course"
INSTRUCTOR = "instructor"
STUDENTS = ("student1", "student2")
USERS = (INSTRUCTOR, *STUDENTS)
DEFAULT_PASSWORD = "gan-course-demo"  # a demo's password, printed on the terminal; HUB_PASSWORD replaces it
DEFAULT_PORT = 8000
PROXY = Path("node_modules") / ".bin" / "configurable-http-proxy"
# nbgrader's JupyterLab and server extensions a student has no use for (the instructor keeps them all).
INSTRUCTOR_ONLY_LAB = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                       "@jupyter/nbgrader:course-list")  # fmt: skip
INSTRUCTOR_ONLY_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")


class HubError(RuntimeError):
    """A problem the person starting the hub can fix; its message is one sentence that says how."""


class Settings:
    """Where the hub keeps its state, and the ports and password it uses, from the environment."""

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        self.state = Path(env.get("HUB_STATE_DIR") or REPO / "build" / "hub").resolve()
        self.course = Path(env.get("HUB_COURSE_DIR") or REPO / "build" / "nbgrader").resolve()
        self.password = env.get("HUB_PASSWORD") or DEFAULT_PASSWORD
        try:
            self.port = int(env.get("HUB_PORT") or DEFAULT_PORT)
        except ValueError:
            raise HubError(f"HUB_PORT must be a port number such as 8001, not {env.get('HUB_PORT')!r}") from None
        # The hub's own API and the proxy's API: free ports unless set, so that two hubs never collide.
        self.hub_api_port = int(env.get("HUB_API_PORT") or 0)
        self.proxy_api_port = int(env.get("HUB_PROXY_API_PORT") or 0)

    @property
    def exchange(self) -> Path:
        return self.state / "exchange"

    @property
    def homes(self) -> Path:
        return self.state / "home"

    def home(self, user: str) -> Path:
        return self.homes / user

    def environ(self) -> dict[str, str]:
        """The variables deploy/hub/jupyterhub_config.py reads."""
        return {
            "HUB_STATE_DIR": str(self.state),
            "HUB_COURSE_DIR": str(self.course),
            "HUB_PASSWORD": self.password,
            "HUB_PORT": str(self.port),
            "HUB_API_PORT": str(self.hub_api_port),
            "HUB_PROXY_API_PORT": str(self.proxy_api_port),
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_port(port: int, host: str = "127.0.0.1") -> None:
    """Raise HubError when ``host:port`` is taken (another hub, a notebook server...)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the proxy binds: a just-stopped hub's port is free
        try:
            s.bind((host, port))
        except OSError:
            raise HubError(
                f"port {port} on {host} is taken (another hub or web server is using it): "
                f"pick another one, e.g. HUB_PORT={port + 1 if port < 65535 else 8001} make hub"
            ) from None


def check_exchange(exchange: Path) -> None:
    """Create nbgrader's exchange folder if needed; raise HubError when the hub's user cannot write to it."""
    user = getpass.getuser()
    try:
        exchange.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise HubError(
            f"the nbgrader exchange folder {exchange} cannot be created by {user}: create it and make it writable, "
            f"e.g. `mkdir -p {exchange} && chmod 0777 {exchange}`"
        ) from None
    if not os.access(exchange, os.W_OK | os.X_OK):
        raise HubError(
            f"the nbgrader exchange folder {exchange} is not writable by {user}: fix it with "
            f"`chmod u+rwx {exchange}` or `chown -R {user} {exchange}` (on a shared server: `chmod 0777 {exchange}`)"
        )


def check_course(course: Path) -> list[str]:
    """The assignments of the nbgrader course directory ``course``; HubError when there is none."""
    source = course / "source"
    assignments = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    if not assignments:
        raise HubError(f"there is no nbgrader course in {course} (no assignment in {source}): run `make assignments`")
    return assignments


def login_problem(username: str, users=USERS) -> str:
    """The login page's message after a failed login as ``username``."""
    accounts = ", ".join(users[:-1]) + " and " + users[-1] if len(users) > 1 else users[0]
    name = (username or "").strip().lower()
    if name not in users:
        return f"{username!r} is not an account of this hub: the accounts are {accounts}."
    return f"Wrong password for {name}: it is the hub's HUB_PASSWORD (default {DEFAULT_PASSWORD!r} for the demo)."


def install_course(course: Path, dest: Path) -> list[str]:
    """Copy the course directory built by ``make assignments`` to the instructor's ``dest``; return what was new.

    An assignment already in ``dest`` is kept as it is (the instructor may have edited it, and its gradebook,
    submissions and feedback live there); delete ``dest`` (or all of build/hub) to start again from the build.
    """
    assignments = check_course(course)
    dest.mkdir(parents=True, exist_ok=True)
    config, copy = course / "nbgrader_config.py", dest / "nbgrader_config.py"
    if not copy.exists():
        # The build's config (timeouts, stubs) with this copy as the course's root: its own root is build/nbgrader.
        text = config.read_text() if config.exists() else "c = get_config()  # noqa: F821\n"
        copy.write_text(
            f"{text.rstrip()}\n\n# On the hub (tools/hub.py) this copy is the instructor's course directory.\n"
            f"c.CourseDirectory.root = {str(dest)!r}\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
        )
    new = []
    for name in assignments:
        for step in ("source", "release"):
            src, dst = course / step / name, dest / step / name
            if src.is_dir() and not dst.exists():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
                if step == "source":
                    new.append(name)
    return new


def write_user_config(user: str, home: Path, exchange: Path) -> Path:
    """Write ``home/.jupyter/nbgrader_config.py`` (and, for a student, which nbgrader extensions are off).

    The demo's accounts all run as one OS user, so each student's id is set here rather than read from the OS.
    """
    jupyter = home / ".jupyter"
    jupyter.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by tools/hub.py each time the hub starts this user's server: edits here are overwritten.",
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {COURSE_ID!r}",
        f"c.Exchange.root = {str(exchange)!r}",
    ]
    if user == INSTRUCTOR:
        lines += [
            f"c.CourseDirectory.root = {str(home / COURSE_ID)!r}",
            "# Every demo account is the same OS user, so a submission's owner never matches its student id.",
            "c.ExchangeCollect.check_owner = False",
        ]
    else:
        lines += [f"c.CourseDirectory.student_id = {user!r}"]
    config = jupyter / "nbgrader_config.py"
    config.write_text("\n".join(lines) + "\n")
    labconfig = jupyter / "labconfig"
    labconfig.mkdir(exist_ok=True)
    off = {} if user == INSTRUCTOR else dict.fromkeys(INSTRUCTOR_ONLY_LAB, True)
    (labconfig / "page_config.json").write_text(json.dumps({"disabledExtensions": off}, indent=1))
    extensions = {} if user == INSTRUCTOR else dict.fromkeys(INSTRUCTOR_ONLY_SERVER, False)
    (jupyter / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}}, indent=1)
    )
    # No "get notified about Jupyter news?" pop-up in a class (written once: a user's later choice is kept).
    news = jupyter / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    if not news.exists():
        news.parent.mkdir(parents=True, exist_ok=True)
        news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    return config


def ensure_proxy(repo: Path = REPO) -> Path:
    """``node_modules/.bin/configurable-http-proxy``, installed with ``npm ci`` (package-lock.json) when missing."""
    proxy = repo / PROXY
    if proxy.exists():
        return proxy
    npm = shutil.which("npm")
    if npm is None:
        raise HubError(
            "the hub's proxy, configurable-http-proxy, comes from npm and `npm` is not installed: install Node.js "
            "(e.g. `apt-get install npm`), then run `npm ci` in the repository"
        )
    print("installing JupyterHub's proxy: npm ci", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=repo, check=True)
    if not proxy.exists():
        raise HubError(f"`npm ci` did not install {PROXY}; check package.json and package-lock.json")
    return proxy


def prepare(settings: Settings) -> list[str]:
    """Every check before the hub starts; returns the course's assignments. Raises HubError."""
    check_port(settings.port)
    assignments = check_course(settings.course)
    check_exchange(settings.exchange)
    ensure_proxy()
    settings.homes.mkdir(parents=True, exist_ok=True)
    return assignments


def main(argv: list[str] | None = None) -> int:
    try:
        settings = Settings()
        assignments = prepare(settings)
    except HubError as e:
        print(f"make hub: {e}", file=sys.stderr)
        return 2
    settings.hub_api_port = settings.hub_api_port or free_port()
    settings.proxy_api_port = settings.proxy_api_port or free_port()
    env = {**os.environ, **settings.environ()}
    print(
        f"The course's JupyterHub: http://127.0.0.1:{settings.port}/  accounts {', '.join(USERS)}, "
        f"password {'from HUB_PASSWORD' if os.environ.get('HUB_PASSWORD') else repr(DEFAULT_PASSWORD)}; "
        f"assignments {', '.join(assignments)}; state in {settings.state}. Ctrl-C stops it.",
        flush=True,
    )
    state = settings.state
    state.mkdir(parents=True, exist_ok=True)
    hub = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG), *(argv if argv is not None else sys.argv[1:])]
    os.chdir(state)  # jupyterhub.sqlite, the cookie secret and the proxy's pid file are written here
    os.execve(sys.executable, hub, env)  # the hub takes this process: Ctrl-C and SIGTERM reach it directly


if __name__ == "__main__":
    sys.exit(main())
