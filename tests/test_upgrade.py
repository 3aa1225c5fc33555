"""Upgrading from the previous version gives what a fresh install gives.

The previous version is the addon as it was just before the manifest took
its current version (from the repository's history). It is installed with
demo data on one database and upgraded to the current code; the current code
is installed on another. Their record rules, access rights, groups, scheduled
actions and sequences must be the same, and the upgrade's log clean.
"""

import ast
import subprocess
import tarfile
import uuid

import pytest
from conftest import (
    ADDON,
    LEVELS,
    ROOT,
    db_args,
    drop_database,
    free_port,
    odoo_command,
)

MODULE = "school_safeguarding"

QUERIES = {
    "record rules": """
        SELECT d.name, r.name, m.model, r.domain_force, r.active, r.perm_read,
               r.perm_write, r.perm_create, r.perm_unlink,
               ARRAY(SELECT gd.module || '.' || gd.name
                       FROM rule_group_rel rg
                       JOIN ir_model_data gd
                         ON gd.model = 'res.groups' AND gd.res_id = rg.group_id
                      WHERE rg.rule_group_id = r.id ORDER BY 1)
          FROM ir_rule r
          JOIN ir_model m ON m.id = r.model_id
          LEFT JOIN ir_model_data d
            ON d.model = 'ir.rule' AND d.res_id = r.id AND d.module = %(module)s
         WHERE d.id IS NOT NULL OR m.model LIKE 'safeguarding.%%'
         ORDER BY 1, 2
    """,
    "access rights": """
        SELECT d.name, m.model, a.perm_read, a.perm_write, a.perm_create,
               a.perm_unlink, gd.module || '.' || gd.name
          FROM ir_model_access a
          JOIN ir_model m ON m.id = a.model_id
          LEFT JOIN ir_model_data d
            ON d.model = 'ir.model.access' AND d.res_id = a.id
           AND d.module = %(module)s
          LEFT JOIN ir_model_data gd
            ON gd.model = 'res.groups' AND gd.res_id = a.group_id
         WHERE m.model LIKE 'safeguarding.%%' OR d.id IS NOT NULL
         ORDER BY 1, 2
    """,
    "groups": """
        SELECT d.name,
               ARRAY(SELECT id.module || '.' || id.name
                       FROM res_groups_implied_rel i
                       JOIN ir_model_data id
                         ON id.model = 'res.groups' AND id.res_id = i.hid
                      WHERE i.gid = g.id ORDER BY 1)
          FROM res_groups g
          JOIN ir_model_data d
            ON d.model = 'res.groups' AND d.res_id = g.id AND d.module = %(module)s
         ORDER BY 1
    """,
    "scheduled actions": """
        SELECT d.name, c.active, c.interval_number, c.interval_type, s.code
          FROM ir_cron c
          JOIN ir_act_server s ON s.id = c.ir_actions_server_id
          JOIN ir_model_data d
            ON d.model = 'ir.cron' AND d.res_id = c.id AND d.module = %(module)s
         ORDER BY 1
    """,
    "sequences": """
        SELECT code, prefix, padding, company_id IS NULL
          FROM ir_sequence WHERE code LIKE 'safeguarding.%%'
         ORDER BY 1, 2
    """,
}


def git(*args):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def manifest_version(commit):
    text = git("show", f"{commit}:addons/{MODULE}/__manifest__.py")
    return ast.literal_eval(text)["version"]


def previous_release():
    """The commit where the previous version of the addon first appeared.

    Its earliest state: a database of that version may hold any state of it,
    and the earliest one differs most from the current code.
    """
    current = ast.literal_eval((ADDON / "__manifest__.py").read_text())["version"]
    try:
        shallow = git("rev-parse", "--is-shallow-repository")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the previous version is not at hand")
    if shallow == "true":
        pytest.skip("a shallow clone: the previous version is not in its history")
    commits = git(
        "log", "--format=%H", "--", f"addons/{MODULE}/__manifest__.py"
    ).split()
    previous, first = None, None
    for commit in commits:
        version = manifest_version(commit)
        if version == current and previous is None:
            continue
        if previous is None:
            previous = version
        if version != previous:
            break
        first = commit
    if first is None:
        pytest.fail(f"No earlier version than {current} in the history.")
    return first


def run_odoo(addons, database, log_path, *args):
    command = odoo_command(
        "-d",
        database,
        "--stop-after-init",
        "--max-cron-threads",
        "0",
        "--http-port",
        str(free_port()),
        "--logfile",
        str(log_path),
        *args,
    )
    command[command.index("--addons-path") + 1] = str(addons)
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert completed.returncode == 0, log[-3000:] + completed.stderr[-2000:]
    return log


def snapshot(database):
    """The rows of QUERIES in ``database``, through psql."""
    result = {}
    for label, query in QUERIES.items():
        env_args = db_args()
        psql = ["psql", "-d", database, "-At", "-F", "|", "-c"]
        for option, flag in (("--db_host", "-h"), ("--db_port", "-p")):
            if option in env_args:
                psql[1:1] = [flag, env_args[env_args.index(option) + 1]]
        if "--db_user" in env_args:
            psql[1:1] = ["-U", env_args[env_args.index("--db_user") + 1]]
        completed = subprocess.run(
            [*psql, query.replace("%(module)s", f"'{MODULE}'").replace("%%", "%")],
            capture_output=True,
            text=True,
            check=True,
        )
        result[label] = completed.stdout.splitlines()
    return result


@pytest.fixture(scope="module")
def upgraded_and_fresh(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("upgrade")
    commit = previous_release()
    archive = tmp / "previous.tar"
    git("archive", "--format=tar", "-o", str(archive), commit, f"addons/{MODULE}")
    with tarfile.open(archive) as handle:
        handle.extractall(tmp / "previous", filter="data")
    previous_addons = tmp / "previous" / "addons"
    upgraded, fresh = (f"sg_upgrade_{uuid.uuid4().hex[:8]}" for _ in range(2))
    try:
        run_odoo(previous_addons, upgraded, tmp / "previous.log", "-i", MODULE)
        upgrade_log = run_odoo(
            ADDON.parent, upgraded, tmp / "upgrade.log", "-u", MODULE
        )
        run_odoo(ADDON.parent, fresh, tmp / "fresh.log", "-i", MODULE)
        yield {
            "commit": commit,
            "upgrade_log": upgrade_log,
            "upgraded": snapshot(upgraded),
            "fresh": snapshot(fresh),
        }
    finally:
        drop_database(upgraded)
        drop_database(fresh)


@pytest.mark.parametrize("label", list(QUERIES))
def test_upgrade_matches_a_fresh_install(upgraded_and_fresh, label):
    upgraded = upgraded_and_fresh["upgraded"][label]
    fresh = upgraded_and_fresh["fresh"][label]
    assert fresh, f"no {label} found on the fresh install"
    missing = sorted(set(fresh) - set(upgraded))
    extra = sorted(set(upgraded) - set(fresh))
    assert not missing and not extra, (
        f"{label} after upgrading from {upgraded_and_fresh['commit'][:10]}:\n"
        "only on a fresh install:\n  "
        + "\n  ".join(missing)
        + "\nonly after the upgrade:\n  "
        + "\n  ".join(extra)
    )


def test_upgrade_log_is_clean(upgraded_and_fresh):
    lines = [
        line
        for line in upgraded_and_fresh["upgrade_log"].splitlines()
        if LEVELS.match(line)
    ]
    assert not lines, "the upgrade logged:\n" + "\n".join(lines[:40])
