"""The Time Off bridge installs beside Odoo's Time Off and passes its tests, cleanly.

``school_safeguarding_hr_holidays`` installs by itself once School
Safeguarding and Odoo's Time Off (``hr_holidays``) are both there. It is
installed with demo data on a fresh database, its own tests run there, and
the log must be free of warnings and errors.
"""

import uuid

import pytest
from conftest import (
    ADDONS,
    LEVELS,
    assert_odoo_tests_passed,
    assert_pylint_odoo_passes,
    drop_database,
    install_and_test,
)

BRIDGE = ADDONS / "school_safeguarding_hr_holidays"


@pytest.fixture(scope="module")
def bridge_install(tmp_path_factory):
    """Install Time Off and School Safeguarding; the bridge follows by itself."""
    database = f"sg_test_hol_{uuid.uuid4().hex[:10]}"
    run = install_and_test(
        tmp_path_factory.mktemp("hr_holidays"),
        database,
        "hr_holidays,school_safeguarding",
        "/school_safeguarding_hr_holidays",
    )
    yield {"log": run.log, "log_path": run.log_path, "returncode": run.returncode}
    drop_database(database)


def test_bridge_installs_by_itself_and_passes_its_tests(bridge_install):
    log = bridge_install["log"]
    # auto_install: nobody asked for it by name.
    assert "Loading module school_safeguarding_hr_holidays" in log
    assert_odoo_tests_passed(
        log, bridge_install["returncode"], bridge_install["log_path"], minimum=4
    )


def test_log_has_no_warning_or_error(bridge_install):
    lines = [line for line in bridge_install["log"].splitlines() if LEVELS.match(line)]
    assert not lines, "Odoo logged:\n" + "\n".join(lines[:40])


def test_pylint_odoo_passes_for_the_bridge():
    assert_pylint_odoo_passes(BRIDGE)
