"""Where the project's private Odoo comes from (tools/setup_odoo.py).

Fake Odoo trees and archives made here stand in for the real source: nothing
is downloaded and no virtual environment is made.
"""

import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest
from conftest import ROOT

SCRIPT = ROOT / "tools" / "setup_odoo.py"
RELEASE = "version_info = ({major}, 0, 0, FINAL, 0, '')\n"


def load_module():
    spec = importlib.util.spec_from_file_location("setup_odoo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_tree(directory, major=18):
    (directory / "odoo").mkdir(parents=True)
    (directory / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (directory / "odoo" / "release.py").write_text(RELEASE.format(major=major))
    (directory / "requirements.txt").write_text("python-ldap==3.4.0\nBabel==2.10.3\n")
    return directory


def fake_archive(path, top="odoo-18.0.post20250702", major=18):
    files = {
        f"{top}/odoo-bin": "#!/usr/bin/env python3\n",
        f"{top}/odoo/release.py": RELEASE.format(major=major),
        f"{top}/requirements.txt": "Babel==2.10.3\n",
    }
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path, "w") as handle:
            for name, text in files.items():
                handle.writestr(name, text)
    else:
        mode = "w:xz" if path.name.endswith(".xz") else "w:gz"
        with tarfile.open(path, mode) as handle:
            for name, text in files.items():
                data = text.encode()
                info = tarfile.TarInfo(name)
                info.size = len(data)
                handle.addfile(info, io.BytesIO(data))
    return path


def run(tmp_path, source, *args):
    env = dict(os.environ, ODOO_SOURCE=str(source))
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--source-only",
            "--home",
            str(tmp_path / "home"),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_a_source_directory_is_used_in_place(tmp_path):
    tree = fake_tree(tmp_path / "odoo-src")
    completed = run(tmp_path, tree)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(tree.resolve())
    assert not (tmp_path / "home" / "src").exists()


@pytest.mark.parametrize("name", ["odoo.tar.gz", "odoo-18.0-x.tar.xz", "odoo.zip"])
def test_an_archive_is_unpacked_once(tmp_path, name):
    archive = fake_archive(tmp_path / name)
    first = run(tmp_path, archive)
    assert first.returncode == 0, first.stderr
    unpacked = tmp_path / "home" / "src" / "odoo"
    assert first.stdout.strip() == str(unpacked)
    assert (unpacked / "odoo-bin").is_file()
    assert (unpacked / "odoo" / "release.py").is_file()
    assert "Unpacking Odoo 18.0" in first.stderr

    second = run(tmp_path, archive)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == str(unpacked)
    assert "Unpacking" not in second.stderr


def test_a_new_archive_replaces_the_unpacked_source(tmp_path):
    archive = fake_archive(tmp_path / "odoo.tar.gz")
    assert run(tmp_path, archive).returncode == 0
    marker = tmp_path / "home" / "src" / "odoo" / "left-over"
    marker.write_text("old")
    os.utime(archive, (1, 1))  # another archive at the same path
    completed = run(tmp_path, archive)
    assert completed.returncode == 0, completed.stderr
    assert "Unpacking Odoo 18.0" in completed.stderr
    assert not marker.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "nowhere.tar.gz", "does not exist"),
        (lambda tmp: (tmp / "empty").mkdir() or tmp / "empty", "without an Odoo 18.0"),
        (lambda tmp: fake_tree(tmp / "odoo17", major=17), "without an Odoo 18.0"),
        (
            lambda tmp: fake_archive(tmp / "odoo17.tar.gz", major=17),
            "holds no Odoo 18.0 source",
        ),
        (
            lambda tmp: (tmp / "notes.txt").write_text("x") and tmp / "notes.txt",
            "neither a directory holding odoo-bin nor an archive",
        ),
    ],
    ids=[
        "missing",
        "empty-directory",
        "odoo-17-tree",
        "odoo-17-archive",
        "not-archive",
    ],
)
def test_a_bad_source_stops_with_a_clear_error(tmp_path, make, message):
    completed = run(tmp_path, make(tmp_path))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Odoo set-up:" in completed.stderr
    assert message in completed.stderr
    assert not (tmp_path / "home" / "src").exists()


def test_the_source_is_chosen_in_order(tmp_path, monkeypatch):
    module = load_module()
    monkeypatch.setattr(module, "ROOT", tmp_path / "checkout")
    monkeypatch.delenv("ODOO_SOURCE", raising=False)
    assert module.default_source() == module.OFFICIAL_ARCHIVE

    copies = tmp_path / "shared" / "odoo"
    copies.mkdir(parents=True)
    older = fake_archive(copies / "odoo-18.0-20250101.tar.xz")
    newer = fake_archive(copies / "odoo-18.0-20250702.tar.xz")
    fake_archive(copies / "odoo-17.0-20250801.tar.xz", major=17)
    assert module.default_source() == str(newer)
    assert module.default_source() != str(older)

    monkeypatch.setenv("ODOO_SOURCE", "/somewhere/odoo")
    assert module.default_source() == "/somewhere/odoo"


def test_python_ldap_is_left_out_of_odoos_requirements(tmp_path):
    module = load_module()
    tree = fake_tree(tmp_path / "odoo-src")
    requirements = module.odoo_requirements(tree)
    assert "Babel==2.10.3" in requirements
    assert "ldap" not in requirements


def test_an_odoo_bin_of_another_version_is_refused(tmp_path):
    fake = tmp_path / "odoo"
    fake.write_text("#!/bin/sh\necho 'Odoo Server 17.0-20240101'\n")
    fake.chmod(0o755)
    env = dict(os.environ, ODOO_BIN=str(fake))
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--home", str(tmp_path / "home")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 2
    assert "answers 'Odoo Server 17.0-20240101'" in completed.stderr
    assert not (tmp_path / "home" / "venv").exists()


def test_run_tests_stops_with_exit_2_when_no_source_is_found(tmp_path):
    """No Odoo on PATH and a source that does not exist: one message, exit 2."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(os.path.realpath(sys.executable))
    for tool in ("bash", "dirname"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    env = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "ODOO_SOURCE": str(tmp_path / "no-such-odoo.tar.xz"),
        "ODOO_HOME": str(tmp_path / "home"),
    }
    completed = subprocess.run(
        ["bash", str(ROOT / "run-tests")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 2, completed.stderr
    assert "no-such-odoo.tar.xz' does not exist" in completed.stderr


# -- OpenEduCat, for the bridge addon (tools/setup_odoo.py --openeducat) ------

OPENEDUCAT_MANIFEST = "{{'name': '{name}', 'version': '{version}', 'depends': []}}\n"


def fake_openeducat_tree(directory, version="18.0.1.0"):
    for module in ("openeducat_core", "openeducat_parent"):
        (directory / module).mkdir(parents=True)
        (directory / module / "__manifest__.py").write_text(
            OPENEDUCAT_MANIFEST.format(name=module, version=version)
        )
    return directory


def fake_openeducat_archive(path, top="openeducat_erp-18.0", version="18.0.1.0"):
    files = {
        f"{top}/README.md": "OpenEduCat\n",
        **{
            f"{top}/{module}/__manifest__.py": OPENEDUCAT_MANIFEST.format(
                name=module, version=version
            )
            for module in ("openeducat_core", "openeducat_parent")
        },
    }
    if path.name.endswith(".zip"):
        with zipfile.ZipFile(path, "w") as handle:
            for name, text in files.items():
                handle.writestr(name, text)
    else:
        mode = "w:xz" if path.name.endswith(".xz") else "w:gz"
        with tarfile.open(path, mode) as handle:
            for name, text in files.items():
                data = text.encode()
                info = tarfile.TarInfo(name)
                info.size = len(data)
                handle.addfile(info, io.BytesIO(data))
    return path


def run_openeducat(tmp_path, source):
    env = dict(os.environ, OPENEDUCAT_SOURCE=str(source))
    env.pop("ODOO_SOURCE", None)
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--openeducat",
            "--home",
            str(tmp_path / "home"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_an_openeducat_directory_is_used_in_place(tmp_path):
    tree = fake_openeducat_tree(tmp_path / "openeducat")
    completed = run_openeducat(tmp_path, tree)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(tree.resolve())
    assert not (tmp_path / "home" / "openeducat").exists()


@pytest.mark.parametrize(
    "name", ["18.0.tar.gz", "openeducat_erp-18.0.tar.xz", "openeducat.zip"]
)
def test_an_openeducat_archive_is_unpacked_once_into_the_home(tmp_path, name):
    archive = fake_openeducat_archive(tmp_path / name)
    first = run_openeducat(tmp_path, archive)
    assert first.returncode == 0, first.stderr
    addons = tmp_path / "home" / "openeducat"
    assert first.stdout.strip() == str(addons)
    assert (addons / "openeducat_core" / "__manifest__.py").is_file()
    assert (addons / "openeducat_parent" / "__manifest__.py").is_file()
    assert "Unpacking OpenEduCat 18.0" in first.stderr
    # Nothing of Odoo is set up for it.
    assert not (tmp_path / "home" / "src").exists()
    assert not (tmp_path / "home" / "venv").exists()

    second = run_openeducat(tmp_path, archive)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == str(addons)
    assert "Unpacking" not in second.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "nowhere.tar.gz", "does not exist"),
        (
            lambda tmp: (tmp / "empty").mkdir() or tmp / "empty",
            "without OpenEduCat 18.0",
        ),
        (
            lambda tmp: fake_openeducat_tree(tmp / "oe17", version="17.0.1.0"),
            "without OpenEduCat 18.0",
        ),
        (
            lambda tmp: fake_openeducat_archive(
                tmp / "oe17.tar.gz", version="17.0.1.0"
            ),
            "holds no OpenEduCat 18.0",
        ),
        (
            lambda tmp: fake_archive(tmp / "odoo.tar.gz"),
            "holds no OpenEduCat 18.0",
        ),
        (
            lambda tmp: (tmp / "notes.txt").write_text("x") and tmp / "notes.txt",
            "neither a directory holding the addons nor an archive",
        ),
    ],
    ids=[
        "missing",
        "empty-directory",
        "openeducat-17-tree",
        "openeducat-17-archive",
        "odoo-archive",
        "not-archive",
    ],
)
def test_a_bad_openeducat_source_stops_with_a_clear_error(tmp_path, make, message):
    completed = run_openeducat(tmp_path, make(tmp_path))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "Odoo set-up:" in completed.stderr
    assert "OPENEDUCAT_SOURCE" in completed.stderr or "OpenEduCat" in completed.stderr
    assert message in completed.stderr
    assert not (tmp_path / "home" / "openeducat").exists()


def test_the_openeducat_source_is_chosen_in_order(tmp_path, monkeypatch):
    module = load_module()
    monkeypatch.setattr(module, "ROOT", tmp_path / "checkout")
    monkeypatch.delenv("OPENEDUCAT_SOURCE", raising=False)
    assert module.default_openeducat_source() == module.OPENEDUCAT_ARCHIVE
    assert module.OPENEDUCAT_ARCHIVE == (
        "https://github.com/openeducat/openeducat_erp/archive/refs/heads/18.0.tar.gz"
    )

    copies = tmp_path / "shared" / "openeducat"
    copies.mkdir(parents=True)
    (copies / "SOURCE.md").write_text("where it comes from\n")
    copy = fake_openeducat_archive(copies / "openeducat_erp-18.0.tar.xz")
    assert module.default_openeducat_source() == str(copy)

    monkeypatch.setenv("OPENEDUCAT_SOURCE", "/somewhere/openeducat")
    assert module.default_openeducat_source() == "/somewhere/openeducat"


def test_a_new_openeducat_archive_replaces_the_unpacked_one(tmp_path):
    archive = fake_openeducat_archive(tmp_path / "openeducat.tar.gz")
    assert run_openeducat(tmp_path, archive).returncode == 0
    marker = tmp_path / "home" / "openeducat" / "left-over"
    marker.write_text("old")
    os.utime(archive, (1, 1))  # another archive at the same path
    completed = run_openeducat(tmp_path, archive)
    assert completed.returncode == 0, completed.stderr
    assert "Unpacking OpenEduCat 18.0" in completed.stderr
    assert not marker.exists()


def test_openeducat_that_cannot_be_unpacked_stops_with_a_clear_error(tmp_path):
    archive = fake_openeducat_archive(tmp_path / "openeducat.tar.gz")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = dict(os.environ, OPENEDUCAT_SOURCE=str(archive))
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--openeducat", "--home", str(blocker / "home")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "OpenEduCat 18.0 could not be unpacked" in completed.stderr
    assert "Traceback" not in completed.stderr
