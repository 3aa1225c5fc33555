"""The addon installs on a fresh database and passes its own tests, cleanly."""

import re

import pytest

LEVELS = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")


def test_installs_and_passes_its_tests(odoo_install):
    results = RESULT.findall(odoo_install.log)
    assert results, (
        "Odoo printed no test result: the addon's tests did not run.\n"
        + odoo_install.log[-3000:]
    )
    failed, errors, total = (int(value) for value in results[-1])
    assert (failed, errors) == (0, 0), (
        f"{failed} failed, {errors} errors in Odoo's test run; see "
        f"{odoo_install.log_path}"
    )
    assert total >= 30, f"only {total} tests ran"
    assert odoo_install.returncode == 0


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
