from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .safeguarding_confidential_mixin import PENDING_AUDIT, safeguarding_subject_users
from .safeguarding_evidence_guard import keep_evidence

# The fields _record reads on the records it logs.
SUBJECT_FIELDS = (
    "company_id",
    "subject_user_id",
    "allegation_id",
    "concern_id",
    "referral_id",
    "review_id",
)


class SafeguardingAuditLog(models.Model):
    """Who opened which safeguarding record, and every export and print.

    Written by the addon only (as superuser); nobody can change or delete it.
    """

    _name = "safeguarding.audit.log"
    _description = "Safeguarding access log"
    _inherit = ["safeguarding.input.guard"]
    _order = "id desc"
    _log_access = True

    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    event = fields.Selection(
        [
            ("open", "Opened"),
            ("read", "Read"),
            ("list", "Listed"),
            ("export", "Exported"),
            ("print", "Printed"),
        ],
        required=True,
        readonly=True,
    )
    res_model = fields.Char(string="Model", required=True, readonly=True)
    record_kind = fields.Char(
        string="Kind of record", compute="_compute_record_kind", help="What was read."
    )
    reference = fields.Char(readonly=True, help="References of the records concerned.")
    record_count = fields.Integer(readonly=True)
    detail = fields.Char(readonly=True)
    subject_user_ids = fields.Many2many(
        "res.users",
        "safeguarding_audit_log_subject_rel",
        "log_id",
        "user_id",
        string="Adults concerned",
        readonly=True,
        help="The adults the records are about: they never see these entries.",
    )

    def init(self):
        keep_evidence(self.env.cr, self._table)

    @api.depends("res_model")
    @api.depends_context("lang")
    def _compute_record_kind(self):
        # sudo: the names of the addon's models, in the reader's language.
        names = {
            model.model: model.name
            for model in self.env["ir.model"]
            .sudo()
            .search([("model", "in", list(set(self.mapped("res_model"))))])
        }
        for entry in self:
            entry.record_kind = names.get(entry.res_model, entry.res_model)

    @api.model
    def _record(self, records, event, detail=False):
        """Log ``event`` on ``records`` for the current user."""
        # Records being edited in a form (not saved yet) have nothing to log.
        records = records.filtered("id")
        if not records:
            return
        # sudo: the school and the adults concerned are read to be logged.
        # Only those columns (a list's 80 concerns would otherwise be read
        # whole, descriptions included, for their school).
        rows = records.sudo()
        rows.fetch(
            [name for name in SUBJECT_FIELDS if name in rows._fields]
            + (["name"] if "name" in rows._fields else [])
        )
        values = {
            "user_id": self.env.uid,
            "company_id": rows[:1].company_id.id or self.env.company.id,
            "event": event,
            "res_model": records._name,
            "reference": ", ".join(name or "" for name in rows[:50].mapped("name")),
            "record_count": len(records),
            "detail": detail,
            "subject_user_ids": safeguarding_subject_users(rows).ids,
        }
        pending = PENDING_AUDIT.get()
        if pending is not None:
            # Inside a logged call: written with its other entries at its end.
            pending.append(values)
            return
        self._write_entries([values])

    @api.model
    def _write_entries(self, entries):
        """Append ``entries`` (the values _record makes) to the log.

        In SQL, as Odoo writes its own ``ir.logging``: every opening of a
        record writes here, and the values are complete (no default, no
        computed column), so the ORM's create would only add its cost to
        each opening. One INSERT for the entries, one for their adults.
        """
        if not entries:
            return
        now = self.env.cr.now()
        rows = self.env.execute_query(
            SQL(
                "INSERT INTO %s (user_id, company_id, event, res_model, reference,"
                " record_count, detail, create_uid, create_date, write_uid,"
                " write_date) VALUES %s RETURNING id",
                SQL.identifier(self._table),
                SQL(", ").join(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        entry["user_id"],
                        entry["company_id"],
                        entry["event"],
                        entry["res_model"],
                        entry["reference"] or None,
                        entry["record_count"],
                        entry["detail"] or None,
                        self.env.uid,
                        now,
                        self.env.uid,
                        now,
                    )
                    for entry in entries
                ),
            )
        )
        subjects = [
            SQL("(%s, %s)", log_id, user_id)
            for (log_id,), entry in zip(rows, entries, strict=True)
            for user_id in entry["subject_user_ids"]
        ]
        if subjects:
            self.env.execute_query(
                SQL(
                    "INSERT INTO safeguarding_audit_log_subject_rel (log_id, user_id)"
                    " VALUES %s",
                    SQL(", ").join(subjects),
                )
            )

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        raise UserError(self.env._("The safeguarding access log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._("The safeguarding access log cannot be deleted.")
            )
