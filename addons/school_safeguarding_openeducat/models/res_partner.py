from odoo import api, models
from odoo.osv import expression

# Name searches that look for a text (the pupil picker types a few letters).
POSITIVE_OPERATORS = ("ilike", "=ilike", "like", "=like", "=")


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _search_display_name(self, operator, value):
        """Pupils are also found by their class and registration number.

        The extra leaves compare plain fields (the class) and contact ids, so
        the safeguarding search guard of contacts still sees every leaf.
        """
        domain = super()._search_display_name(operator, value)
        if (
            operator not in POSITIVE_OPERATORS
            or not isinstance(value, str)
            or not value.strip()
        ):
            return domain
        value = value.strip()
        # sudo: only the contacts of pupils whose registration number matches
        # come back, for every member of staff to pick (as by name); the
        # outer search still applies the user's own rules on contacts.
        students = (
            self.env["op.student"]
            .sudo()
            .search_fetch([("gr_no", operator, value)], ["partner_id"])
        )
        return expression.OR(
            [
                domain,
                [("is_pupil", "=", True), ("pupil_grade", operator, value)],
                [("is_pupil", "=", True), ("id", "in", students.partner_id.ids)],
            ]
        )
