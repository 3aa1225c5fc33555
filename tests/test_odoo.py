"""The addon installs on a fresh database and passes its own tests, cleanly."""

import pytest
from conftest import LEVELS, assert_odoo_tests_passed


def test_installs_and_passes_its_tests(odoo_install):
    assert_odoo_tests_passed(
        odoo_install.log, odoo_install.returncode, odoo_install.log_path, minimum=30
    )


def test_log_has_no_warning_or_error(odoo_install):
    lines = [line for line in odoo_install.log.splitlines() if LEVELS.match(line)]
    assert not lines, "Odoo logged:\n" + "\n".join(lines[:40])


def test_demo_data_loaded(odoo_install):
    assert "demo data failed" not in odoo_install.log
    assert "school_safeguarding" in odoo_install.log


def test_browser_tours_ran(odoo_install):
    """The browser tours need Chromium; without it Odoo skips them (said here)."""
    if "Chrome executable not found" in odoo_install.log:
        pytest.skip(
            "Chromium is not installed: the browser tours were skipped "
            "(Debian: apt install chromium)"
        )
    assert "school_safeguarding_report_concern" in odoo_install.log
