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
    assert_odoo_tests_passed,
    assert_pylint_odoo_passes,
    db_args,
    drop_database,
    free_port,
    install_and_test,
    serving,
)

BRIDGE = ADDONS / "school_safeguarding_openeducat"
LEVELS = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) \S+ (\S+): (.*)$")
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
    run = install_and_test(
        tmp_path_factory.mktemp("openeducat"),
        database,
        "openeducat_parent,school_safeguarding_openeducat",
        "/school_safeguarding_openeducat",
        addons_path=addons_path,
    )
    yield {
        "log": run.log,
        "log_path": run.log_path,
        "returncode": run.returncode,
        "database": database,
        "addons_path": addons_path,
    }
    if not os.environ.get("KEEP_TEST_DB"):
        drop_database(database)


@pytest.fixture(scope="module")
def bridge_server(bridge_install, tmp_path_factory):
    """A live server on the bridge's database, for attacks over JSON-RPC."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("openeducat_server") / "server.log"
    command = [
        ODOO_BIN,
        "--addons-path",
        bridge_install["addons_path"],
        *db_args(),
        "-d",
        bridge_install["database"],
        "--db-filter",
        f"^{bridge_install['database']}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--max-cron-threads",
        "0",
        "--logfile",
        str(log_path),
    ]
    with serving(command, port) as url:
        yield {"url": url, "database": bridge_install["database"]}


def test_bridge_installs_and_passes_its_tests(bridge_install):
    log = bridge_install["log"]
    assert "Loading module school_safeguarding_openeducat" in log
    assert_odoo_tests_passed(
        log, bridge_install["returncode"], bridge_install["log_path"], minimum=20
    )


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
    assert_pylint_odoo_passes(BRIDGE)


def test_a_teacher_finds_no_child_with_a_case_through_students(bridge_server):
    """End to end, as a teacher who reads students (OpenEduCat's Faculty).

    The DSL opens a case for a demo student; the teacher then tries every
    way of telling which students have one: search, count, group, order and
    read on the case fields of op.student, directly and through its contact.
    Each is refused, and nothing the teacher may do differs between the
    child with a case and the others.
    """
    from test_e2e_attacks import RpcError, Session

    dsl = Session(bridge_server, "sg_dsl")
    teacher = Session(bridge_server, "sg_teacher")
    students = teacher.call("op.student", "search_read", [], ["partner_id"])
    assert students, "the teacher reads the students"
    child = students[0]
    dsl.call("safeguarding.case", "create", {"pupil_id": child["partner_id"][0]})
    attempts = [
        ("search_count", [[("safeguarding_case_ids", "!=", False)]], {}),
        ("search", [[("partner_id.safeguarding_case_ids", "!=", False)]], {}),
        ("search", [[]], {"order": "safeguarding_case_count desc"}),
        (
            "read_group",
            [[], ["safeguarding_case_count:sum"], ["partner_id"]],
            {"lazy": False},
        ),
        ("read", [[child["id"]], ["safeguarding_case_ids"]], {}),
    ]
    refused = 0
    for method, args, kwargs in attempts:
        try:
            teacher.call("op.student", method, *args, **kwargs)
        except RpcError as error:
            assert "AccessError" in error.name or "ValidationError" in error.name, (
                method,
                error.name,
            )
            refused += 1
    assert refused == len(attempts)
    # What the teacher may read is the same for every student.
    rows = teacher.call(
        "op.student", "search_read", [], ["name", "pupil_has_medical_need"]
    )
    assert len(rows) == len(students)
