"""The OpenEduCat bridge installs beside OpenEduCat and passes its tests, cleanly.

OpenEduCat 18.0 (``openeducat_core``, ``openeducat_parent``) comes from
``tools/setup_odoo.py --openeducat``: ``OPENEDUCAT_SOURCE``, the copy beside
the checkout or OpenEduCat's official archive, unpacked into ``.odoo/``.
School Safeguarding and the bridge are installed with demo data on a fresh
database, and the bridge's own tests run there.
"""

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import (
    ADDONS,
    ODOO_BIN,
    ROOT,
    db_args,
    drop_database,
    free_port,
)

BRIDGE = ADDONS / "school_safeguarding_openeducat"
LEVELS = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) \S+ (\S+): (.*)$")
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
# OpenEduCat's own views (openeducat_core's kanban views of students and
# faculty) still use the 'kanban-box' template: Odoo 18 warns twice while
# installing openeducat_core. These are OpenEduCat's, not ours; nothing else
# may be logged.
OPENEDUCAT_WARNINGS = [
    (
        "WARNING",
        "odoo.addons.base.models.ir_ui_view",
        "'kanban-box' is deprecated, define a 'card' template instead",
    ),
] * 2


def openeducat_addons(tmp_path_factory):
    """OpenEduCat's addons folder, unpacked into .odoo (or a scratch folder
    when the checkout is read-only, as in the Docker test image)."""
    home = Path(os.environ.get("ODOO_HOME", ROOT / ".odoo"))
    if not os.access(home if home.exists() else home.parent, os.W_OK):
        home = tmp_path_factory.mktemp("odoo-home")
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "setup_odoo.py"),
            "--openeducat",
            "--home",
            str(home),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        pytest.fail(
            "OpenEduCat 18.0 could not be set up: " + completed.stderr[-2000:],
            pytrace=False,
        )
    return completed.stdout.strip()


@pytest.fixture(scope="module")
def bridge_install(tmp_path_factory):
    """Install OpenEduCat, School Safeguarding and the bridge; run its tests."""
    if not shutil.which(ODOO_BIN):
        pytest.fail(
            f"No Odoo 18 found: '{ODOO_BIN}' is not on PATH (see README.md).",
            pytrace=False,
        )
    addons_path = f"{ADDONS},{openeducat_addons(tmp_path_factory)}"
    database = f"sg_test_oe_{uuid.uuid4().hex[:10]}"
    log_path = tmp_path_factory.mktemp("openeducat") / "install.log"
    command = [
        ODOO_BIN,
        "--addons-path",
        addons_path,
        *db_args(),
        "-d",
        database,
        "-i",
        "openeducat_parent,school_safeguarding_openeducat",
        "--test-enable",
        "--test-tags",
        "/school_safeguarding_openeducat",
        "--stop-after-init",
        "--log-level",
        "test",
        "--logfile",
        str(log_path),
        "--max-cron-threads",
        "0",
        "--http-port",
        str(free_port()),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if not log_path.exists():
        pytest.fail(f"Odoo did not start: {completed.stderr[-2000:]}", pytrace=False)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    yield {"log": log, "log_path": log_path, "returncode": completed.returncode}
    if not os.environ.get("KEEP_TEST_DB"):
        drop_database(database)


def test_bridge_installs_and_passes_its_tests(bridge_install):
    log = bridge_install["log"]
    assert "Loading module school_safeguarding_openeducat" in log
    results = RESULT.findall(log)
    assert results, "Odoo printed no test result.\n" + log[-3000:]
    failed, errors, total = (int(value) for value in results[-1])
    assert (failed, errors) == (
        0,
        0,
    ), f"{failed} failed, {errors} errors; see {bridge_install['log_path']}"
    assert total >= 20, f"only {total} tests ran"
    assert bridge_install["returncode"] == 0


def test_log_has_only_openeducats_own_warnings(bridge_install):
    found = [
        match.groups()
        for match in map(LEVELS.match, bridge_install["log"].splitlines())
        if match
    ]
    found = [(level, logger, message.strip()) for level, logger, message in found]
    assert found == OPENEDUCAT_WARNINGS, "Odoo logged:\n" + "\n".join(
        " ".join(line) for line in found[:40]
    )


def test_demo_students_are_loaded(bridge_install):
    log = bridge_install["log"]
    assert "demo data failed" not in log
    assert "school_safeguarding_openeducat_demo.xml" in log


def test_pylint_odoo_passes_for_the_bridge():
    completed = subprocess.run(
        [
            str(Path(sys.executable).parent / "pylint"),
            "--rcfile=.pylintrc",
            "--disable=import-error",
            str(BRIDGE.relative_to(ROOT)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
