#!/usr/bin/env python3
"""Find or set up the Odoo 18.0 that runs this project; print its launcher.

Used by ``./run-tests``, ``./run-demo`` and ``bench/run``; it needs only the
Python standard library. In this order:

1. ``ODOO_BIN`` when set, else ``odoo`` on PATH, if it answers
   ``Odoo Server 18.0``: that Odoo is used as it is.
2. Otherwise a private Odoo in ``.odoo/`` of the checkout (git-ignored), set up
   on the first run and reused afterwards:

   - the source comes from ``ODOO_SOURCE`` (a directory holding ``odoo-bin``,
     a ``.tar.gz``, ``.tar.xz`` or ``.zip`` archive, or the URL of one), else
     from the copy beside the checkout (``../shared/odoo/odoo-18.0-*.tar.xz``),
     else from Odoo's official 18.0 source archive;
   - a virtual environment (Python 3.10 to 3.12) gets Odoo's
     ``requirements.txt`` (without ``python-ldap``), then, in a second pip
     call, the addon's ``requirements.txt``, then what the addon's tests need
     in Odoo (``requirements-odoo-test.txt``); redone only when one of them,
     the source or the Python changes (a stamp keeps their hashes);
   - ``.odoo/bin/odoo`` runs that Odoo.

3. PostgreSQL must answer (``ODOO_DB_HOST``, ``ODOO_DB_PORT``,
   ``ODOO_DB_USER``, ``ODOO_DB_PASSWORD``, else the local socket).

Progress goes to standard error, one line a step; the launcher's path to
standard output. A step that fails says which and why, and the exit status is
2. ``--source-only`` stops after the source is found or unpacked and prints
its directory (used by the project's tests; nothing is downloaded unless
``ODOO_SOURCE`` is a URL).

``--openeducat`` does only this, for the OpenEduCat bridge
(``school_safeguarding_openeducat``), its tests and ``OPENEDUCAT=1 ./run-demo``:
it prints the addons folder holding OpenEduCat 18.0's ``openeducat_core`` and
``openeducat_parent``. They come from ``OPENEDUCAT_SOURCE`` (such a folder, an
archive or the URL of one), else from the copy beside the checkout
(``../shared/openeducat/openeducat_erp-18.0*``), else from OpenEduCat's
official 18.0 archive; an archive is unpacked once into ``.odoo/openeducat``.
"""

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL_ARCHIVE = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar.xz", ".txz", ".zip")
PYTHONS = ("python3.12", "python3.11", "python3.10", "python3")
SUPPORTED_PYTHON = ((3, 10), (3, 12))
SERIES = "18.0"
OPENEDUCAT_ARCHIVE = (
    "https://github.com/openeducat/openeducat_erp/archive/refs/heads/18.0.tar.gz"
)
OPENEDUCAT_MODULES = ("openeducat_core", "openeducat_parent")


class SetupError(Exception):
    """A step failed; the message says which and why."""


def say(message):
    print(message, file=sys.stderr, flush=True)


def odoo_version(command):
    """What ``command --version`` answers, or '' when it does not run."""
    try:
        completed = subprocess.run(
            [*command, "--version"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return completed.stdout.strip()


def existing_odoo():
    """The launcher of an Odoo 18.0 already installed, or None."""
    chosen = os.environ.get("ODOO_BIN")
    if chosen:
        path = shutil.which(chosen)
        version = odoo_version([path]) if path else ""
        if f"Odoo Server {SERIES}" not in version:
            raise SetupError(
                f"ODOO_BIN is '{chosen}', which "
                + (f"answers '{version}'" if path else "cannot be run")
                + f", not 'Odoo Server {SERIES}…'. Unset ODOO_BIN to let the "
                "project set up its own Odoo in .odoo/."
            )
        return path
    path = shutil.which("odoo")
    if path and f"Odoo Server {SERIES}" in odoo_version([path]):
        return path
    return None


# -- the source --------------------------------------------------------------


def is_odoo_source(directory):
    directory = Path(directory)
    release = directory / "odoo" / "release.py"
    if not (directory / "odoo-bin").is_file() or not release.is_file():
        return False
    match = re.search(r"version_info\s*=\s*\((\d+),\s*(\d+)", release.read_text())
    return bool(match) and f"{match[1]}.{match[2]}" == SERIES


def default_source():
    """``ODOO_SOURCE``, else the copy beside the checkout, else Odoo's archive."""
    if os.environ.get("ODOO_SOURCE"):
        return os.environ["ODOO_SOURCE"]
    copies = sorted((ROOT.parent / "shared" / "odoo").glob(f"odoo-{SERIES}-*.tar.xz"))
    if copies:
        return str(copies[-1])
    return OFFICIAL_ARCHIVE


def is_url(source):
    return re.match(r"^(https?|file)://", source) is not None


def source_identity(source):
    """What changes when the source does: path, size and time of a file."""
    if is_url(source):
        return source
    path = Path(source).resolve()
    stat = path.stat()
    return f"{path}:{stat.st_size}:{int(stat.st_mtime)}"


def download(url, directory, what=f"Odoo {SERIES}", size="100", variable="ODOO_SOURCE"):
    name = url.rstrip("/").rsplit("/", 1)[-1] or "odoo.tar.gz"
    if not name.endswith(ARCHIVE_SUFFIXES):
        name += ".tar.gz"
    target = directory / name
    say(f"Downloading {what} from {url} (first run only, about {size} MB)…")
    partial = target.with_suffix(target.suffix + ".part")
    try:
        with (
            urllib.request.urlopen(url, timeout=120) as response,
            partial.open("wb") as handle,
        ):
            shutil.copyfileobj(response, handle, 1024 * 1024)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise SetupError(
            f"Could not download {what} from {url}: {error}. Set {variable} "
            f"to a local {what} source directory or archive."
        ) from error
    partial.rename(target)
    return target


def extract(archive, destination, variable="ODOO_SOURCE"):
    """Unpack a .tar.gz, .tar.xz or .zip archive into ``destination``."""
    archive = Path(archive)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as handle:
            handle.extractall(destination)
    elif archive.name.endswith(ARCHIVE_SUFFIXES):
        with tarfile.open(archive) as handle:
            if hasattr(tarfile, "data_filter"):
                handle.extractall(destination, filter="data")
            else:  # Python < 3.10.12 has no extraction filters
                handle.extractall(destination)
    else:
        what = "odoo-bin" if variable == "ODOO_SOURCE" else "the addons"
        raise SetupError(
            f"{variable} '{archive}' is neither a directory holding {what} nor "
            f"an archive ({', '.join(ARCHIVE_SUFFIXES)})."
        )


def unpack(archive, destination):
    """Unpack an Odoo source archive; return the folder that holds odoo-bin."""
    extract(archive, destination)
    candidates = [destination, *sorted(p for p in destination.iterdir() if p.is_dir())]
    for candidate in candidates:
        if is_odoo_source(candidate):
            return candidate
    raise SetupError(
        f"The archive {archive} holds no Odoo {SERIES} source (a top folder with "
        "odoo-bin and odoo/release.py of version 18.0)."
    )


def prepare_source(home, source):
    """The directory of the Odoo source, unpacked into ``home/src`` if needed."""
    if not is_url(source):
        path = Path(source).expanduser()
        if not path.exists():
            raise SetupError(f"ODOO_SOURCE '{source}' does not exist.")
        if path.is_dir():
            if not is_odoo_source(path):
                raise SetupError(
                    f"ODOO_SOURCE '{source}' is a directory without an Odoo {SERIES} "
                    "source (odoo-bin and odoo/release.py of version 18.0)."
                )
            return path.resolve()
    identity = source_identity(source)
    stamp = home / "src.source"
    unpacked = home / "src"
    if (
        stamp.is_file()
        and stamp.read_text() == identity
        and is_odoo_source(unpacked / "odoo")
    ):
        return unpacked / "odoo"
    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=home, prefix="unpack-") as scratch:
        scratch = Path(scratch)
        archive = download(source, scratch) if is_url(source) else Path(source)
        say(f"Unpacking Odoo {SERIES} from {archive.name} into .odoo (first run only)…")
        found = unpack(archive, scratch / "tree")
        staged = scratch / "src"
        staged.mkdir()
        found.rename(staged / "odoo")
        if unpacked.exists():
            shutil.rmtree(unpacked)
        staged.rename(unpacked)
    stamp.write_text(identity)
    return unpacked / "odoo"


# -- OpenEduCat (for the bridge addon only) ----------------------------------


def is_openeducat_addons(directory):
    """Whether ``directory`` holds OpenEduCat 18.0's core and parent modules."""
    for module in OPENEDUCAT_MODULES:
        manifest = Path(directory) / module / "__manifest__.py"
        if not manifest.is_file():
            return False
        version = re.search(
            r"""['"]version['"]\s*:\s*['"]([\d.]+)""", manifest.read_text()
        )
        if not version or not version[1].startswith(f"{SERIES}."):
            return False
    return True


def default_openeducat_source():
    """``OPENEDUCAT_SOURCE``, else the copy beside the checkout, else the archive."""
    if os.environ.get("OPENEDUCAT_SOURCE"):
        return os.environ["OPENEDUCAT_SOURCE"]
    copies = sorted(
        path
        for path in (ROOT.parent / "shared" / "openeducat").glob(
            f"openeducat_erp-{SERIES}*"
        )
        if path.name.endswith(ARCHIVE_SUFFIXES)
    )
    if copies:
        return str(copies[-1])
    return OPENEDUCAT_ARCHIVE


def prepare_openeducat(home, source):
    """The addons folder of OpenEduCat, unpacked into ``home/openeducat``."""
    if not is_url(source):
        path = Path(source).expanduser()
        if not path.exists():
            raise SetupError(f"OPENEDUCAT_SOURCE '{source}' does not exist.")
        if path.is_dir():
            if not is_openeducat_addons(path):
                raise SetupError(
                    f"OPENEDUCAT_SOURCE '{source}' is a directory without "
                    f"OpenEduCat {SERIES} ({' and '.join(OPENEDUCAT_MODULES)})."
                )
            return path.resolve()
    identity = source_identity(source)
    stamp = home / "openeducat.source"
    unpacked = home / "openeducat"
    if stamp.is_file() and stamp.read_text() == identity:
        if is_openeducat_addons(unpacked):
            return unpacked
    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=home, prefix="unpack-") as scratch:
        scratch = Path(scratch)
        archive = (
            download(
                source,
                scratch,
                what=f"OpenEduCat {SERIES}",
                size="20",
                variable="OPENEDUCAT_SOURCE",
            )
            if is_url(source)
            else Path(source)
        )
        say(f"Unpacking OpenEduCat {SERIES} from {archive.name} into .odoo…")
        tree = scratch / "tree"
        extract(archive, tree, variable="OPENEDUCAT_SOURCE")
        candidates = [tree, *sorted(p for p in tree.iterdir() if p.is_dir())]
        found = next((c for c in candidates if is_openeducat_addons(c)), None)
        if found is None:
            raise SetupError(
                f"The archive {archive} holds no OpenEduCat {SERIES} "
                f"({' and '.join(OPENEDUCAT_MODULES)} of version {SERIES})."
            )
        stamp.unlink(missing_ok=True)
        if unpacked.exists():
            shutil.rmtree(unpacked)
        found.rename(unpacked)
    stamp.write_text(identity)
    return unpacked


# -- Python ------------------------------------------------------------------


def find_python():
    candidates = [os.environ["PYTHON"]] if os.environ.get("PYTHON") else []
    candidates += [sys.executable, *PYTHONS]
    low, high = SUPPORTED_PYTHON
    for candidate in candidates:
        path = shutil.which(candidate) or (
            candidate if Path(candidate).is_file() else ""
        )
        if not path:
            continue
        try:
            completed = subprocess.run(
                [path, "-c", "import sys, venv; print(*sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if completed.returncode:
            continue
        version = tuple(int(part) for part in completed.stdout.split())
        if low <= version <= high:
            return path, version
    raise SetupError(
        "No Python 3.10, 3.11 or 3.12 with venv found for Odoo 18.0 (tried "
        + ", ".join(candidates)
        + "). Install one (Debian: apt install python3 python3-venv) or set PYTHON."
    )


def odoo_requirements(source):
    """Odoo's requirements.txt without python-ldap (only auth_ldap needs it)."""
    lines = (source / "requirements.txt").read_text().splitlines()
    return "\n".join(
        line for line in lines if not re.match(r"\s*python-ldap\b", line, re.IGNORECASE)
    )


def pip(venv, *args, step):
    command = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        *args,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode:
        raise SetupError(
            f"{step} failed (pip exited with {completed.returncode}):\n"
            + (completed.stderr or completed.stdout)[-3000:]
        )


def prepare_venv(home, source):
    python, version = find_python()
    requirements = odoo_requirements(source)
    addon_requirements = (ROOT / "requirements.txt").read_text()
    test_requirements_path = ROOT / "requirements-odoo-test.txt"
    test_requirements = (
        test_requirements_path.read_text() if test_requirements_path.is_file() else ""
    )
    stamp_data = {
        "python": python,
        "version": list(version),
        "odoo": hashlib.sha256(requirements.encode()).hexdigest(),
        "addon": hashlib.sha256(addon_requirements.encode()).hexdigest(),
        "tests": hashlib.sha256(test_requirements.encode()).hexdigest(),
    }
    venv = home / "venv"
    stamp = home / "venv.stamp"
    if stamp.is_file() and (venv / "bin" / "python").is_file():
        with contextlib.suppress(ValueError):
            if json.loads(stamp.read_text()) == stamp_data:
                return venv
    stamp.unlink(missing_ok=True)
    say(
        f"Installing Odoo {SERIES}'s Python packages into .odoo/venv with "
        f"Python {version[0]}.{version[1]} (first run only, a few minutes)…"
    )
    if venv.exists():
        shutil.rmtree(venv)
    completed = subprocess.run(
        [python, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
    )
    if completed.returncode:
        raise SetupError(
            f"Creating the virtual environment .odoo/venv failed: {completed.stderr}"
            " (Debian: apt install python3-venv)."
        )
    pip(venv, "--upgrade", "pip", "wheel", step="Upgrading pip in .odoo/venv")
    filtered = home / "odoo-requirements.txt"
    filtered.write_text(requirements + "\n")
    pip(venv, "-r", str(filtered), step="Installing Odoo's requirements.txt")
    say("Installing the addon's requirements.txt into .odoo/venv…")
    # A second call: the addon's packages may need newer versions of what Odoo
    # pins (holidays needs python-dateutil >= 2.9, Odoo pins 2.8.2).
    pip(
        venv,
        "-r",
        str(ROOT / "requirements.txt"),
        step="Installing the addon's requirements.txt",
    )
    if test_requirements:
        pip(
            venv,
            "-r",
            str(test_requirements_path),
            step="Installing requirements-odoo-test.txt",
        )
    stamp.write_text(json.dumps(stamp_data))
    return venv


def write_launcher(home, venv, source):
    launcher = home / "bin" / "odoo"
    launcher.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "#!/bin/sh\n"
        "# Runs the project's private Odoo (made by tools/setup_odoo.py).\n"
        f'exec "{venv / "bin" / "python"}" "{source / "odoo-bin"}" "$@"\n'
    )
    if not launcher.is_file() or launcher.read_text() != text:
        launcher.write_text(text)
        launcher.chmod(0o755)
    version = odoo_version([str(launcher)])
    if f"Odoo Server {SERIES}" not in version:
        raise SetupError(
            f"The private Odoo in .odoo does not start ('{launcher} --version' "
            f"answered '{version}'). Remove .odoo and run again."
        )
    return launcher


# -- PostgreSQL --------------------------------------------------------------


def check_postgres(venv=None):
    """Stop with one message when PostgreSQL does not answer."""
    host = os.environ.get("ODOO_DB_HOST")
    where = (
        f"at {host}:{os.environ.get('ODOO_DB_PORT', '5432')}"
        if host
        else ("on the local socket")
    )
    env = dict(os.environ)
    if os.environ.get("ODOO_DB_PASSWORD"):
        env["PGPASSWORD"] = os.environ["ODOO_DB_PASSWORD"]
    if shutil.which("psql"):
        command = ["psql", "-d", "postgres", "-Atc", "select 1"]
        for option, variable in (
            ("-h", "ODOO_DB_HOST"),
            ("-p", "ODOO_DB_PORT"),
            ("-U", "ODOO_DB_USER"),
        ):
            if os.environ.get(variable):
                command += [option, os.environ[variable]]
    elif venv is not None:
        options = {
            "dbname": "postgres",
            "host": os.environ.get("ODOO_DB_HOST"),
            "port": os.environ.get("ODOO_DB_PORT"),
            "user": os.environ.get("ODOO_DB_USER"),
            "password": os.environ.get("ODOO_DB_PASSWORD"),
        }
        options = {key: value for key, value in options.items() if value}
        command = [
            str(venv / "bin" / "python"),
            "-c",
            f"import psycopg2; psycopg2.connect(**{options!r}).close()",
        ]
    else:
        raise SetupError(
            "PostgreSQL's client psql is not installed (Debian: apt install "
            "postgresql-client), so the database cannot be checked."
        )
    completed = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=60, check=False
    )
    if completed.returncode:
        raise SetupError(
            f"PostgreSQL does not answer {where} "
            f"({(completed.stderr or completed.stdout).strip()[-500:]}). "
            "Install and start PostgreSQL (Debian: apt install postgresql; "
            "pg_ctlcluster <version> main start), with a role for this user "
            "(createuser -s $USER), or set ODOO_DB_HOST, ODOO_DB_PORT, "
            "ODOO_DB_USER and ODOO_DB_PASSWORD."
        )


# -- main --------------------------------------------------------------------


@contextlib.contextmanager
def locked(home):
    home.mkdir(parents=True, exist_ok=True)
    with (home / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def setup(home, source_only=False, openeducat=False):
    if openeducat:
        try:
            with locked(home):
                return prepare_openeducat(home, default_openeducat_source())
        except OSError as error:
            raise SetupError(
                f"OpenEduCat {SERIES} could not be unpacked into {home}: {error}."
            ) from error
    if source_only:
        with locked(home):
            return prepare_source(home, default_source())
    launcher = existing_odoo()
    if launcher:
        check_postgres()
        return launcher
    with locked(home):
        source = prepare_source(home, default_source())
        venv = prepare_venv(home, source)
        launcher = write_launcher(home, venv, source)
    check_postgres(venv)
    return launcher


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--home",
        default=os.environ.get("ODOO_HOME", str(ROOT / ".odoo")),
        help="folder of the private Odoo (default: .odoo of the checkout)",
    )
    parser.add_argument(
        "--source-only",
        action="store_true",
        help="only find or unpack the Odoo source and print its directory",
    )
    parser.add_argument(
        "--openeducat",
        action="store_true",
        help="only find or unpack OpenEduCat 18.0 (for the bridge addon) and "
        "print its addons folder",
    )
    arguments = parser.parse_args(argv)
    try:
        result = setup(
            Path(arguments.home).resolve(), arguments.source_only, arguments.openeducat
        )
    except SetupError as error:
        say(f"Odoo set-up: {error}")
        return 2
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
