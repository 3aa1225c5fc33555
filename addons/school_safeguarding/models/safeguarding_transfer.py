import hashlib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

TEAM = "school_safeguarding.group_safeguarding_team"
CHRONOLOGY = "school_safeguarding.report_safeguarding_case_chronology"
# What a user may never set on a transfer: the workflow fills it.
PROTECTED = frozenset(
    {
        "name",
        "case_id",
        "company_id",
        "pupil_id",
        "state",
        "sent_user_id",
        "sent_date",
        "received_user_id",
        "received_date",
        "sealed_attachment_id",
        "seal",
        "disclosure_id",
        "withdrawn_user_id",
        "withdrawn_date",
        "withdraw_reason",
    }
)


class SafeguardingTransfer(models.Model):
    """Transfer of a child protection file when the pupil leaves.

    Inside the group (another school of the same database) the file goes to
    the receiving school's DSL, who confirms receipt: a new case opens there
    with a copy of the chronology. Outside the group, the sealed PDF of the
    chronology and this record are the proof of what was sent. Either way the
    sending case is kept, read-only, with its chronology and the record of
    the information shared.
    """

    _name = "safeguarding.transfer"
    _description = "Transfer of a child protection file"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Sending school",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    pupil_id = fields.Many2one(
        "res.partner", string="Child", readonly=True, ondelete="restrict"
    )
    destination = fields.Selection(
        [
            ("group", "A school of our group"),
            ("external", "A school outside the group"),
        ],
        required=True,
        default="group",
        index=True,
    )
    target_company_id = fields.Many2one(
        "res.company",
        string="Receiving school",
        index="btree_not_null",
        help="The school of the group the child moves to: its DSL receives the file.",
    )
    # The schools of the group, by name: the sending team may not read the
    # other schools' records, so a many2one could not offer them.
    target_school = fields.Selection(
        selection="_selection_target_school",
        string="Receiving school of the group",
        compute="_compute_target_school",
        inverse="_inverse_target_school",
    )
    target_partner_id = fields.Many2one(
        "res.partner",
        string="Receiving organisation",
        ondelete="restrict",
        help="The school (with its address) outside the group the child moves to.",
    )
    recipient_name = fields.Char(
        string="Person receiving it", help="Usually the receiving school's DSL."
    )
    channel = fields.Selection(
        [
            ("letter", "Letter (recorded delivery)"),
            ("in_person", "Handed over in person"),
            ("email", "Secure email"),
        ],
        string="Sent by",
        default="in_person",
        help="How the sealed file reaches a school outside the group.",
    )
    leaving_date = fields.Date(
        string="Leaving date", required=True, default=fields.Date.context_today
    )
    reason = fields.Text(string="Reason for leaving")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("received", "Received"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    sent_user_id = fields.Many2one(
        "res.users", string="Sent by user", readonly=True, copy=False
    )
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    received_user_id = fields.Many2one(
        "res.users", string="Received by", readonly=True, copy=False
    )
    received_date = fields.Datetime(string="Received on", readonly=True, copy=False)
    withdrawn_user_id = fields.Many2one(
        "res.users", string="Withdrawn by", readonly=True, copy=False
    )
    withdrawn_date = fields.Datetime(string="Withdrawn on", readonly=True, copy=False)
    withdraw_reason = fields.Text(
        string="Why it was withdrawn", readonly=True, copy=False
    )
    sealed_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Sealed file",
        readonly=True,
        copy=False,
        # The seal stays: a removed file shows as changed.
        ondelete="set null",
    )
    seal = fields.Char(
        string="SHA-256 seal",
        readonly=True,
        copy=False,
        help="The SHA-256 fingerprint of the sealed file: anyone can compute it "
        "from the PDF and compare it to show the file is unchanged.",
    )
    seal_intact = fields.Boolean(
        string="File unchanged",
        compute="_compute_seal_intact",
        compute_sudo=False,
    )
    disclosure_id = fields.Many2one(
        "safeguarding.disclosure",
        string="Record of information shared",
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    target_case_id = fields.Many2one(
        "safeguarding.case",
        string="Case in the receiving school",
        compute="_compute_target_case_id",
        compute_sudo=False,
        help="Shown to the receiving school only.",
    )

    is_receiving = fields.Boolean(
        compute="_compute_is_receiving",
        help="The user works in the receiving school of the group.",
    )

    @api.model
    def _selection_target_school(self):
        # sudo: only the names of the schools of the database, to choose one.
        companies = self.env["res.company"].sudo().search([])
        return [(str(company.id), company.name) for company in companies]

    @api.depends("target_company_id")
    def _compute_target_school(self):
        for transfer in self:
            transfer.target_school = (
                str(transfer.target_company_id.id)
                if transfer.target_company_id
                else False
            )

    def _inverse_target_school(self):
        for transfer in self:
            transfer.target_company_id = (
                int(transfer.target_school) if transfer.target_school else False
            )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_is_receiving(self):
        for transfer in self:
            transfer.is_receiving = (
                transfer.destination == "group"
                and transfer.target_company_id in self.env.companies
            )

    @api.depends("seal", "sealed_attachment_id")
    def _compute_seal_intact(self):
        for transfer in self:
            # The bytes, not their size: a form reads with bin_size in its
            # context, which turns a file's content into "24.46 Kb".
            sealed = transfer.sealed_attachment_id.with_context(bin_size=False)
            transfer.seal_intact = bool(
                transfer.seal and sealed and self._seal_of(sealed.raw) == transfer.seal
            )

    def _compute_target_case_id(self):
        # Searched with the user's rights: only the receiving school finds it.
        cases = self.env["safeguarding.case"].search(
            [("transfer_in_id", "in", self.ids)]
        )
        by_transfer = {case.transfer_in_id.id: case for case in cases}
        for transfer in self:
            transfer.target_case_id = by_transfer.get(transfer.id, False)

    @api.constrains("destination", "target_company_id", "target_partner_id")
    def _check_target(self):
        for transfer in self:
            if transfer.destination == "group" and (
                transfer.target_company_id == transfer.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "The file is transferred to another school: choose the "
                        "school the child moves to, not %(school)s.",
                        school=transfer.company_id.name,
                    )
                )

    @api.constrains("case_id", "state")
    def _check_one_open_transfer(self):
        open_states = ("draft", "sent")
        for transfer in self.filtered(lambda t: t.state in open_states):
            # sudo: whether another transfer of the same case is under way.
            others = self.sudo().search_count(
                [
                    ("case_id", "=", transfer.case_id.id),
                    ("state", "in", open_states),
                    ("id", "!=", transfer.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The file of %(ref)s is already being transferred: finish "
                        "or delete that transfer first.",
                        ref=transfer.case_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        Case = self.env["safeguarding.case"]
        for vals in vals_list:
            if not self.env.su:
                for field in PROTECTED - {"case_id"}:
                    vals.pop(field, None)
            # The form sends the case as a default (a read-only field).
            vals.setdefault("case_id", self.env.context.get("default_case_id"))
            # Read with the user's rights: another school's case is refused.
            case = Case.browse(vals.get("case_id"))
            if case:
                if case.is_transferred:
                    raise UserError(
                        self.env._(
                            "The file of %(ref)s has already been transferred.",
                            ref=case.name,
                        )
                    )
                vals["company_id"] = case.company_id.id
                vals["pupil_id"] = case.pupil_id.id
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & PROTECTED:
                raise UserError(
                    self.env._("Use the buttons of the transfer to change its status.")
                )
            sent = self.filtered(lambda transfer: transfer.state != "draft")
            if sent:
                raise UserError(
                    self.env._(
                        "%(refs)s has been sent and is kept as it was.",
                        refs=", ".join(sent.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if not self.env.su and any(t.state != "draft" for t in self):
            raise UserError(
                self.env._("A transfer that has been sent is kept as evidence.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send(self):
        """Send the file: seal the chronology, record it, lock the case."""
        self.check_access("read")
        for transfer in self:
            transfer._send()
        return True

    def action_confirm_receipt(self):
        """The receiving school's DSL confirms the file arrived (group only)."""
        self.check_access("read")
        if not self.env.user.has_group(TEAM):
            raise AccessError(
                self.env._("Only the safeguarding team confirms receipt of a file.")
            )
        for transfer in self:
            transfer._receive()
        return True

    def action_withdraw(self):
        """Ask why, then withdraw a file the receiving school has not confirmed."""
        self.ensure_one()
        self._check_can_withdraw()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw %(ref)s", ref=self.name),
            "res_model": "safeguarding.transfer.withdraw.wizard",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_transfer_id": self.id},
        }

    def action_download(self):
        """Download the sealed file (read access to the transfer is checked)."""
        self.ensure_one()
        self.check_access("read")
        if not self.sealed_attachment_id:
            raise UserError(self.env._("The file has not been sent yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.sealed_attachment_id.id}?download=true",
            "target": "download",
        }

    def action_open_target_case(self):
        self.ensure_one()
        case = self.target_case_id
        if not case:
            raise UserError(self.env._("There is no case of yours for this transfer."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "safeguarding.case",
            "res_id": case.id,
            "view_mode": "form",
            "views": [[False, "form"]],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _seal_of(self, raw):
        return hashlib.sha256(raw or b"").hexdigest()

    def _receiving_label(self):
        self.ensure_one()
        if self.destination == "group":
            # sudo: the name of the receiving school, which the sender may not read.
            return self.target_company_id.sudo().name
        return self.target_partner_id.sudo().display_name

    def _check_can_send(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%(ref)s has already been sent.", ref=self.name))
        self.check_access("write")
        self.case_id._check_can_act()
        if self.destination == "group":
            target = self.target_company_id.sudo()
            if not target:
                raise ValidationError(
                    self.env._("Choose the school of the group the child moves to.")
                )
            if not target.safeguarding_lead_id:
                raise UserError(
                    self.env._(
                        "%(school)s has no Designated Safeguarding Lead in Odoo: "
                        "nobody could receive the file. Ask its administrator to "
                        "set one, or transfer the file as outside the group.",
                        school=target.name,
                    )
                )
        elif not self.target_partner_id:
            raise ValidationError(
                self.env._("Choose the school (organisation) the child moves to.")
            )

    def _send(self):
        self._check_can_send()
        case = self.case_id
        receiving = self._receiving_label()
        if self.destination == "group":
            # sudo: the receiving school's contact and DSL, named in the record.
            target = self.target_company_id.sudo()
            agency = target.partner_id
            recipient = self.recipient_name or target.safeguarding_lead_id.name
        else:
            agency = self.target_partner_id
            recipient = self.recipient_name
        disclosure = self.env["safeguarding.disclosure"].create(
            {
                "case_id": case.id,
                "agency_id": agency.id,
                "recipient_name": recipient,
                "legal_basis": "file_transfer",
                "legal_basis_note": self.name,
                "channel": "odoo_transfer"
                if self.destination == "group"
                else self.channel or "in_person",
                "information": self.env._(
                    "Child protection file of %(ref)s (%(count)s chronology "
                    "entries), transferred to %(school)s under %(transfer)s.",
                    ref=case.name,
                    count=len(case.log_ids),
                    school=receiving,
                    transfer=self.name,
                ),
            }
        )
        case._log(
            "transfer",
            self.env._(
                "%(transfer)s: file transferred to %(school)s by %(user)s. The "
                "case is kept here read-only.",
                transfer=self.name,
                school=receiving,
                user=self.env.user.name,
            ),
        )
        case._close_for_transfer(self)
        content, _kind = (
            self.env["ir.actions.report"]
            .with_context(lang=self.env.user.lang)
            ._render_qweb_pdf(CHRONOLOGY, case.ids)
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "%(transfer)s - chronology %(ref)s.pdf",
                    transfer=self.name,
                    ref=case.name,
                ),
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        seal = self._seal_of(content)
        # sudo: the workflow fields, after the checks above. Only the chosen
        # kind of destination is kept: a school of the group chosen before
        # switching to outside the group never sees the transfer.
        self.sudo().write(
            {
                "target_company_id": self.destination == "group"
                and self.target_company_id.id,
                "target_partner_id": self.destination == "external"
                and self.target_partner_id.id,
                "state": "sent",
                "sent_user_id": self.env.uid,
                "sent_date": fields.Datetime.now(),
                "sealed_attachment_id": attachment.id,
                "seal": seal,
                "disclosure_id": disclosure.id,
            }
        )
        # sudo: a sent transfer is read-only for users; the note is the
        # sender's, who follows the transfer to be told of its receipt.
        self.sudo()._message_subscribe(partner_ids=self.env.user.partner_id.ids)
        self.sudo().message_post(
            body=self.env._(
                "File sent to %(school)s. SHA-256 seal of the file: %(seal)s",
                school=receiving,
                seal=seal,
            ),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if self.destination == "group":
            target = self.target_company_id.sudo()
            users = target.safeguarding_acting_lead_ids or target.safeguarding_lead_id
            # sudo: the assignees read the transfer from now on (checked by the
            # activity itself); the check runs in their school, not the sender's.
            transfer = self.sudo().with_context(allowed_company_ids=target.ids)
            for user in users:
                transfer.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Confirm receipt of a transferred file"),
                )

    def _check_can_withdraw(self):
        """The sending school's team, a group transfer not yet received."""
        self.ensure_one()
        self.check_access("read")
        if not self.env.user.has_group(TEAM):
            raise AccessError(
                self.env._("Only the safeguarding team withdraws a transfer.")
            )
        # Read with the user's rights: only the sending school reads its case.
        if not self.case_id.has_access("read"):
            raise AccessError(
                self.env._(
                    "Only the school that sent %(ref)s can withdraw it.", ref=self.name
                )
            )
        if self.destination != "group":
            raise UserError(
                self.env._(
                    "%(ref)s went to a school outside the group: the sealed file "
                    "has left the school and cannot be withdrawn.",
                    ref=self.name,
                )
            )
        if self.state != "sent":
            raise UserError(
                self.env._(
                    "Only a file whose receipt is not confirmed yet can be "
                    "withdrawn (%(ref)s).",
                    ref=self.name,
                )
            )

    def _withdraw(self, reason):
        """Withdraw the file: the receiving school loses it, the case is unlocked.

        The transfer, its sealed file and the record of the information
        shared stay as evidence of what was made available, and when.
        """
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                self.env._("Say why the transfer is withdrawn: it is kept in the file.")
            )
        self._check_can_withdraw()
        case = self.case_id
        target = self.target_company_id.sudo()
        # Who was asked to confirm receipt, told below that they need not.
        waiting = self.sudo().activity_ids.user_id
        # sudo: the workflow fields, after the checks above.
        transfer = self.sudo()
        transfer.write(
            {
                "state": "withdrawn",
                "withdrawn_user_id": self.env.uid,
                "withdrawn_date": fields.Datetime.now(),
                "withdraw_reason": reason,
            }
        )
        # Their request to confirm receipt no longer applies.
        transfer.activity_ids.unlink()
        case._reopen_after_withdrawal(self)
        case._log(
            "transfer",
            self.env._(
                "%(transfer)s: transfer to %(school)s withdrawn by %(user)s before "
                "its receipt was confirmed. Reason: %(reason)s",
                transfer=self.name,
                school=target.name,
                user=self.env.user.name,
                reason=reason,
            ),
        )
        transfer.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Transfer withdrawn by %(user)s: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            ),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self._notify_withdrawal(waiting.filtered("active"))
        return True

    def _notify_withdrawal(self, users):
        """Tell the receiving school's DSLs, who no longer see the transfer."""
        by_lang = users.grouped(lambda user: user.lang or "en_US")
        for lang, recipients in by_lang.items():
            env = self.with_context(lang=lang).env
            # sudo: the name of the sending school, which they may not read.
            school = self.company_id.sudo().name
            # On no record: the transfer is no longer theirs to open.
            self.browse().message_notify(
                partner_ids=recipients.partner_id.ids,
                author_id=self.env.ref("base.partner_root").id,
                subject=env._("A transferred file was withdrawn"),
                body=Markup("<p>%s</p>")
                % env._(
                    "%(school)s withdrew the transfer %(ref)s before its receipt "
                    "was confirmed: there is nothing to confirm.",
                    school=school,
                    ref=self.name,
                ),
            )

    def _receive(self):
        self.ensure_one()
        if self.destination != "group" or self.state != "sent":
            raise UserError(
                self.env._(
                    "%(ref)s is not waiting for its receipt to be confirmed.",
                    ref=self.name,
                )
            )
        target = self.target_company_id
        if target not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "Only the receiving school confirms receipt of %(ref)s.",
                    ref=self.name,
                )
            )
        # sudo: what the transfer carries from the sending school: the case's
        # type and risk, and its chronology as it was sent. Nothing else of
        # the sending school is read.
        source = self.case_id.sudo()
        pupil = self.pupil_id.sudo()
        if pupil.company_id and pupil.company_id != target:
            # sudo: the child now attends the receiving school.
            pupil.company_id = target
        Case = self.env["safeguarding.case"].with_company(target)
        case = Case.create(
            {
                "pupil_id": pupil.id,
                "company_id": target.id,
                "case_type": source.case_type,
                "risk_level": source.risk_level,
            }
        )
        # sudo: the link to the transfer is set by the addon only.
        case.sudo().transfer_in_id = self.id
        kinds = dict(
            self.env["safeguarding.case.log"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        entries = source.log_ids.filtered(
            lambda log: log.date <= self.sent_date
        ).sorted(lambda log: (log.event_date, log.date, log.id))
        # sudo: copied entries are the addon's, dated as in the sending school.
        copies = (
            self.env["safeguarding.case.log"]
            .sudo()
            .create(
                [
                    {
                        "case_id": case.id,
                        "kind": "transferred",
                        "event_date": log.event_date,
                        "user_id": log.user_id.id,
                        # The injuries marked travel with the child's file.
                        "body_marks": log.body_marks or False,
                        "summary": self.env._(
                            "%(summary)s\n[From %(school)s, %(ref)s: %(kind)s by "
                            "%(author)s, recorded %(date)s]",
                            summary=log.summary,
                            school=source.company_id.name,
                            ref=source.name,
                            kind=kinds.get(log.kind, log.kind),
                            author=log.user_id.name,
                            date=fields.Datetime.to_string(log.date),
                        ),
                    }
                    for log in entries
                ]
            )
        )
        # The adult an entry is about (kept on the entry) still never sees it.
        for log, copy in zip(entries, copies, strict=True):
            if log.subject_user_id:
                copy.subject_user_id = log.subject_user_id
        self.sealed_attachment_id.copy(
            {"res_model": case._name, "res_id": case.id, "company_id": target.id}
        )
        case._log(
            "transfer",
            self.env._(
                "%(transfer)s: file received from %(school)s by %(user)s "
                "(%(count)s chronology entries copied, SHA-256 seal %(seal)s).",
                transfer=self.name,
                school=source.company_id.name,
                user=self.env.user.name,
                count=len(entries),
                seal=self.seal,
            ),
        )
        source._log(
            "transfer",
            self.env._(
                "%(transfer)s: receipt confirmed by %(user)s of %(school)s.",
                transfer=self.name,
                user=self.env.user.name,
                school=target.name,
            ),
        )
        # sudo: the workflow fields, after the checks above; the activities
        # asking for the receipt are done.
        transfer = self.sudo()
        transfer.write(
            {
                "state": "received",
                "received_user_id": self.env.uid,
                "received_date": fields.Datetime.now(),
            }
        )
        transfer.activity_ids.action_feedback(feedback=self.env._("Receipt confirmed."))
        # The sender follows the transfer since sending it: told here.
        transfer.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Receipt of the file confirmed by %(user)s of %(school)s.",
                user=self.env.user.name,
                school=target.name,
            ),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return case


class SafeguardingCase(models.Model):
    """A case whose file was transferred stays, read-only, in its school.

    Kept beside the transfer it serves (the incident's side of the case is in
    safeguarding_case_incident.py): each feature's part of the case in one
    place.
    """

    _inherit = "safeguarding.case"  # pylint: disable=consider-merging-classes-inherited

    is_transferred = fields.Boolean(
        string="Transferred", readonly=True, copy=False, index=True
    )
    transfer_ids = fields.One2many(
        "safeguarding.transfer", "case_id", string="Transfers", readonly=True
    )
    transfer_count = fields.Integer(compute="_compute_transfer_count")
    transfer_in_id = fields.Many2one(
        "safeguarding.transfer",
        string="Transferred from",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The transfer this case was opened from in the receiving school.",
    )

    def _compute_transfer_count(self):
        for case in self:
            case.transfer_count = len(case.transfer_ids)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals.pop("is_transferred", None)
                vals.pop("transfer_in_id", None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if {"is_transferred", "transfer_in_id"} & set(vals):
                raise UserError(
                    self.env._("Use the buttons of the case to change its status.")
                )
            if set(vals) - {"message_main_attachment_id"}:
                self._check_not_transferred()
        return super().write(vals)

    def _check_can_act(self):
        result = super()._check_can_act()
        self._check_not_transferred()
        return result

    def _check_not_transferred(self):
        """Refuse to change a case whose file has left the school."""
        transferred = self.filtered("is_transferred")
        if transferred:
            raise UserError(
                self.env._(
                    "The file of %(refs)s was transferred to another school: "
                    "it is kept here read-only.",
                    refs=", ".join(transferred.mapped("name")),
                )
            )

    def _close_for_transfer(self, transfer):
        """Close the case (if open) and lock it: its file has left the school."""
        for case in self:
            if case.state != "closed":
                # sudo: protected workflow fields, rights checked by the transfer.
                case.sudo().write(
                    {
                        "state": "closed",
                        "closure_reason": "left_school",
                        "closure_note": transfer.name,
                        "date_closed": fields.Datetime.now(),
                    }
                )
                # sudo: concerns are immutable for users; their status follows.
                case.concern_ids.sudo().write({"state": "closed"})
                case._log(
                    "state",
                    self.env._(
                        "Case closed: the child left the school (%(transfer)s).",
                        transfer=transfer.name,
                    ),
                )
            # sudo: the lock is set by the addon only.
            case.sudo().is_transferred = True

    def _reopen_after_withdrawal(self, transfer):
        """Unlock the case; reopen it if the withdrawn transfer closed it."""
        for case in self:
            # sudo: the lock is set and lifted by the addon only.
            case.sudo().is_transferred = False
            if (
                case.state == "closed"
                and case.closure_reason == "left_school"
                and case.closure_note == transfer.name
            ):
                # Rights checked by the transfer.
                case._reopen(
                    self.env._(
                        "Case reopened: the transfer %(transfer)s was withdrawn.",
                        transfer=transfer.name,
                    )
                )
                # sudo: the note said the transfer closed it.
                case.sudo().closure_note = False

    def action_open_transfer(self):
        """Start the transfer of this child's file to the pupil's new school."""
        self._check_can_act()
        self.ensure_one()
        draft = self.transfer_ids.filtered(lambda t: t.state == "draft")[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer the file of %(ref)s", ref=self.name),
            "res_model": "safeguarding.transfer",
            "res_id": draft.id,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "current",
            "context": {"default_case_id": self.id},
        }

    def action_view_transfers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_transfer_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"create": False}
        return action


class SafeguardingCaseLog(models.Model):
    _inherit = "safeguarding.case.log"

    kind = fields.Selection(
        selection_add=[
            ("transfer", "File transfer"),
            ("transferred", "Entry of a transferred file"),
        ],
        ondelete={"transfer": "set default", "transferred": "set default"},
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            cases = self.env["safeguarding.case"].browse(
                {vals["case_id"] for vals in vals_list if vals.get("case_id")}
            )
            transferred = cases.filtered("is_transferred")
            if transferred:
                raise UserError(
                    self.env._(
                        "The file of %(refs)s was transferred to another school: "
                        "its chronology is closed.",
                        refs=", ".join(transferred.mapped("name")),
                    )
                )
        return super().create(vals_list)


class SafeguardingDisclosure(models.Model):
    _inherit = "safeguarding.disclosure"

    legal_basis = fields.Selection(
        selection_add=[
            (
                "file_transfer",
                "Transfer of the child protection file to the pupil's new school",
            )
        ],
        ondelete={"file_transfer": "set default"},
    )
    channel = fields.Selection(
        selection_add=[("odoo_transfer", "Transferred in Odoo (same group)")],
        ondelete={"odoo_transfer": "set default"},
    )
