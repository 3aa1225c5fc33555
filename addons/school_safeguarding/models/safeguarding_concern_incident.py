from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# More children than this are recorded as separate concerns: one send stays
# a handful of records, never an unbounded batch.
MAX_OTHER_PUPILS = 30
# Content not copied by ``copy_data`` (``copy=False`` for a plain duplicate)
# that each child's concern still carries: what the reporter recorded. The
# body map is not among it: it marks one child's body, and stays on the
# concern of the child it was drawn for.
INCIDENT_CONTENT_NOT_COPIED = ()


class SafeguardingConcern(models.Model):
    """One incident, several children: a concern split per child when sent.

    The reporter names the other children on the draft; when it is sent,
    each of them gets a concern of their own with the same content, and the
    concerns are linked by the incident's reference, never by the children's
    names: each child's file shows only that child.
    """

    _inherit = "safeguarding.concern"

    other_pupil_ids = fields.Many2many(
        "res.partner",
        "safeguarding_concern_other_pupil_rel",
        "concern_id",
        "partner_id",
        string="Other children involved",
        domain="[('is_pupil', '=', True), ('id', '!=', pupil_id)]",
        copy=False,
        help="Each child gets their own copy of this concern for their file; "
        "their names are not shown in each other's files.",
    )
    incident_ref = fields.Char(
        string="Incident",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The concerns sent together for the children of one incident share "
        "this reference.",
    )
    sibling_concern_ids = fields.Many2many(
        "safeguarding.concern",
        string="Same incident",
        compute="_compute_sibling_concern_ids",
        compute_sudo=False,
        help="The concerns sent for the other children of the same incident.",
    )

    @api.depends("incident_ref")
    @api.depends_context("uid")
    def _compute_sibling_concern_ids(self):
        # As the user: only the concerns they may read are listed.
        refs = set(self.filtered("incident_ref").mapped("incident_ref"))
        concerns = self.search([("incident_ref", "in", list(refs))]) if refs else self
        for concern in self:
            concern.sibling_concern_ids = concerns.filtered(
                lambda other, concern=concern: concern.incident_ref
                and other.incident_ref == concern.incident_ref
                and other != concern
            )

    @api.constrains("subject_type", "pupil_id", "other_pupil_ids")
    def _check_other_pupils(self):
        for concern in self.filtered("other_pupil_ids"):
            if concern.subject_type != "child":
                raise ValidationError(
                    self.env._(
                        "Other children can only be named on a concern about a child."
                    )
                )
            if concern.pupil_id in concern.other_pupil_ids:
                raise ValidationError(
                    self.env._(
                        "%(name)s is the child this concern is about: remove them "
                        "from the other children involved.",
                        name=concern.pupil_id.sudo().name,
                    )
                )
            if len(concern.other_pupil_ids) > MAX_OTHER_PUPILS:
                raise ValidationError(
                    self.env._(
                        "A concern can name at most %(count)s other children: "
                        "record a larger group as separate concerns.",
                        count=MAX_OTHER_PUPILS,
                    )
                )
            # sudo: only the pupil flag of the children chosen is read.
            not_pupils = concern.other_pupil_ids.sudo().filtered(
                lambda partner: not partner.is_pupil
            )
            if not_pupils:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not registered as a pupil.",
                        name=not_pupils[0].name,
                    )
                )

    @api.onchange("subject_type")
    def _onchange_subject_type_other_pupils(self):
        if self.subject_type != "child":
            self.other_pupil_ids = False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals.pop("incident_ref", None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "incident_ref" in vals:
            raise UserError(
                self.env._("The incident of a concern is set when it is sent.")
            )
        return super().write(vals)

    def action_submit(self):
        """Send the concern, one per child when it names other children."""
        self.check_access("write")
        drafts = self.filtered(
            lambda concern: concern.state == "draft" and concern.other_pupil_ids
        )
        if not drafts:
            return super().action_submit()
        siblings = drafts._split_incident()
        # The DSL (and anyone the concern tells) hears of each incident once,
        # on the concern sent first, not once per child.
        result = super(
            SafeguardingConcern,
            (self | siblings).with_context(safeguarding_incident_notify_later=True),
        ).action_submit()
        incidents = self | siblings
        incidents._log_incident()
        # sudo: as the sending itself (the reporter schedules the DSL's review).
        self.sudo()._notify_safeguarding_team()
        self.sudo()._notify_alerted_users()
        if len(self) != 1:
            return result
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Sent to the DSL"),
                "message": self.env._(
                    "%(count)s concerns were sent to %(names)s, one for each "
                    "child (%(refs)s). Thank you: the DSL takes it from here.",
                    count=len(incidents),
                    names=self.acting_lead_names,
                    refs=", ".join(incidents.mapped("name")),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _notify_safeguarding_team(self):
        if self.env.context.get("safeguarding_incident_notify_later"):
            return
        return super()._notify_safeguarding_team()

    def _safeguarding_review_summary(self):
        """One to-do for the incident: it names each child's concern."""
        if not self.incident_ref:
            return super()._safeguarding_review_summary()
        # sudo: the references of the concerns sent together with this one.
        concerns = self.sudo().search(
            [("incident_ref", "=", self.incident_ref)], order="id"
        )
        if len(concerns) < 2:
            return super()._safeguarding_review_summary()
        return self.env._(
            "Review the %(count)s concerns of incident %(incident)s (one per "
            "child): %(refs)s",
            count=len(concerns),
            incident=self.incident_ref,
            refs=", ".join(concerns.mapped("name")),
        )

    def _notify_alerted_users(self):
        if self.env.context.get("safeguarding_incident_notify_later"):
            return
        return super()._notify_alerted_users()

    def _split_incident(self):
        """A draft of the same concern for each other child; the incident linked.

        Every field the reporter filled is copied (``copy_data``), files as
        copies of their own; the other children are kept as the incident's
        concerns, not as names on each child's concern. Returns the new drafts.
        """
        Sequence = self.env["ir.sequence"].sudo()
        Attachment = self.env["ir.attachment"].sudo()
        attachment_fields = [
            name
            for name, field in self._fields.items()
            if field.type in ("many2many", "one2many")
            and field.comodel_name == "ir.attachment"
            and field.copy
            and field.store
        ]
        siblings = self.browse()
        for concern in self:
            # sudo: the reference comes from the addon's sequence.
            incident_ref = Sequence.next_by_code(
                "safeguarding.concern.incident"
            ) or "-".join(("SG-I", str(concern.id)))
            others = concern.other_pupil_ids
            (vals,) = concern.copy_data()
            for name in INCIDENT_CONTENT_NOT_COPIED:
                if name in self._fields:
                    field = self._fields[name]
                    vals[name] = field.convert_to_write(concern[name], concern)
            for name in attachment_fields:
                vals.pop(name, None)
            # As the reporter: their own drafts, in their own name.
            new = self.create([{**vals, "pupil_id": pupil.id} for pupil in others])
            # sudo: the reporter's own files of their own draft, copied onto
            # the drafts just created for them, as files of their own.
            files = Attachment.search(
                [("res_model", "=", self._name), ("res_id", "=", concern.id)]
            )
            for name in attachment_fields:
                files |= concern.sudo()[name]
            for sibling in new:
                copies = {
                    attachment: attachment.copy(
                        {"res_model": self._name, "res_id": sibling.id}
                    )
                    for attachment in files
                }
                if attachment_fields:
                    sibling.sudo().write(
                        {
                            name: [
                                fields.Command.set(
                                    [copies[file].id for file in concern.sudo()[name]]
                                )
                            ]
                            for name in attachment_fields
                        }
                    )
            # sudo: all still drafts of the reporter; the incident's reference
            # links them, the other children's names leave this concern.
            (concern | new).sudo().write({"incident_ref": incident_ref})
            concern.sudo().other_pupil_ids = [fields.Command.clear()]
            siblings |= new
        return siblings

    def _log_incident(self):
        """In each child's chronology: the incident, the others counted."""
        entries = []
        for concern in self.sudo().filtered("incident_ref"):
            others = len(concern.sibling_concern_ids.sudo())
            env = concern.with_context(
                lang=concern.reporter_id.lang or self.env.lang
            ).env
            if others == 1:
                summary = env._(
                    "Concern %(ref)s is part of incident %(incident)s, which also "
                    "involves another pupil; their name is not shown in this file.",
                    ref=concern.name,
                    incident=concern.incident_ref,
                )
            else:
                summary = env._(
                    "Concern %(ref)s is part of incident %(incident)s, which also "
                    "involves %(count)s other pupils; their names are not shown in "
                    "this file.",
                    ref=concern.name,
                    incident=concern.incident_ref,
                    count=others,
                )
            entries.append(
                {
                    "concern_id": concern.id,
                    "date": concern.submitted_date,
                    "user_id": concern.reporter_id.id,
                    "kind": "submission",
                    "summary": summary,
                }
            )
        # sudo: the addon writes the chronology; the reporter cannot.
        self.env["safeguarding.case.log"].sudo().create(entries)
