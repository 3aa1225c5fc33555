"""Static checks of the addon: manifest, XML, access rights."""

import ast
import csv
import re

import pytest
from conftest import ADDON, ROOT
from lxml import etree

MANIFEST = ast.literal_eval((ADDON / "__manifest__.py").read_text())


def python_models():
    """(model name, is transient) of every model the addon defines."""
    models = []
    for path in list((ADDON / "models").glob("*.py")) + list(
        (ADDON / "wizard").glob("*.py")
    ):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {
                getattr(base, "attr", getattr(base, "id", "")) for base in node.bases
            }
            names = {
                target.id: statement.value
                for statement in node.body
                if isinstance(statement, ast.Assign)
                for target in statement.targets
                if isinstance(target, ast.Name)
            }
            inherited = names.get("_inherit")
            extends = isinstance(inherited, ast.List | ast.Constant) and (
                names["_name"].value
                in (
                    [element.value for element in inherited.elts]
                    if isinstance(inherited, ast.List)
                    else [inherited.value]
                )
                if "_name" in names
                else False
            )
            if "_name" in names and "AbstractModel" not in bases and not extends:
                models.append((names["_name"].value, "TransientModel" in bases))
    return models


def test_manifest_is_complete():
    for key in ("name", "version", "license", "author", "website", "depends", "data"):
        assert key in MANIFEST, key
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", MANIFEST["version"])
    # auth_totp: Odoo Community's two-factor, which senior roles need (it is
    # installed with the web client anyway: auto_install on web).
    assert MANIFEST["depends"] == ["hr", "mail", "auth_totp"]
    assert MANIFEST["data"][0].startswith("security/")
    for path in MANIFEST["data"] + MANIFEST.get("demo", []):
        assert (ADDON / path).is_file(), path


def test_requirements_match_external_dependencies():
    root = ADDON.parent.parent
    required = {
        line.split("=")[0].split(">")[0].strip().lower()
        for line in (root / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    declared = {
        name.lower()
        for name in MANIFEST.get("external_dependencies", {}).get("python", [])
    }
    assert required == declared


@pytest.mark.parametrize(
    "path", sorted(ADDON.rglob("*.xml")), ids=lambda path: str(path.relative_to(ADDON))
)
def test_xml_files_parse_and_follow_style(path):
    text = path.read_text()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>'), path
    root = etree.fromstring(text.encode())
    if path.is_relative_to(ADDON / "static" / "src"):
        # The web client's templates (OWL), not data for the server.
        assert root.tag == "templates"
        return
    assert root.tag == "odoo"
    assert not root.xpath("//*[@attrs or @states]"), "18.0 views use invisible=…"
    assert not root.xpath("//tree"), "18.0 views use <list>"
    for record in root.xpath("//record"):
        assert list(record.attrib)[:2] == ["id", "model"], etree.tostring(record)


def test_every_model_has_access_rows_naming_a_group():
    with (ADDON / "security" / "ir.model.access.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert row["group_id:id"], f"{row['id']} grants every user, portal included"
    covered = {row["model_id:id"] for row in rows}
    for model, _transient in python_models():
        xml_id = "model_" + model.replace(".", "_")
        assert xml_id in covered, f"{model} has no access rights"


def test_rules_are_noupdate():
    for path in (ADDON / "security").glob("*_security.xml"):
        root = etree.parse(str(path)).getroot()
        if root.xpath("//record[@model='ir.rule']"):
            assert root.get("noupdate") == "1", path


def test_confidential_models_are_company_scoped():
    for name in ("safeguarding_concern", "safeguarding_case", "safeguarding_case_log"):
        source = (ADDON / "models" / f"{name}.py").read_text()
        assert "_check_company_auto = True" in source, name
        rules = (ADDON / "security").glob("*_security.xml")
        assert any(
            f'ref="model_{name}"' in path.read_text()
            and "('company_id', 'in', company_ids)" in path.read_text()
            for path in rules
        ), name


def test_docker_files_match_the_test_command():
    """The Docker set-up uses the official image and the same two commands."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "FROM odoo:18.0" in dockerfile
    assert "requirements.txt" in dockerfile
    assert "requirements-test.txt" in dockerfile
    assert "requirements-odoo-test.txt" in dockerfile
    assert "image: postgres:16" in compose
    assert "./addons:/mnt/extra-addons" in compose
    assert '"./run-tests"' in compose, "the tests service runs the README command"
    start = (ROOT / "docker" / "start-demo").read_text(encoding="utf-8")
    assert "--init school_safeguarding" in start
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./run-tests" in ci
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in (
        "docker compose up",
        "docker compose run --rm tests",
        "./run-tests",
    ):
        assert command in readme, command
