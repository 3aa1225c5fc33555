"""Fixtures that run the addon in a real Odoo 18 on PostgreSQL.

The Odoo launcher is ``odoo`` on PATH (or ``ODOO_BIN``); database options come
from ``ODOO_DB_HOST``, ``ODOO_DB_PORT``, ``ODOO_DB_USER`` and
``ODOO_DB_PASSWORD`` when set, else Odoo's defaults (local socket, current
user).

To run the end-to-end tests against a database prepared beforehand (quicker
while iterating), set ``SG_E2E_DATABASE`` to the name of an existing database
with the addon installed with demo data: ``odoo_install`` then neither
installs nor drops anything, and the tests that read the install log skip.
"""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
ADDON = ADDONS / "school_safeguarding"
ODOO_BIN = os.environ.get("ODOO_BIN", "odoo")


# A line Odoo logged at WARNING or above; the summary of an Odoo test run.
LEVELS = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")


def assert_odoo_tests_passed(log, returncode, log_path, minimum):
    """Odoo ran at least ``minimum`` tests (its last summary) and none failed."""
    results = RESULT.findall(log)
    assert results, (
        "Odoo printed no test result: the tests did not run.\n" + log[-3000:]
    )
    failed, errors, total = (int(value) for value in results[-1])
    assert (failed, errors) == (
        0,
        0,
    ), f"{failed} failed, {errors} errors in Odoo's test run; see {log_path}"
    assert total >= minimum, f"only {total} tests ran"
    assert returncode == 0


def assert_pylint_odoo_passes(addon):
    """pylint-odoo (the project's .pylintrc) finds nothing in ``addon``."""
    completed = subprocess.run(
        [
            str(Path(sys.executable).parent / "pylint"),
            "--rcfile=.pylintrc",
            "--disable=import-error",
            str(addon.relative_to(ROOT)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def db_args():
    args = []
    for option, variable in (
        ("--db_host", "ODOO_DB_HOST"),
        ("--db_port", "ODOO_DB_PORT"),
        ("--db_user", "ODOO_DB_USER"),
        ("--db_password", "ODOO_DB_PASSWORD"),
    ):
        if os.environ.get(variable):
            args += [option, os.environ[variable]]
    return args


def odoo_command(*args, addons_path=None):
    if not shutil.which(ODOO_BIN):
        pytest.fail(
            f"No Odoo 18 found: '{ODOO_BIN}' is not on PATH (see README.md).",
            pytrace=False,
        )
    return [ODOO_BIN, "--addons-path", addons_path or str(ADDONS), *db_args(), *args]


def drop_database(name):
    env = dict(os.environ)
    command = ["dropdb", "--if-exists", name]
    if os.environ.get("ODOO_DB_HOST"):
        command += ["-h", os.environ["ODOO_DB_HOST"]]
    if os.environ.get("ODOO_DB_PORT"):
        command += ["-p", os.environ["ODOO_DB_PORT"]]
    if os.environ.get("ODOO_DB_USER"):
        command += ["-U", os.environ["ODOO_DB_USER"]]
    if os.environ.get("ODOO_DB_PASSWORD"):
        env["PGPASSWORD"] = os.environ["ODOO_DB_PASSWORD"]
    subprocess.run(command, env=env, capture_output=True, check=False)


class OdooRun:
    def __init__(self, database, log_path, returncode):
        self.database = database
        self.log_path = log_path
        self.returncode = returncode
        self.log = log_path.read_text(encoding="utf-8", errors="replace")


class ExistingDatabase:
    """A database named by ``SG_E2E_DATABASE``: installed beforehand, kept."""

    def __init__(self, database):
        self.database = database

    def __getattr__(self, name):
        if name in ("log", "log_path", "returncode"):
            pytest.skip(
                f"SG_E2E_DATABASE={self.database}: no install log to check "
                "(the addon was installed beforehand)"
            )
        raise AttributeError(name)


def install_and_test(log_dir, database, modules, test_tags, addons_path=None):
    """Install ``modules`` on the new ``database`` and run ``test_tags`` there.

    Odoo's log goes to ``log_dir``; returns the run (its log and return code).
    """
    log_path = log_dir / "install.log"
    command = odoo_command(
        "-d",
        database,
        "-i",
        modules,
        "--test-enable",
        "--test-tags",
        test_tags,
        "--stop-after-init",
        "--log-level",
        "test",
        "--logfile",
        str(log_path),
        "--max-cron-threads",
        "0",
        "--http-port",
        str(free_port()),
        addons_path=addons_path,
    )
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if not log_path.exists():
        pytest.fail(f"Odoo did not start: {completed.stderr[-2000:]}", pytrace=False)
    return OdooRun(database, log_path, completed.returncode)


@pytest.fixture(scope="session")
def odoo_install(tmp_path_factory):
    """Install the addon with demo data on a fresh database and run its tests.

    With ``SG_E2E_DATABASE`` set, use that existing database instead (the
    addon installed with demo data), without installing or dropping it.
    """
    if os.environ.get("SG_E2E_DATABASE"):
        yield ExistingDatabase(os.environ["SG_E2E_DATABASE"])
        return
    database = f"sg_test_{uuid.uuid4().hex[:10]}"
    run = install_and_test(
        tmp_path_factory.mktemp("odoo"),
        database,
        "school_safeguarding",
        "/school_safeguarding",
    )
    yield run
    if not os.environ.get("KEEP_TEST_DB"):
        drop_database(database)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def odoo_server(odoo_install, tmp_path_factory):
    """A live Odoo server on a free local port, serving the installed database."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    command = odoo_command(
        "-d",
        odoo_install.database,
        "--db-filter",
        f"^{odoo_install.database}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--max-cron-threads",
        "0",
        "--workers",
        "0",
        "--logfile",
        str(log_path),
    )
    with serving(command, port) as url:
        yield {"url": url, "database": odoo_install.database, "log": log_path}


@contextlib.contextmanager
def serving(command, port):
    """Run the Odoo server ``command`` until the block ends; yield its URL."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Odoo server exited: {process.stderr.read()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("Odoo server did not open its port within 120 s")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
