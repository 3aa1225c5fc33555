from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

from .safeguarding_confidential_mixin import confidential_models

CHRONOLOGY = "school_safeguarding.report_safeguarding_case_chronology"
# A chronology is printed right after its disclosure is recorded.
DISCLOSURE_WINDOW = timedelta(minutes=30)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_html(self, report_ref, docids, data=None):
        # A printed record gives the school's local time, whatever the time
        # zone of whoever prints it (a register for the roll call, evidence
        # for the police): the school of the records printed.
        report = self._get_report(report_ref)
        if report.report_name.startswith("school_safeguarding."):
            records = self.env[report.model].browse(docids or [])
            # sudo: only the school of records the rendering checks next.
            company = (
                records.sudo()["company_id"][:1]
                if "company_id" in records._fields and records
                else self.env.company
            ) or self.env.company
            self = self.with_context(tz=company._safeguarding_tz())
        return super()._render_qweb_html(report_ref, docids, data=data)

    def _get_rendering_context(self, report, docids, data):
        # Every print of a confidential record, whatever the route (a button,
        # /report/html, /report/pdf), is written to the access log; printing a
        # case's chronology needs the disclosure recorded first (R30).
        if report.model in confidential_models(self.env) and not self.env.su:
            records = self.env[report.model].browse(docids)
            records.check_access("read")
            if report.report_name == CHRONOLOGY:
                self._safeguarding_check_disclosed(records)
            self.env["safeguarding.audit.log"]._record(records, "print", report.name)
        return super()._get_rendering_context(report, docids, data)

    def _safeguarding_check_disclosed(self, cases):
        since = fields.Datetime.now() - DISCLOSURE_WINDOW
        # sudo: only whether this user recorded a disclosure of these cases.
        disclosed = (
            self.env["safeguarding.disclosure"]
            .sudo()
            .search(
                [
                    ("case_id", "in", cases.ids),
                    ("create_uid", "=", self.env.uid),
                    ("create_date", ">=", since),
                ]
            )
            .case_id
        )
        missing = cases - disclosed
        if missing:
            raise UserError(
                self.env._(
                    "Record who receives the chronology of %(refs)s first: use "
                    "'Share chronology' on the case, which records the "
                    "disclosure and prints it.",
                    refs=", ".join(missing.sudo().mapped("name")),
                )
            )
