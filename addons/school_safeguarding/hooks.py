from .models.safeguarding_confidential_mixin import CONFIDENTIAL_MODELS

# Personal data outside case work whose files and messages would also become
# readable by everyone once the addon's access rules are gone.
SENSITIVE_MODELS = [
    *CONFIDENTIAL_MODELS,
    "safeguarding.check",
    "safeguarding.attestation",
    "safeguarding.training",
    "safeguarding.policy",
    "safeguarding.visit",
    "safeguarding.review.action",
]


def uninstall_hook(env):
    """Remove what mail and ir.attachment keep about safeguarding records.

    Once the addon's models are gone, Odoo no longer knows who may read the
    attachments, messages, activities and followers left behind, and would
    show them to every internal user. They are deleted with the addon.
    """
    domain = [("res_model", "in", SENSITIVE_MODELS)]
    # Files of binary fields too (vetting evidence): they carry res_field.
    env["ir.attachment"].sudo().search(
        [*domain, "|", ("res_field", "=", False), ("res_field", "!=", False)]
    ).unlink()
    env["mail.activity"].sudo().search(domain).unlink()
    env["mail.followers"].sudo().search(domain).unlink()
    env["mail.message"].sudo().search([("model", "in", SENSITIVE_MODELS)]).unlink()
