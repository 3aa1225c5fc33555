from odoo import api, models

# Student fields whose change changes the pupil.
SYNCED_FIELDS = {
    "active",
    "birth_date",
    "course_detail_ids",
    "parent_ids",
    "partner_id",
}
# OpenEduCat's relationships are free text ("Father", "Mother", "Gaurdian"):
# the first word found decides, grandparents before parents.
RELATIONS = (
    ("grand", "grandparent"),
    ("mother", "mother"),
    ("mum", "mother"),
    ("father", "father"),
    ("dad", "father"),
    ("guardian", "legal_guardian"),
    ("gaurdian", "legal_guardian"),
    ("aunt", "relative"),
    ("uncle", "relative"),
    ("sister", "relative"),
    ("brother", "relative"),
    ("sibling", "relative"),
    ("cousin", "relative"),
)


def guardian_relation(name):
    """The guardian relation for an OpenEduCat relationship's name."""
    name = (name or "").lower()
    return next((key for word, key in RELATIONS if word in name), "other")


class OpStudent(models.Model):
    """The student is the pupil: its contact carries the pupil's fields.

    ``_inherits`` shows the contact's safeguarding fields on the student too,
    hence the same search guard as on contacts.
    """

    _name = "op.student"
    _inherit = ["op.student", "safeguarding.search.guard"]

    @api.model_create_multi
    def create(self, vals_list):
        students = super().create(vals_list)
        students._safeguarding_sync_pupils()
        return students

    def write(self, vals):
        partners = self.partner_id
        result = super().write(vals)
        if SYNCED_FIELDS & set(vals):
            self._safeguarding_sync_pupils()
            if "partner_id" in vals:
                self._safeguarding_release_partners(partners - self.partner_id)
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        self._safeguarding_release_partners(partners)
        return result

    def action_view_safeguarding_concerns(self):
        self.ensure_one()
        return self.partner_id.action_view_safeguarding_concerns()

    def action_view_safeguarding_cases(self):
        self.ensure_one()
        return self.partner_id.action_view_safeguarding_cases()

    def action_view_safeguarding_timeline(self):
        self.ensure_one()
        return self.partner_id.action_view_safeguarding_timeline()

    def _safeguarding_sync_pupils(self):
        """Mirror the students onto their contacts, the pupils.

        An active student is a pupil; the class is the batch of the running
        course (several, separated by commas); the birth date and the
        guardians (the student's parents, with their relation) follow.
        """
        # sudo: only the students' own contacts and their guardian lines are
        # written, from what the user just changed on the students, their
        # classes or parents in OpenEduCat. Guardians entered by hand stay.
        students = self.sudo().with_context(active_test=False).exists()
        if not students:
            return
        for student in students:
            running = student.course_detail_ids.filtered(
                lambda enrolment: enrolment.state == "running" and enrolment.batch_id
            )
            values = {
                "is_pupil": student.active,
                "pupil_grade": ", ".join(sorted(set(running.batch_id.mapped("name"))))
                or False,
                "pupil_birthdate": student.birth_date,
            }
            partner = student.partner_id
            changed = {
                name: value for name, value in values.items() if partner[name] != value
            }
            if changed:
                partner.write(changed)
        students._safeguarding_sync_guardians()

    def _safeguarding_sync_guardians(self):
        """The guardians of the pupils are the students' active parents."""
        parents = (
            self.env["op.parent"]
            .with_context(active_test=False)
            .search([("student_ids", "in", self.ids)])
        )
        guardians = self.env["safeguarding.pupil.guardian"].search(
            [("pupil_id", "in", self.partner_id.ids)]
        )
        obsolete = self.env["safeguarding.pupil.guardian"]
        to_create = []
        for student in self:
            pupil = student.partner_id
            wanted = {
                parent.name.id: parent
                for parent in parents
                if parent.active
                and parent.name
                and parent.name != pupil
                and student in parent.student_ids
            }
            for guardian in guardians.filtered(
                lambda line, p=pupil: line.pupil_id == p
            ):
                parent = wanted.pop(guardian.partner_id.id, None)
                if parent is None:
                    if guardian.op_parent_id:
                        obsolete |= guardian
                    continue
                relation = guardian_relation(parent.relationship_id.name)
                if guardian.op_parent_id != parent or guardian.relation != relation:
                    guardian.write({"op_parent_id": parent.id, "relation": relation})
            to_create += [
                {
                    "pupil_id": pupil.id,
                    "partner_id": partner_id,
                    "op_parent_id": parent.id,
                    "relation": guardian_relation(parent.relationship_id.name),
                }
                for partner_id, parent in wanted.items()
            ]
        obsolete.unlink()
        self.env["safeguarding.pupil.guardian"].create(to_create)

    def _safeguarding_release_partners(self, partners):
        """Contacts left without a student are no longer pupils."""
        # sudo: see _safeguarding_sync_pupils.
        partners = partners.sudo().exists()
        if not partners:
            return
        students = (
            self.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        partners.filtered(lambda partner: partner not in students.partner_id).write(
            {"is_pupil": False}
        )
