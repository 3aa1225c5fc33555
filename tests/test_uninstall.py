"""Installing then uninstalling leaves nothing behind and logs nothing wrong.

Uninstalling drops the addon's tables; its uninstall hook first removes the
files, messages, activities and followers Odoo would otherwise show to every
internal user, and the records in an order no foreign key objects to.
"""

import os
import re
import subprocess
import uuid

import pytest
from conftest import drop_database, odoo_command
from test_odoo import LEVELS

UNINSTALL = """
from odoo.exceptions import UserError
module = env["ir.module.module"].search([("name", "=", "school_safeguarding")])
try:
    module.button_immediate_uninstall()
except UserError as error:
    print("REFUSED:", error)
env.cr.rollback()
action = env["safeguarding.archive"].action_download()
print("ARCHIVE:", action["url"].split("/")[-1].split("?")[0])
env.cr.commit()
module.button_immediate_uninstall()
env.cr.commit()
"""


def psql(database, query):
    command = ["psql", "-d", database, "-Atc", query]
    env = dict(os.environ)
    for option, variable in (
        ("-h", "ODOO_DB_HOST"),
        ("-p", "ODOO_DB_PORT"),
        ("-U", "ODOO_DB_USER"),
    ):
        if os.environ.get(variable):
            command += [option, os.environ[variable]]
    if os.environ.get("ODOO_DB_PASSWORD"):
        env["PGPASSWORD"] = os.environ["ODOO_DB_PASSWORD"]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def uninstalled(tmp_path_factory):
    database = f"sg_uninstall_{uuid.uuid4().hex[:10]}"
    folder = tmp_path_factory.mktemp("uninstall")
    install_log, uninstall_log = folder / "install.log", folder / "uninstall.log"
    try:
        subprocess.run(
            odoo_command(
                "-d",
                database,
                "-i",
                "school_safeguarding",
                "--stop-after-init",
                "--max-cron-threads",
                "0",
                "--logfile",
                str(install_log),
            ),
            capture_output=True,
            check=False,
        )
        installed = psql(
            database,
            "SELECT count(*) FROM safeguarding_concern",
        )
        command = odoo_command(
            "-d", database, "--no-http", "--logfile", str(uninstall_log)
        )
        command.insert(1, "shell")
        completed = subprocess.run(
            command,
            input=UNINSTALL,
            capture_output=True,
            text=True,
            check=False,
        )
        archive = re.search(r"ARCHIVE: (\d+)", completed.stdout)
        yield {
            "database": database,
            "refused": "REFUSED:" in completed.stdout,
            "archive": archive
            and psql(
                database,
                "SELECT mimetype, file_size > 0 FROM ir_attachment"
                f" WHERE id = {int(archive.group(1))}",
            ),
            "installed_concerns": int(installed),
            "log": uninstall_log.read_text(encoding="utf-8", errors="replace"),
            "returncode": completed.returncode,
            "stderr": completed.stderr,
            "state": psql(
                database,
                "SELECT state FROM ir_module_module"
                " WHERE name = 'school_safeguarding'",
            ),
            "tables": int(
                psql(
                    database,
                    "SELECT count(*) FROM pg_tables"
                    " WHERE tablename LIKE 'safeguarding%'",
                )
            ),
            "attachments": int(
                psql(
                    database,
                    "SELECT count(*) FROM ir_attachment"
                    " WHERE res_model LIKE 'safeguarding.%'",
                )
            ),
            "messages": int(
                psql(
                    database,
                    "SELECT count(*) FROM mail_message"
                    " WHERE model LIKE 'safeguarding.%'",
                )
            ),
        }
    finally:
        if not os.environ.get("KEEP_TEST_DB"):
            drop_database(database)


def test_uninstall_removes_everything(uninstalled):
    assert uninstalled["installed_concerns"] > 0, "the demo data was installed"
    assert uninstalled["returncode"] == 0, uninstalled["stderr"][-2000:]
    # Refused until the archive of every record was downloaded; the archive
    # stays after the uninstall.
    assert uninstalled["refused"]
    assert uninstalled["archive"] == "application/zip|t"
    assert uninstalled["state"] == "uninstalled"
    assert uninstalled["tables"] == 0
    assert uninstalled["attachments"] == 0
    assert uninstalled["messages"] == 0


def test_uninstall_log_is_clean(uninstalled):
    lines = [line for line in uninstalled["log"].splitlines() if LEVELS.match(line)]
    assert not lines, "Odoo logged:\n" + "\n".join(lines[:40])
