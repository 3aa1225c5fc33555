from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.modules.module import get_manifest
from odoo.tools.convert import convert_file

from .models.safeguarding_confidential_mixin import (
    CONFIDENTIAL_MODELS,
    EVIDENCE_MODELS,
)
from .models.safeguarding_evidence_guard import allow_purge, drop_evidence_guard
from .models.safeguarding_working_calendar import UTC_ZONES

# Personal data outside case work whose files and messages would also become
# readable by everyone once the addon's access rules are gone.
SENSITIVE_MODELS = [*CONFIDENTIAL_MODELS, *EVIDENCE_MODELS]


# Records are removed in this order so that no restricting foreign key (an
# entry of the chronology on its case, say) stops the removal.
REMOVAL_ORDER = [
    "safeguarding.case.log",
    "safeguarding.transfer",
    "safeguarding.missing.event",
    "safeguarding.referral.contact",
    "safeguarding.disclosure",
    "safeguarding.referral",
    "safeguarding.consultation",
    "safeguarding.safety.plan",
    "safeguarding.exclusion",
    "safeguarding.police.interview",
    "safeguarding.review.action",
    "safeguarding.action",
    "safeguarding.review",
    "safeguarding.allegation",
    "safeguarding.missing.episode",
    "safeguarding.concern",
    "safeguarding.case",
    "safeguarding.visit",
    "safeguarding.policy.acknowledgement",
    "safeguarding.policy",
    "safeguarding.training",
    "safeguarding.check",
    "safeguarding.attestation",
    "safeguarding.audit.log",
]


def post_init_hook(env):
    """Count each school's deadlines in its own time zone from the first day.

    A database installed without demo data leaves the working schedules in
    UTC: they take the company's time zone, Asia/Almaty when it has none.
    """
    for company in env["res.company"].search([]):
        calendar = company.resource_calendar_id
        if calendar and (not calendar.tz or calendar.tz in UTC_ZONES):
            calendar.tz = company._safeguarding_tz()
    # Kazakh or Russian in use: Odoo's own screens in Russian too.
    env["res.lang"]._safeguarding_load_russian()
    # Users who already hold a safeguarding role start on its home page.
    env["res.users"].with_context(active_test=False).search(
        [("share", "=", False)]
    )._safeguarding_set_home()


def uninstall_hook(env):
    """Remove what mail and ir.attachment keep about safeguarding records.

    Once the addon's models are gone, Odoo no longer knows who may read the
    attachments, messages, activities and followers left behind, and would
    show them to every internal user. They are deleted with the addon, and
    so are the records (their tables are dropped next).
    """
    # The evidence triggers let this transaction, and no other, remove it.
    allow_purge(env.cr)
    domain = [("res_model", "in", SENSITIVE_MODELS)]
    # Files of binary fields too (vetting evidence): they carry res_field.
    env["ir.attachment"].sudo().search(
        [*domain, "|", ("res_field", "=", False), ("res_field", "!=", False)]
    ).unlink()
    env["mail.activity"].sudo().search(domain).unlink()
    env["mail.followers"].sudo().search(domain).unlink()
    env["mail.message"].sudo().search([("model", "in", SENSITIVE_MODELS)]).unlink()
    # The records themselves go with their tables; removing them first keeps
    # Odoo's own clean-up of the addon's data from tripping over them.
    for model in REMOVAL_ORDER:
        env[model].sudo().with_context(
            active_test=False, **{MODULE_UNINSTALL_FLAG: True}
        ).search([]).unlink()
    drop_evidence_guard(env.cr)


def reload_access_rules(env):
    """Bring the record rules and groups of an upgraded database to this version.

    Rule files are ``noupdate`` (an administrator's change to a rule survives
    ordinary updates), so a rule this version changes would keep its old
    domain on an upgraded database. Migrations call this: every security file
    of the manifest is loaded as on a fresh install.
    """
    for filename in get_manifest("school_safeguarding")["data"]:
        if filename.startswith("security/") and filename.endswith(".xml"):
            convert_file(
                env, "school_safeguarding", filename, {}, mode="init", kind="data"
            )
