"""Every string of the addon is translated into Russian and Kazakh.

The template in the repository must be what Odoo exports from the code (so a
new string cannot slip in untranslated), and every one of its messages must
have a translation, not marked fuzzy, in ``ru.po`` and ``kk.po``.
"""

import re
import subprocess

import pytest
from conftest import ADDON, free_port, odoo_command

I18N = ADDON / "i18n"
LANGUAGES = ("ru", "kk")


def parse_po(path):
    """{msgid: (msgstr, fuzzy)} of a .po/.pot file (header and obsolete left out).

    Entries are separated by blank lines; strings may continue on lines of
    their own.
    """
    entries = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = block.splitlines()
        if any(line.startswith("#~") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts, current = {"msgid": [], "msgstr": []}, None
        for line in lines:
            if line.startswith(("msgid ", "msgstr ")):
                current, _space, text = line.partition(" ")
                parts[current].append(text.strip()[1:-1])
            elif line.startswith('"') and current:
                parts[current].append(line.strip()[1:-1])
        msgid = "".join(parts["msgid"])
        if msgid:
            entries[msgid] = ("".join(parts["msgstr"]), fuzzy)
    return entries


TEMPLATE = parse_po(I18N / "school_safeguarding.pot")


def test_the_template_has_the_addons_strings():
    assert len(TEMPLATE) > 1000


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    translations = parse_po(I18N / f"{language}.po")
    missing = [msgid for msgid in TEMPLATE if not translations.get(msgid, ("",))[0]]
    fuzzy = [msgid for msgid in TEMPLATE if translations.get(msgid, ("", False))[1]]
    assert not missing, f"{len(missing)} untranslated in {language}.po: {missing[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}.po: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{.*?\}\}")
    translations = parse_po(I18N / f"{language}.po")
    wrong = [
        msgid
        for msgid, (msgstr, _fuzzy) in translations.items()
        if msgid in TEMPLATE
        and sorted(placeholder.findall(msgid)) != sorted(placeholder.findall(msgstr))
    ]
    assert not wrong, f"placeholders differ in {language}.po: {wrong[:10]}"


def test_the_template_is_a_fresh_export(odoo_install, tmp_path):
    exported = tmp_path / "fresh.pot"
    command = odoo_command(
        "-d",
        odoo_install.database,
        f"--i18n-export={exported}",
        "--modules=school_safeguarding",
        "--stop-after-init",
        "--http-port",
        str(free_port()),
        "--log-level",
        "warn",
    )
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert completed.returncode == 0 and exported.exists(), completed.stderr[-2000:]
    fresh = parse_po(exported)
    new = sorted(set(fresh) - set(TEMPLATE))
    gone = sorted(set(TEMPLATE) - set(fresh))
    assert not new and not gone, (
        "i18n/school_safeguarding.pot is not what the code exports; re-export it "
        "and translate the new strings.\n"
        f"new in the code: {new[:15]}\nno longer in the code: {gone[:15]}"
    )
