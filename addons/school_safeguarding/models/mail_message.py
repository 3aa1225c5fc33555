from odoo import api, models

from .safeguarding_confidential_mixin import (
    confidential_models,
    safeguarding_hidden_documents,
)


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _find_allowed_model_wise(self, doc_model, doc_dict):
        # Searching messages: on a confidential record the team's messages are
        # for those who see its team side (the reporter of a concern reads the
        # concern, not the DSL's notes on it).
        Model = self.env[doc_model] if doc_model in self.env else None
        refused = getattr(Model, "_safeguarding_two_factor_refused", None)
        if refused and Model._safeguarding_two_factor_missing() and refused():
            # A senior role without two-factor: none, rather than an error.
            return set()
        allowed = super()._find_allowed_model_wise(doc_model, doc_dict)
        if doc_model in confidential_models(self.env):
            hidden = safeguarding_hidden_documents(
                self.env, {doc_model: set(doc_dict)}
            ).get(doc_model, set())
            for res_id in hidden:
                allowed -= set(doc_dict[res_id])
        return allowed
