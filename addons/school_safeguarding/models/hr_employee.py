from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .safeguarding_allegation import RECORDED_OUTCOMES
from .safeguarding_check import EXPIRING_DAYS, entry_order

HR = "school_safeguarding.group_safeguarding_hr"
CLEARANCE_READERS = (
    "school_safeguarding.group_safeguarding_hr,"
    "school_safeguarding.group_safeguarding_reception,"
    "school_safeguarding.group_safeguarding_team,"
    "school_safeguarding.group_safeguarding_director"
)
CLEARANCE = [
    ("cleared", "Cleared"),
    ("expiring", "Expiring"),
    ("pending", "Pending"),
    ("expired", "Expired"),
    ("failed", "Not suitable"),
    # Kept off site by a protective measure; nobody learns why from this.
    ("suspended", "Suspended from site"),
]
# The worst status wins.
CLEARANCE_RANK = {key: rank for rank, (key, _label) in enumerate(CLEARANCE)}

ALLEGATION_READERS = (
    "school_safeguarding.group_safeguarding_lead,"
    "school_safeguarding.group_safeguarding_director"
)


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "safeguarding.search.guard"]

    employee_type = fields.Selection(
        selection_add=[("volunteer", "Volunteer")],
        ondelete={"volunteer": "set default"},
    )
    safeguarding_organisation_id = fields.Many2one(
        "res.partner",
        string="Works for (contractor)",
        groups=HR,
        help="The organisation a contractor's person comes from; its written "
        "attestation can cover their checks.",
    )
    safeguarding_check_ids = fields.One2many(
        "safeguarding.check", "employee_id", string="Vetting checks", groups=HR
    )
    safeguarding_training_ids = fields.One2many(
        "safeguarding.training", "employee_id", string="Trainings", groups=HR
    )
    safeguarding_attestation_ids = fields.Many2many(
        "safeguarding.attestation",
        "safeguarding_attestation_employee_rel",
        "employee_id",
        "attestation_id",
        string="Covered by attestations",
        groups=HR,
    )
    safeguarding_induction_reminded = fields.Boolean(groups=HR, copy=False)
    safeguarding_clearance = fields.Selection(
        CLEARANCE,
        string="Safeguarding clearance",
        compute="_compute_safeguarding_clearance",
        store=True,
        index=True,
        groups=CLEARANCE_READERS,
        help="From the checks required for this person (their own or attested "
        "by their organisation) and their induction.",
    )
    safeguarding_clearance_expiry = fields.Date(
        string="Clearance valid until",
        compute="_compute_safeguarding_clearance",
        store=True,
        groups=CLEARANCE_READERS,
    )
    safeguarding_missing_items = fields.Char(
        string="Missing for clearance",
        compute="_compute_safeguarding_clearance",
        store=True,
        groups=HR,
    )

    # What the clearance depends on: a suspension from site keeps the person
    # off site. Read through the allegations' own rules, never by the person
    # concerned; HR and reception only see the status "Suspended from site".
    safeguarding_subject_allegation_ids = fields.One2many(
        "safeguarding.allegation",
        "subject_employee_id",
        string="Allegations about the person",
        groups=ALLEGATION_READERS,
    )
    safeguarding_allegation_ids = fields.Many2many(
        "safeguarding.allegation",
        string="Allegations",
        compute="_compute_safeguarding_allegations",
        search="_search_safeguarding_allegation_ids",
        compute_sudo=False,
        groups=ALLEGATION_READERS,
        help="Open allegations and those found substantiated or unsubstantiated. "
        "Unfounded, false and malicious allegations never show on the person's "
        "record.",
    )
    safeguarding_allegation_count = fields.Integer(
        string="Allegations count",
        compute="_compute_safeguarding_allegations",
        compute_sudo=False,
        groups=ALLEGATION_READERS,
    )

    def web_read(self, specification):
        # The form shows the person's safeguarding records to those who may
        # read them, and reading those is written to the access log: not in
        # the read-only transaction Odoo uses for reads.
        return super().web_read(specification)

    web_read._readonly = False

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # Checked before hr sends users without HR rights to public employees.
        if not self.env.su:
            self._safeguarding_check_domain_fields(domain)
        return super().search_fetch(
            domain, field_names, offset=offset, limit=limit, order=order
        )

    def _safeguarding_category(self):
        """employee, volunteer or contractor: which checks the person needs."""
        self.ensure_one()
        employee_type = self.sudo().employee_type
        if employee_type == "volunteer":
            return "volunteer"
        if employee_type in ("contractor", "freelance"):
            return "contractor"
        return "employee"

    def _safeguarding_is_foreign(self):
        """Whether the person's nationality is not their school's country."""
        self.ensure_one()
        country = self.company_id.country_id
        return bool(self.country_id and country and self.country_id != country)

    @api.depends(
        "employee_type",
        "country_id",
        "company_id.country_id",
        "safeguarding_check_ids.check_type_id",
        "safeguarding_check_ids.issue_date",
        "safeguarding_check_ids.expiry_date",
        "safeguarding_check_ids.result",
        "safeguarding_attestation_ids.valid_until",
        "safeguarding_attestation_ids.check_type_ids",
        "safeguarding_training_ids.complete",
        "safeguarding_training_ids.expiry_date",
        "safeguarding_subject_allegation_ids.measure",
        "safeguarding_subject_allegation_ids.measure_start",
        "safeguarding_subject_allegation_ids.measure_end",
        "safeguarding_subject_allegation_ids.state",
        "safeguarding_subject_allegation_ids.outcome",
    )
    def _compute_safeguarding_clearance(self):
        """Cleared, expiring, pending, expired, not suitable or suspended.

        From the checks (R5, R6) and the induction (R15); a suspension from
        site (R24) overrides them for as long as it lasts. Depends on today's
        date too: the daily scheduled action recomputes it.
        """
        employees = self.sudo()
        for employee, values in zip(
            employees, employees._safeguarding_clearance_values(), strict=True
        ):
            (
                employee.safeguarding_clearance,
                employee.safeguarding_clearance_expiry,
                employee.safeguarding_missing_items,
            ) = values

    def _safeguarding_clearance_values(self):
        """(clearance, valid until, missing items) of each person, in order.

        Computed for the whole recordset at once: each person's checks,
        attestations and trainings are read in batch and sorted out in one
        pass, not filtered once per check type.
        """
        today = fields.Date.context_today(self)
        soon = today + relativedelta(days=EXPIRING_DAYS)
        check_types = self.env["safeguarding.check.type"].sudo().search([])
        # The check types each kind of person needs: a handful of kinds,
        # worked out once, not per person and type.
        needed = {}
        inductions = (
            self.env["safeguarding.training.type"]
            .sudo()
            .search([("kind", "=", "induction"), ("required_for_all", "=", True)])
        )
        result = []
        for employee in self:
            statuses, ends, missing = [], [], []
            kind = (
                employee._safeguarding_category(),
                employee._safeguarding_is_foreign(),
            )
            if kind not in needed:
                needed[kind] = check_types._required_by(*kind)
            # The latest check of each type (by date, then as entered).
            # Equal keys (unsaved lines of one date): the later line wins.
            latest = {}
            for check in employee.safeguarding_check_ids:
                key = entry_order(check, "issue_date")
                check_type = check.check_type_id
                if check_type not in latest or key >= latest[check_type][0]:
                    latest[check_type] = (key, check)
            attested = defaultdict(list)
            for attestation in employee.safeguarding_attestation_ids:
                for check_type in attestation.check_type_ids:
                    attested[check_type].append(attestation.valid_until)
            for check_type in needed[kind]:
                check = latest.get(check_type, (None, None))[1]
                if check and check.result == "failed":
                    statuses.append("failed")
                    continue
                # None stands for "no expiry".
                coverage = [check.expiry_date or None] if check else []
                coverage += attested[check_type]
                if not coverage:
                    statuses.append("pending")
                    missing.append(check_type.name)
                    continue
                end = None if None in coverage else max(coverage)
                if end and end < today:
                    statuses.append("expired")
                    missing.append(check_type.name)
                elif end and end <= soon:
                    statuses.append("expiring")
                if end:
                    ends.append(end)
            trained = {
                training.training_type_id
                for training in employee.safeguarding_training_ids
                if training.complete
                and not (training.expiry_date and training.expiry_date < today)
            }
            for induction in inductions:
                if induction not in trained:
                    statuses.append("pending")
                    missing.append(induction.name)
            if employee.safeguarding_subject_allegation_ids._suspending_on(today):
                statuses.append("suspended")
            result.append(
                (
                    max(statuses or ["cleared"], key=CLEARANCE_RANK.get),
                    min(ends) if ends else False,
                    ", ".join(missing),
                )
            )
        return result

    @api.model
    def _cron_recompute_safeguarding_clearance(self, batch_size=1000):
        """Clearance changes with the date: recompute it for everyone, daily.

        Computed batch by batch; only the people whose clearance changed are
        written, each group with the same new values at once, as the ORM
        writes a recomputed field: into the cache, then one UPDATE per batch
        (no ``write()`` per person).
        """
        fnames = [
            "safeguarding_clearance",
            "safeguarding_clearance_expiry",
            "safeguarding_missing_items",
        ]
        fields_ = [self._fields[fname] for fname in fnames]
        # sudo: run by the scheduled action; the fields are HR's.
        employees = self.with_context(active_test=False).sudo().search([])
        for start in range(0, len(employees), batch_size):
            batch = employees[start : start + batch_size].with_prefetch()
            # Only the columns the clearance reads, not every field of the
            # people and their records.
            batch.fetch(["employee_type", "country_id", "company_id", *fnames])
            batch.safeguarding_check_ids.fetch(
                ["check_type_id", "issue_date", "expiry_date", "result"]
            )
            batch.safeguarding_attestation_ids.fetch(["valid_until", "check_type_ids"])
            batch.safeguarding_training_ids.fetch(
                ["training_type_id", "complete", "expiry_date"]
            )
            changed = defaultdict(list)
            for employee, values in zip(
                batch, batch._safeguarding_clearance_values(), strict=True
            ):
                current = (
                    employee.safeguarding_clearance,
                    employee.safeguarding_clearance_expiry,
                    employee.safeguarding_missing_items or "",
                )
                if current != values:
                    changed[values].append(employee.id)
            for (clearance, expiry, missing), ids in changed.items():
                group = batch.browse(ids)
                with self.env.protecting(fields_, group):
                    group.safeguarding_clearance = clearance
                    group.safeguarding_clearance_expiry = expiry
                    group.safeguarding_missing_items = missing
                group.modified(fnames)
            batch.flush_recordset(fnames)
            # What was read for this batch is not needed for the next.
            self.env.invalidate_all()
        self.env["ir.cron"]._notify_progress(done=len(employees), remaining=0)

    def _allegation_domain(self):
        return [
            ("subject_employee_id", "in", self.ids),
            "|",
            ("outcome", "=", False),
            ("outcome", "in", RECORDED_OUTCOMES),
        ]

    @api.depends_context("uid")
    def _compute_safeguarding_allegations(self):
        # As the current user: record rules keep the person concerned out.
        Allegation = self.env["safeguarding.allegation"]
        # Senior roles without two-factor see none (and are told why on Today).
        allegations = (
            Allegation.browse()
            if Allegation._safeguarding_two_factor_missing()
            else Allegation.search(self._allegation_domain())
        )
        for employee in self:
            mine = allegations.filtered(
                lambda allegation, e=employee: allegation.subject_employee_id == e
            )
            employee.safeguarding_allegation_ids = mine
            employee.safeguarding_allegation_count = len(mine)

    def _search_safeguarding_allegation_ids(self, operator, value):
        """People with (or without) allegations the user may read."""
        if operator not in ("=", "!=") or value not in (False, None):
            raise UserError(self.env._("Unsupported search."))
        # As the current user: the person concerned finds nothing about
        # themselves, other schools' allegations stay out.
        groups = self.env["safeguarding.allegation"]._read_group(
            [
                ("subject_employee_id", "!=", False),
                "|",
                ("outcome", "=", False),
                ("outcome", "in", RECORDED_OUTCOMES),
            ],
            ["subject_employee_id"],
        )
        employees = [employee.id for (employee,) in groups]
        return [("id", "in" if operator == "!=" else "not in", employees)]

    def action_view_safeguarding_allegations(self):
        self.ensure_one()
        self.env["safeguarding.allegation"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_allegation_action"
        )
        action["domain"] = self._allegation_domain()
        action["context"] = {"create": False}
        return action
