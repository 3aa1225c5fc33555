"""ruff (format and lint) and pylint-odoo, with the configuration in the repo."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


PATHS = [
    path for path in ("addons", "tests", "bench", "tools") if (ROOT / path).is_dir()
]


def run(*command):
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_format():
    result = run(str(BIN / "ruff"), "format", "--check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check():
    result = run(str(BIN / "ruff"), "check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pylint_odoo():
    result = run(
        str(BIN / "pylint"),
        "--rcfile=.pylintrc",
        "--disable=import-error",
        "addons/school_safeguarding",
    )
    assert result.returncode == 0, result.stdout + result.stderr
