from .models.safeguarding_confidential_mixin import CONFIDENTIAL_MODELS


def uninstall_hook(env):
    """Remove what mail and ir.attachment keep about safeguarding records.

    Once the addon's models are gone, Odoo no longer knows who may read the
    attachments, messages, activities and followers left behind, and would
    show them to every internal user. They are deleted with the addon.
    """
    domain = [("res_model", "in", CONFIDENTIAL_MODELS)]
    env["ir.attachment"].sudo().search(domain).unlink()
    env["mail.activity"].sudo().search(domain).unlink()
    env["mail.followers"].sudo().search(domain).unlink()
    env["mail.message"].sudo().search([("model", "in", CONFIDENTIAL_MODELS)]).unlink()
