"""``make hub``'s launcher (tools/hub.py) and config (deploy/hub): problems a user can fix are told in one sentence.

The whole class on a running hub, in a browser, is browser_checks/test_hub.py (``make hub-check``).
"""

import asyncio
import os
import socket

import nbformat
import pytest
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from tools import hub


def test_a_taken_port_is_named_with_the_way_to_pick_another():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(hub.HubError) as e:
            hub.check_port(port)
    message = str(e.value)
    assert f"port {port} on 127.0.0.1 is taken" in message
    assert f"HUB_PORT={port + 1} make hub" in message
    hub.check_port(port)  # free again


def test_main_says_one_sentence_and_exits_2_when_the_port_is_taken(monkeypatch, capsys, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        monkeypatch.setenv("HUB_PORT", str(s.getsockname()[1]))
        monkeypatch.setenv("HUB_STATE_DIR", str(tmp_path))
        assert hub.main([]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("make hub: port ") and "Traceback" not in err


def test_an_exchange_that_is_not_writable_is_named_with_the_fix(monkeypatch, tmp_path):
    exchange = tmp_path / "exchange"
    hub.check_exchange(exchange)  # created when missing
    assert exchange.is_dir()
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as for a user other than the folder's owner
    with pytest.raises(hub.HubError) as e:
        hub.check_exchange(exchange)
    message = str(e.value)
    assert f"the nbgrader exchange folder {exchange} is not writable" in message
    assert f"chmod u+rwx {exchange}" in message and "chown -R " in message


def test_an_exchange_that_cannot_be_created_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(hub.HubError, match=r"cannot be created .*`mkdir -p"):
        hub.check_exchange(blocker / "exchange")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_read_only_exchange_is_refused(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o555)
    try:
        with pytest.raises(hub.HubError, match="is not writable"):
            hub.check_exchange(exchange)
    finally:
        exchange.chmod(0o755)


def test_the_login_page_names_an_unknown_account_or_a_wrong_password():
    assert hub.login_problem("mallory") == (
        "'mallory' is not an account of this hub: the accounts are instructor, student1 and student2."
    )
    assert hub.login_problem("Student1").startswith("Wrong password for student1:")


def _hub_config(monkeypatch, tmp_path, password="s3cret-demo"):
    monkeypatch.setenv("HUB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("HUB_PASSWORD", password)
    config = Config()
    loader = PyFileConfigLoader(hub.CONFIG.name, path=str(hub.CONFIG.parent))
    config.merge(loader.load_config())
    return config


@pytest.mark.slow  # imports JupyterHub (about 3 s)
def test_the_hub_config_lets_in_the_demo_accounts_only(monkeypatch, tmp_path):
    pytest.importorskip("jupyterhub")
    config = _hub_config(monkeypatch, tmp_path)
    assert config.Authenticator.allowed_users == set(hub.USERS)
    assert config.Authenticator.admin_users == {hub.INSTRUCTOR}
    assert config.JupyterHub.ip == "127.0.0.1"
    authenticator = config.JupyterHub.authenticator_class(config=config)

    def login(name, password):
        return asyncio.run(authenticator.authenticate(None, {"username": name, "password": password}))

    assert login("student1", "s3cret-demo") == "student1"
    assert login("student1", "wrong") is None
    assert login("mallory", "s3cret-demo") is None  # an unknown account, even with the password


def test_each_account_gets_its_nbgrader_config(tmp_path):
    exchange = tmp_path / "exchange"
    for user in hub.USERS:
        hub.write_user_config(user, tmp_path / user, exchange)
    teacher = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path / "instructor" / ".jupyter")).load_config()
    student = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path / "student2" / ".jupyter")).load_config()
    assert teacher.Exchange.root == student.Exchange.root == str(exchange)
    assert teacher.CourseDirectory.course_id == student.CourseDirectory.course_id == hub.COURSE_ID
    assert teacher.CourseDirectory.root == str(tmp_path / "instructor" / hub.COURSE_ID)
    assert "student_id" not in teacher.CourseDirectory  # the instructor collects every student
    assert student.CourseDirectory.student_id == "student2"  # every demo account is the same OS user
    assert (
        '"nbgrader.server_extensions.formgrader": false'
        in (tmp_path / "student2" / ".jupyter" / "jupyter_server_config.json").read_text()
    )


def test_the_instructors_course_is_a_copy_with_its_own_root(tmp_path):
    course, dest = tmp_path / "nbgrader", tmp_path / "home" / "gan-course"
    with pytest.raises(hub.HubError, match="run `make assignments`"):
        hub.install_course(course, dest)
    (course / "source" / "02_x").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(), course / "source" / "02_x" / "02_x.ipynb")
    (course / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n")
    assert hub.install_course(course, dest) == ["02_x"]
    loaded = PyFileConfigLoader("nbgrader_config.py", path=str(dest)).load_config()
    assert loaded.CourseDirectory.root == str(dest)
    (dest / "source" / "02_x" / "02_x.ipynb").write_text("{}")  # the instructor's edit is kept
    assert hub.install_course(course, dest) == []
    assert (dest / "source" / "02_x" / "02_x.ipynb").read_text() == "{}"
