from datetime import timedelta

from odoo import api, fields, models

# Waiting times before each new try of an email the mail server refused.
RETRY_DELAYS = tuple(
    timedelta(minutes=minutes) for minutes in (5, 15, 60, 180, 720, 1440)
)
# Failures of the mail server, worth trying again; an invalid address is not.
TRANSIENT_FAILURES = ("mail_smtp", "unknown")


class MailMail(models.Model):
    _inherit = "mail.mail"

    safeguarding_retries = fields.Integer(
        copy=False,
        readonly=True,
        help="How many times the email of a safeguarding record was put back "
        "in the queue after the mail server failed.",
    )

    @api.model
    def _safeguarding_undelivered_domain(self):
        return [
            ("state", "=", "exception"),
            ("model", "=like", "safeguarding.%"),
        ]

    @api.model
    def _cron_retry_safeguarding_mail(self):
        """Put emails of safeguarding records back in the queue, with back-off.

        The DSL's email about a new concern must arrive once the mail server
        is back: each failure of the server puts the email back in the queue
        after 5 minutes, then 15, 60, 180, 720 and 1,440; after that it stays
        failed and the DSL's overview counts it. Idempotent: an email waiting
        for its next try is not touched.
        """
        failed = self.sudo().search(
            [
                *self._safeguarding_undelivered_domain(),
                ("failure_type", "in", TRANSIENT_FAILURES),
                ("safeguarding_retries", "<", len(RETRY_DELAYS)),
            ]
        )
        now = fields.Datetime.now()
        for mail in failed:
            mail.write(
                {
                    "state": "outgoing",
                    "failure_type": False,
                    "failure_reason": False,
                    "scheduled_date": now + RETRY_DELAYS[mail.safeguarding_retries],
                    "safeguarding_retries": mail.safeguarding_retries + 1,
                }
            )
        return failed

    @api.model
    def _safeguarding_undelivered_count(self):
        """Emails of safeguarding records the user may read that did not arrive."""
        # sudo: only the count leaves, of records the user may read.
        rows = (
            self.sudo()
            .search(self._safeguarding_undelivered_domain())
            .read(["model", "res_id"])
        )
        by_model = {}
        for row in rows:
            by_model.setdefault(row["model"], []).append(row["res_id"])
        count = 0
        for model, res_ids in by_model.items():
            if model not in self.env or not self.env[model].has_access("read"):
                continue
            readable = set(self.env[model].search([("id", "in", res_ids)]).ids)
            count += sum(1 for res_id in res_ids if res_id in readable)
        return count
