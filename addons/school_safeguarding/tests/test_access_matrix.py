"""Who may do what to each safeguarding model: the access matrix.

Every role (plus portal and public) x every model x every operation is a
cell, asserted allowed or denied, run as real users. Letters:
r read, s search, g read_group, c create, w write, u unlink, e export,
A attachments of the record, M a team message on it, F its followers,
T an activity on it assigned to the DSL.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..hooks import uninstall_hook
from .common import SafeguardingCase, with_two_factor

ROLES = (
    "staff",
    "other_staff",
    "reception",
    "hr",
    "team",
    "lead",
    "director",
    "manager",
    "portal",
    "public",
    # A DSL and a director who are each the subject of an allegation (the
    # allegation, its review, improvement action, chronology entry and
    # access-log entry tested for them are about them), and a deputy of
    # another school.
    "lead_subject",
    "director_subject",
    "team_other",
)
INTERNAL = (
    "staff",
    "other_staff",
    "reception",
    "hr",
    "team",
    "lead",
    "director",
    "manager",
)

# model -> role -> allowed operations; every other cell is denied.
MATRIX = {
    # A submitted concern reported by "staff": the reporter reads it but not the
    # team's messages, files, followers or activities; the team reads, nobody
    # edits. "other_staff" and "hr" were told of it ("Also tell"): they read
    # no content of it.
    "safeguarding.concern": {
        "staff": "rsgce",
        "other_staff": "c",
        "reception": "c",
        "hr": "c",
        "team": "rsgceAMF",
        "lead": "rsgceAMFT",
        "director": "c",
        "manager": "c",
    },
    "safeguarding.case": {
        "team": "rsgcweAMFT",
        "lead": "rsgcweAMFT",
    },
    "safeguarding.case.log": {
        "team": "rsgce",
        "lead": "rsgce",
    },
    "safeguarding.concern.category": {
        **{role: "rsge" for role in INTERNAL},
        "manager": "rsgcwe",
    },
    "safeguarding.pupil.guardian": {
        **{role: "rsge" for role in INTERNAL},
        "team": "rsgcwue",
        "lead": "rsgcwue",
        "manager": "rsgcwue",
    },
    "safeguarding.audit.log": {
        "lead": "rsge",
    },
    # Referrals and what hangs off them: the team only; nothing is deleted,
    # contacts and records of shared information are never edited.
    "safeguarding.referral": {
        "team": "rsgcweAMFT",
        "lead": "rsgcweAMFT",
    },
    "safeguarding.referral.contact": {
        "team": "rsgce",
        "lead": "rsgce",
    },
    "safeguarding.consultation": {
        "team": "rsgcweAMFT",
        "lead": "rsgcweAMFT",
    },
    # Records of shared information cannot be written, so deputies do not see
    # the DSL's activities on them (mail requires write access for that).
    "safeguarding.disclosure": {
        "team": "rsgceAMF",
        "lead": "rsgceAMFT",
    },
    # Allegations against adults: the DSL and the directors, never the person
    # concerned (other_staff here), nor deputies, HR or the rest of the staff.
    "safeguarding.allegation": {
        "lead": "rsgcweAMFT",
        "director": "rsgcweAMFT",
    },
    "safeguarding.safety.plan": {
        "team": "rsgcwe",
        "lead": "rsgcwe",
    },
    # Exclusions: only their end date changes.
    "safeguarding.exclusion": {
        "team": "rsgcwe",
        "lead": "rsgcwe",
    },
    "safeguarding.police.interview": {
        "team": "rsgcwe",
        "lead": "rsgcwe",
    },
    # A missing-pupil alarm raised by "staff": any member of staff can raise
    # one; the reporter follows its status, the team works it.
    "safeguarding.missing.episode": {
        "staff": "rsgce",
        "other_staff": "c",
        "reception": "c",
        "hr": "c",
        "team": "rsgcweAMFT",
        "lead": "rsgcweAMFT",
        "director": "c",
        "manager": "c",
    },
    "safeguarding.missing.event": {
        "team": "rsgce",
        "lead": "rsgce",
    },
    # Safer recruitment: HR only, and never the evidence for anyone else.
    "safeguarding.check.type": {
        **{role: "rsge" for role in INTERNAL},
        "hr": "rsgcwe",
        "manager": "rsgcwe",
    },
    "safeguarding.check": {"hr": "rsgcwe"},
    "safeguarding.attestation": {"hr": "rsgcwe"},
    "safeguarding.training.type": {
        **{role: "rsge" for role in INTERNAL},
        "hr": "rsgcwe",
        "manager": "rsgcwe",
    },
    "safeguarding.training.item": {
        **{role: "rsge" for role in INTERNAL},
        "hr": "rsgcwue",
        "manager": "rsgcwue",
    },
    # A training of "staff": they see their own, HR sees all.
    "safeguarding.training": {"staff": "rsge", "hr": "rsgcwe"},
    # A published policy: everyone reads it; its keepers adjust publication
    # and review; a published version is never deleted.
    "safeguarding.policy": {
        **{role: "rsge" for role in INTERNAL},
        "hr": "rsgcwe",
        "lead": "rsgcwe",
        "director": "rsgcwe",
        "manager": "rsgcwe",
    },
    # The confirmation of "staff": theirs; HR, the DSL and directors see who
    # has confirmed; nobody creates one by hand or changes it.
    "safeguarding.policy.acknowledgement": {
        "staff": "rsge",
        "hr": "rsge",
        "team": "",
        "lead": "rsge",
        "director": "rsge",
    },
    # The visitors' book (a visit signed in by reception): reception keeps it,
    # the team and directors read it.
    "safeguarding.visit": {
        "reception": "rsgcwe",
        "team": "rsge",
        "lead": "rsge",
        "director": "rsge",
    },
    # Reviews: the DSL and the directors.
    "safeguarding.review": {
        "lead": "rsgcweAMFT",
        "director": "rsgcweAMFT",
    },
    # An improvement action owned by "staff": they see and complete it.
    "safeguarding.review.action": {
        "staff": "rsgwe",
        "lead": "rsgcwe",
        "director": "rsgcwe",
    },
    # An action the DSL gave "staff" on the case: they read it (and finish it
    # with "Done"), never the case; the team gives, changes and cancels
    # actions; nobody deletes one.
    "safeguarding.action": {
        "staff": "rsge",
        "team": "rsgcwe",
        "lead": "rsgcwe",
    },
    # A draft transfer of a child's file: the team prepares (or drops) it;
    # once sent nobody changes it. The receiving school: test_transfer.py.
    "safeguarding.transfer": {
        "team": "rsgcwue",
        "lead": "rsgcwue",
    },
    # The working calendar is not confidential: everyone reads it, the
    # module administrator keeps it.
    "safeguarding.holiday": {
        **{role: "rsge" for role in INTERNAL},
        "manager": "rsgcwue",
    },
}
# Records that are about the subject roles: they see none of them (but may
# still create new ones about someone else, as their group allows).
ABOUT_THE_SUBJECT = (
    "safeguarding.allegation",
    "safeguarding.review",
    "safeguarding.review.action",
    "safeguarding.case.log",
    "safeguarding.audit.log",
)
# A deputy of another school: the shared configuration only.
OTHER_SCHOOL = {
    "safeguarding.concern.category": "rsge",
    "safeguarding.pupil.guardian": "rsgcwue",
    "safeguarding.check.type": "rsge",
    "safeguarding.training.type": "rsge",
    "safeguarding.training.item": "rsge",
    "safeguarding.concern": "c",
    "safeguarding.case": "c",
    "safeguarding.missing.episode": "c",
    "safeguarding.consultation": "c",
    # The country's public holidays are everyone's.
    "safeguarding.holiday": "rsge",
}
for _model, _expected in MATRIX.items():
    for _subject, _like in (("lead_subject", "lead"), ("director_subject", "director")):
        _allowed = _expected.get(_like, "")
        if _model in ABOUT_THE_SUBJECT:
            _allowed = "c" if "c" in _allowed else ""
        elif _subject == "lead_subject" and "T" not in _expected.get("team", ""):
            # The activities tested are assigned to the school's DSL; another
            # DSL sees them only where the team may write.
            _allowed = _allowed.replace("T", "")
        _expected[_subject] = _allowed
    _expected["team_other"] = OTHER_SCHOOL.get(_model, "")

MAIL_MODELS = (
    "safeguarding.concern",
    "safeguarding.case",
    "safeguarding.referral",
    "safeguarding.consultation",
    "safeguarding.disclosure",
    "safeguarding.allegation",
    "safeguarding.missing.episode",
    "safeguarding.review",
)
OPERATIONS = "rsgcwueAMFT"


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install", "safeguarding_security")
class TestAccessMatrix(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.concern = cls._submitted_concern(
            alerted_user_ids=[(6, 0, (cls.other_staff | cls.hr).ids)]
        )
        cls.case = cls.env["safeguarding.case"].create(
            {"pupil_id": cls.pupil.id, "user_id": cls.lead.id}
        )
        cls.concern._link_to_case(cls.case)
        cls.log = cls.case.log_ids[:1]
        cls.guardian_partner = cls.env["res.partner"].create({"name": "Guardian Test"})
        cls.guardian = cls.env["safeguarding.pupil.guardian"].create(
            {"pupil_id": cls.pupil.id, "partner_id": cls.guardian_partner.id}
        )
        cls.env["safeguarding.audit.log"]._record(cls.case, "open")
        cls.audit = cls.env["safeguarding.audit.log"].search([], limit=1)
        cls.agency = cls.env["res.partner"].create(
            {"name": "Agency Test", "safeguarding_agency_type": "child_protection"}
        )
        cls.referral = cls.env["safeguarding.referral"].create(
            {"case_id": cls.case.id, "agency_id": cls.agency.id, "reason": "Test"}
        )
        cls.referral_contact = cls.env["safeguarding.referral.contact"].create(
            {
                "referral_id": cls.env["safeguarding.referral"]
                .create(
                    {"case_id": cls.case.id, "agency_id": cls.agency.id, "reason": "T"}
                )
                .id,
                "channel": "email",
                "kind": "written_referral",
                "summary": "Sent",
            }
        )
        cls.consultation = cls.env["safeguarding.consultation"].create(
            {"agency_id": cls.agency.id, "question": "A child of nine, hungry."}
        )
        cls.disclosure = cls.env["safeguarding.disclosure"].create(
            {
                "case_id": cls.case.id,
                "agency_id": cls.agency.id,
                "information": "Chronology",
            }
        )
        cls.subject_employee = cls.env["hr.employee"].create(
            {"name": "Adult Concerned", "user_id": cls.other_staff.id}
        )
        cls.allegation = cls.env["safeguarding.allegation"].create(
            {
                "subject_employee_id": cls.subject_employee.id,
                "description": "Shouted at a pupil",
                "user_id": cls.lead.id,
            }
        )
        cls.accused = cls.env["res.partner"].create(
            {"name": "Accused Test-Pupil", "is_pupil": True}
        )
        cls.case.write(
            {
                "victim_ids": [(6, 0, cls.pupil.ids)],
                "accused_ids": [(6, 0, cls.accused.ids)],
            }
        )
        cls.safety_plan = cls.env["safeguarding.safety.plan"].create(
            {
                "case_id": cls.case.id,
                "pupil_id": cls.pupil.id,
                "role": "victim",
                "measures": "Trusted adult",
            }
        )
        cls.exclusion = cls.env["safeguarding.exclusion"].create(
            {
                "case_id": cls.case.id,
                "pupil_id": cls.accused.id,
                "date_from": "2026-01-05",
                "date_to": "2026-01-09",
                "policy_reference": "4.2",
                "reason": "Investigation",
            }
        )
        cls.police_interview = cls.env["safeguarding.police.interview"].create(
            {
                "case_id": cls.case.id,
                "pupil_id": cls.accused.id,
                "date": "2026-01-06 09:00:00",
                "place": "Office",
                "officer": "Officer",
                "parents_told_date": "2026-01-06 08:00:00",
                "supporter_id": cls.team.id,
            }
        )
        cls.missing = (
            cls.env["safeguarding.missing.episode"]
            .with_user(cls.staff)
            .create({"pupil_id": cls.pupil.id, "last_seen_place": "Gate"})
            .sudo()
        )
        cls.missing_event = cls.missing.event_ids[:1]
        cls.staff_employee = cls.env["hr.employee"].create(
            {"name": "Staff Employee", "user_id": cls.staff.id}
        )
        cls.check_type = cls.env.ref("school_safeguarding.check_type_identity")
        cls.vetting_check = cls.env["safeguarding.check"].create(
            {
                "employee_id": cls.staff_employee.id,
                "check_type_id": cls.check_type.id,
                "issue_date": "2026-01-05",
            }
        )
        cls.attestation = cls.env["safeguarding.attestation"].create(
            {
                "name": "Letter",
                "organisation_id": cls.agency.id,
                "check_type_ids": [(6, 0, cls.check_type.ids)],
                "employee_ids": [(6, 0, cls.staff_employee.ids)],
                "received_date": "2026-01-05",
                "valid_until": "2026-12-31",
            }
        )
        cls.training_type = cls.env.ref("school_safeguarding.training_type_annual")
        cls.training = cls.env["safeguarding.training"].create(
            {
                "employee_id": cls.staff_employee.id,
                "training_type_id": cls.training_type.id,
                "date": "2026-01-05",
            }
        )
        cls.policy = cls.env["safeguarding.policy"].create(
            {
                "name": "Policy",
                "kind": "other",
                "version": "1",
                "document": b"UERG",
            }
        )
        cls.policy.action_approve()
        cls.policy.action_publish()
        cls.policy.with_user(cls.staff).action_acknowledge()
        cls.acknowledgement = cls.policy.acknowledgement_ids
        cls.escort_employee = cls._cleared_employee("Escort")
        cls.visit = (
            cls.env["safeguarding.visit"]
            .with_user(cls.reception)
            .create(
                {
                    "visitor_name": "Visitor",
                    "purpose": "Meeting",
                    "escort_id": cls.escort_employee.id,
                    "badge_number": "V-1",
                }
            )
            .sudo()
        )
        cls.review = cls.env["safeguarding.review"].create(
            {"review_type": "case", "case_id": cls.case.id, "user_id": cls.lead.id}
        )
        cls.review_action = cls.env["safeguarding.review.action"].create(
            {
                "review_id": cls.review.id,
                "name": "Fix the gate",
                "owner_id": cls.staff.id,
                "deadline": "2026-12-01",
            }
        )
        cls.holiday = cls.env["safeguarding.holiday"].create(
            {"name": "Test day", "date": "2031-02-03"}
        )
        cls.safeguarding_action = cls.env["safeguarding.action"].create(
            {
                "case_id": cls.case.id,
                "name": "Sit with the child at lunch",
                "user_id": cls.staff.id,
                "deadline": "2026-12-01",
            }
        )
        # A draft transfer of another child's file (one open transfer a case).
        cls.transfer = cls.env["safeguarding.transfer"].create(
            {
                "case_id": cls.env["safeguarding.case"]
                .create(
                    {
                        "pupil_id": cls.env["res.partner"]
                        .create({"name": "Leaving Test-Pupil", "is_pupil": True})
                        .id
                    }
                )
                .id,
                "destination": "external",
                "target_partner_id": cls.agency.id,
            }
        )
        cls.records = {
            "safeguarding.concern": cls.concern,
            "safeguarding.case": cls.case,
            "safeguarding.case.log": cls.log,
            "safeguarding.concern.category": cls.category,
            "safeguarding.pupil.guardian": cls.guardian,
            "safeguarding.audit.log": cls.audit,
            "safeguarding.referral": cls.referral,
            "safeguarding.referral.contact": cls.referral_contact,
            "safeguarding.consultation": cls.consultation,
            "safeguarding.disclosure": cls.disclosure,
            "safeguarding.holiday": cls.holiday,
            "safeguarding.allegation": cls.allegation,
            "safeguarding.safety.plan": cls.safety_plan,
            "safeguarding.exclusion": cls.exclusion,
            "safeguarding.police.interview": cls.police_interview,
            "safeguarding.missing.episode": cls.missing.with_env(cls.env),
            "safeguarding.missing.event": cls.missing_event.with_env(cls.env),
            "safeguarding.check.type": cls.check_type,
            "safeguarding.check": cls.vetting_check,
            "safeguarding.attestation": cls.attestation,
            "safeguarding.training.type": cls.training_type,
            "safeguarding.training": cls.training,
            "safeguarding.policy": cls.policy,
            "safeguarding.policy.acknowledgement": cls.acknowledgement,
            "safeguarding.training.item": cls.env.ref(
                "school_safeguarding.training_item_law"
            ),
            "safeguarding.visit": cls.visit.with_env(cls.env),
            "safeguarding.review": cls.review,
            "safeguarding.review.action": cls.review_action,
            "safeguarding.transfer": cls.transfer,
            "safeguarding.action": cls.safeguarding_action,
        }
        cls.messages = {}
        for model in MAIL_MODELS:
            record = cls.records[model]
            cls.env["ir.attachment"].create(
                {
                    "name": "evidence.txt",
                    "raw": b"evidence",
                    "res_model": model,
                    "res_id": record.id,
                }
            )
            cls.messages[model] = record.sudo().message_post(
                body="Team note",
                author_id=cls.lead.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            # Whoever may not read the record is filtered out silently.
            record.sudo()._message_subscribe(
                partner_ids=(cls.lead | cls.team | cls.director).partner_id.ids
            )
            record.sudo().activity_schedule(
                "mail.mail_activity_data_todo", summary="Follow up", user_id=cls.lead.id
            )
        cls._setup_subject_roles()
        cls.users = {role: getattr(cls, role) for role in ROLES}

    @classmethod
    def _setup_subject_roles(cls):
        group = "school_safeguarding.group_safeguarding_"
        cls.lead_subject = new_test_user(
            cls.env,
            login="sg_t_lead_subject",
            groups=f"base.group_user,base.group_allow_export,{group}lead",
        )
        cls.director_subject = new_test_user(
            cls.env,
            login="sg_t_director_subject",
            groups=f"base.group_user,base.group_allow_export,{group}director",
        )
        school_2 = cls.env["res.company"].create({"name": "Matrix Second School"})
        cls.team_other = new_test_user(
            cls.env,
            login="sg_t_team_other",
            groups=f"base.group_user,base.group_allow_export,{group}team",
            company_id=school_2.id,
            company_ids=[(6, 0, school_2.ids)],
        )
        with_two_factor(cls.lead_subject | cls.director_subject | cls.team_other)
        # What each subject role is tested against: records about them.
        cls.subject_records = {}
        cls.subject_messages = {}
        for role in ("lead_subject", "director_subject"):
            user = getattr(cls, role)
            employee = cls.env["hr.employee"].create(
                {"name": f"Subject {role}", "user_id": user.id}
            )
            allegation = cls.env["safeguarding.allegation"].create(
                {
                    "subject_employee_id": employee.id,
                    "description": "About them",
                    "user_id": cls.lead.id,
                }
            )
            review = cls.env["safeguarding.review"].create(
                {
                    "review_type": "allegation",
                    "allegation_id": allegation.id,
                    "user_id": cls.lead.id,
                }
            )
            action = cls.env["safeguarding.review.action"].create(
                {
                    "review_id": review.id,
                    "name": "Supervise break times",
                    "owner_id": user.id,
                    "deadline": "2026-12-01",
                }
            )
            cls.env["safeguarding.audit.log"].with_user(cls.lead)._record(
                allegation.with_user(cls.lead), "open"
            )
            audit = cls.env["safeguarding.audit.log"].search(
                [("res_model", "=", "safeguarding.allegation")], limit=1
            )
            records = {
                "safeguarding.allegation": allegation,
                "safeguarding.review": review,
                "safeguarding.review.action": action,
                "safeguarding.case.log": allegation.log_ids[:1],
                "safeguarding.audit.log": audit,
            }
            for model, record in records.items():
                assert record, (role, model)
                cls.subject_records[(role, model)] = record
            for record in (allegation, review):
                cls.env["ir.attachment"].create(
                    {
                        "name": "evidence.txt",
                        "raw": b"evidence",
                        "res_model": record._name,
                        "res_id": record.id,
                    }
                )
                cls.subject_messages[(role, record._name)] = record.message_post(
                    body="Team note",
                    author_id=cls.lead.partner_id.id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
                record._message_subscribe(
                    partner_ids=(cls.lead | cls.director).partner_id.ids
                )
                record.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary="Follow up",
                    user_id=cls.lead.id,
                )

    def _attempt(self, function):
        """Run ``function``, undo its effects; True if allowed and not empty."""
        outcome = None
        try:
            with self.env.cr.savepoint():
                raise _Rollback(function())
        except _Rollback as rollback:
            outcome = rollback.args[0]
        except (AccessError, UserError, ValidationError):
            outcome = None
        self.env.invalidate_all()
        return bool(outcome)

    def _create_values(self, model, user):
        return {
            "safeguarding.concern": lambda: self._concern_values(),
            "safeguarding.case": lambda: {"pupil_id": self.pupil.id},
            "safeguarding.case.log": lambda: {
                "case_id": self.case.id,
                "summary": "Phoned the grandmother.",
            },
            "safeguarding.concern.category": lambda: {"name": f"New {user.login}"},
            "safeguarding.pupil.guardian": lambda: {
                "pupil_id": self.pupil.id,
                "partner_id": self.env["res.partner"].create({"name": "G2"}).id,
                "relation": "father",
            },
            "safeguarding.audit.log": lambda: {
                "user_id": user.id,
                "company_id": self.company.id,
                "event": "open",
                "res_model": "safeguarding.case",
            },
            "safeguarding.referral": lambda: {
                "case_id": self.case.id,
                "agency_id": self.agency.id,
                "reason": "New referral",
            },
            "safeguarding.referral.contact": lambda: {
                "referral_id": self.referral.id,
                "channel": "phone",
                "summary": "Phoned",
            },
            "safeguarding.consultation": lambda: {
                "agency_id": self.agency.id,
                "question": "Should we refer?",
            },
            "safeguarding.disclosure": lambda: {
                "case_id": self.case.id,
                "agency_id": self.agency.id,
                "information": "Shared",
            },
            "safeguarding.holiday": lambda: {"name": "New day", "date": "2031-02-04"},
            "safeguarding.allegation": lambda: {
                "subject_employee_id": self.subject_employee.id,
                "description": "Another allegation",
            },
            "safeguarding.safety.plan": lambda: {
                "case_id": self.case.id,
                "pupil_id": self.accused.id,
                "role": "accused",
                "measures": "Separate classes",
            },
            "safeguarding.exclusion": lambda: {
                "case_id": self.case.id,
                "pupil_id": self.accused.id,
                "date_from": "2026-02-02",
                "date_to": "2026-02-03",
                "policy_reference": "4.2",
                "reason": "Again",
            },
            "safeguarding.police.interview": lambda: {
                "case_id": self.case.id,
                "pupil_id": self.accused.id,
                "date": "2026-02-06 09:00:00",
                "place": "Office",
                "officer": "Officer",
                "parents_told_date": "2026-02-06 08:00:00",
                "supporter_name": "Psychologist",
            },
            # Another child each time: one open episode per missing child.
            "safeguarding.missing.episode": lambda: {
                "pupil_id": self.env["res.partner"]
                .create({"name": "Missing pupil", "is_pupil": True})
                .id,
                "last_seen_place": "Library",
            },
            "safeguarding.missing.event": lambda: {
                "episode_id": self.missing.id,
                "kind": "search",
                "summary": "Searched the building",
            },
            "safeguarding.check.type": lambda: {"name": "New check"},
            "safeguarding.check": lambda: {
                "employee_id": self.staff_employee.id,
                "check_type_id": self.check_type.id,
                "issue_date": "2026-02-02",
            },
            "safeguarding.attestation": lambda: {
                "name": "Letter 2",
                "organisation_id": self.agency.id,
                "check_type_ids": [(6, 0, self.check_type.ids)],
                "employee_ids": [(6, 0, self.staff_employee.ids)],
                "received_date": "2026-02-02",
                "valid_until": "2026-12-31",
            },
            "safeguarding.training.type": lambda: {"name": "New training"},
            "safeguarding.training.item": lambda: {
                "training_type_id": self.training_type.id,
                "name": "New point",
            },
            "safeguarding.training": lambda: {
                "employee_id": self.staff_employee.id,
                "training_type_id": self.training_type.id,
                "date": "2026-02-02",
            },
            "safeguarding.policy": lambda: {
                "name": "Draft policy",
                "kind": "other",
                "version": "2",
            },
            "safeguarding.policy.acknowledgement": lambda: {
                "policy_id": self.policy.id,
                "user_id": user.id,
            },
            "safeguarding.visit": lambda: {
                "visitor_name": "Another visitor",
                "purpose": "Delivery",
                "escort_id": self.escort_employee.id,
                "badge_number": f"V-{user.id}",
            },
            "safeguarding.review": lambda: {"review_type": "other"},
            "safeguarding.transfer": lambda: {
                "case_id": self.case.id,
                "destination": "external",
                "target_partner_id": self.agency.id,
            },
            "safeguarding.review.action": lambda: {
                "review_id": self.review.id,
                "name": "Another action",
                "owner_id": user.id,
                "deadline": "2026-12-01",
            },
            "safeguarding.action": lambda: {
                "case_id": self.case.id,
                "name": "Phone the grandmother",
                "user_id": self.staff.id,
                "deadline": "2026-12-01",
            },
        }[model]()

    def _write_values(self, model):
        return {
            "safeguarding.concern": {"location_detail": "Changed"},
            "safeguarding.case": {"risk_level": "low"},
            "safeguarding.case.log": {"summary": "Changed"},
            "safeguarding.concern.category": {"description": "Changed"},
            "safeguarding.pupil.guardian": {"lives_abroad": True},
            "safeguarding.audit.log": {"detail": "Changed"},
            "safeguarding.referral": {"reason": "Changed"},
            "safeguarding.referral.contact": {"summary": "Changed"},
            "safeguarding.consultation": {"advice": "Changed"},
            "safeguarding.disclosure": {"information": "Changed"},
            "safeguarding.holiday": {"name": "Changed"},
            "safeguarding.allegation": {"investigation": "Changed"},
            "safeguarding.safety.plan": {"measures": "Changed"},
            "safeguarding.exclusion": {"date_to": "2026-01-10"},
            "safeguarding.police.interview": {"note": "Changed"},
            "safeguarding.missing.episode": {"last_seen_place": "Changed"},
            "safeguarding.missing.event": {"summary": "Changed"},
            "safeguarding.check.type": {"validity_months": 6},
            "safeguarding.check": {"reference": "Changed"},
            "safeguarding.attestation": {"name": "Changed"},
            "safeguarding.training.type": {"validity_months": 6},
            "safeguarding.training.item": {"name": "Changed"},
            "safeguarding.training": {"provider": "Changed"},
            "safeguarding.policy": {"publish_website": True},
            "safeguarding.policy.acknowledgement": {"date": "2026-01-01 10:00:00"},
            "safeguarding.visit": {"purpose": "Changed"},
            "safeguarding.review": {"findings": "Changed"},
            "safeguarding.review.action": {"done_note": "Changed"},
            "safeguarding.transfer": {"reason": "Changed"},
            "safeguarding.action": {"deadline": "2026-12-15"},
        }[model]

    def _check(self, op, model, user, role=None):
        record = self.subject_records.get((role, model), self.records[model])
        message = self.subject_messages.get((role, model), self.messages.get(model))
        Model = self.env[model].with_user(user)
        mine = record.with_user(user)
        if op == "r":
            return self._attempt(lambda: mine.read(["display_name"]))
        if op == "s":
            return self._attempt(lambda: Model.search([("id", "=", record.id)]))
        if op == "g":
            return self._attempt(
                lambda: sum(
                    count
                    for (count,) in Model._read_group(
                        [("id", "=", record.id)], [], ["__count"]
                    )
                )
            )
        if op == "c":
            return self._attempt(lambda: Model.create(self._create_values(model, user)))
        if op == "w":
            return self._attempt(lambda: mine.write(self._write_values(model)))
        if op == "u":
            return self._attempt(lambda: mine.unlink() or True)
        if op == "e":
            return self._attempt(lambda: mine.export_data(["display_name"])["datas"])
        if op == "A":
            return self._attempt(
                lambda: self.env["ir.attachment"]
                .with_user(user)
                .search([("res_model", "=", model), ("res_id", "=", record.id)])
            )
        if op == "M":
            return self._attempt(lambda: message.with_user(user).read(["body"]))
        if op == "F":
            return self._attempt(
                lambda: self.env["mail.followers"]
                .with_user(user)
                .search(
                    [
                        ("res_model", "=", model),
                        ("res_id", "=", record.id),
                        ("partner_id", "!=", user.partner_id.id),
                    ]
                )
            )
        if op == "T":
            return self._attempt(
                lambda: self.env["mail.activity"]
                .with_user(user)
                .search([("res_model", "=", model), ("res_id", "=", record.id)])
            )
        raise ValueError(op)

    def test_access_matrix(self):
        failures = []
        for model, expectations in MATRIX.items():
            operations = OPERATIONS if model in MAIL_MODELS else "rsgcwue"
            for role in ROLES:
                allowed = expectations.get(role, "")
                for op in operations:
                    expected = op in allowed
                    actual = self._check(op, model, self.users[role], role)
                    if actual != expected:
                        failures.append(
                            f"{model} / {role} / {op}: expected "
                            f"{'allowed' if expected else 'denied'}, got "
                            f"{'allowed' if actual else 'denied'}"
                        )
        self.assertFalse(failures, "\n" + "\n".join(failures))

    def test_display_names_are_neutral(self):
        """Leak path 1: many2one labels are rendered with sudo everywhere."""
        for model in MAIL_MODELS:
            record = self.records[model]
            self.assertRegex(record.display_name, r"^SG-[RCFADLMV]-\d{4}-\d{4}$")
            self.assertNotIn(self.pupil.name, record.display_name)
        self.assertNotIn(self.pupil.name, self.log.display_name)

    def test_pupil_counts_follow_the_user(self):
        """Leak path 2: counts on the pupil are computed as the user, not sudo."""
        pupil_as_team = self.pupil.with_user(self.team)
        self.assertEqual(pupil_as_team.safeguarding_concern_count, 1)
        self.assertEqual(pupil_as_team.safeguarding_case_count, 1)
        with self.assertRaises(AccessError):
            self.pupil.with_user(self.staff).read(["safeguarding_case_count"])
        with self.assertRaises(AccessError):
            self.pupil.with_user(self.staff).read(["pupil_medical_need_detail"])
        self.assertFalse(
            self.pupil.with_user(self.staff).read(["pupil_has_medical_need"])[0][
                "pupil_has_medical_need"
            ]
        )

    def test_reporter_cannot_see_case_link(self):
        with self.assertRaises(AccessError):
            self.concern.with_user(self.staff).read(["case_id"])
        self.assertEqual(self.concern.with_user(self.staff).state, "in_case")

    def test_followers_only_people_with_access(self):
        """Leak path 4: followers must be able to read the record."""
        with self.assertRaises(AccessError):
            self.case.with_user(self.lead).message_subscribe(
                partner_ids=self.staff.partner_id.ids
            )
        self.case.with_user(self.lead).message_subscribe(
            partner_ids=self.team.partner_id.ids
        )
        followers = self.case.message_partner_ids
        self.assertIn(self.team.partner_id, followers)
        self.assertNotIn(self.staff.partner_id, followers)
        # The private path used by activities and mentions filters silently.
        self.case.sudo()._message_subscribe(partner_ids=self.director.partner_id.ids)
        self.assertNotIn(self.director.partner_id, self.case.message_partner_ids)

    def test_messages_only_to_people_with_access(self):
        """Leak path 3: a message cannot be addressed to someone outside the team."""
        with self.assertRaises(UserError):
            self.case.with_user(self.lead).message_post(
                body="Please look", partner_ids=self.staff.partner_id.ids
            )
        outsider = self.env["res.partner"].create(
            {"name": "Outsider", "email": "outsider@example.com"}
        )
        with self.assertRaises(UserError):
            self.case.with_user(self.lead).message_post(
                body="Please look", partner_ids=outsider.ids
            )
        self.assertFalse(self.case._message_get_suggested_recipients())

    def test_notifications_never_email_content(self):
        self.case.with_user(self.lead).message_subscribe(
            partner_ids=self.team.partner_id.ids
        )
        self.team.notification_type = "email"
        message = self.case.with_user(self.lead).message_post(
            body="Grandmother confirmed the bruises.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        notifications = self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id)]
        )
        self.assertEqual(notifications.res_partner_id, self.team.partner_id)
        self.assertEqual(set(notifications.mapped("notification_type")), {"inbox"})
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        )

    def test_activity_assignee_must_have_access(self):
        """Leak path 5: assignees read the summary and are subscribed."""
        with self.assertRaises(AccessError):
            self.case.with_user(self.lead).activity_schedule(
                "mail.mail_activity_data_todo", summary="Check", user_id=self.staff.id
            )
        activity = self.case.with_user(self.lead).activity_schedule(
            "mail.mail_activity_data_todo", summary="Check", user_id=self.team.id
        )
        with self.assertRaises(AccessError):
            activity.write({"user_id": self.director.id})

    def test_attachments_never_public(self):
        """Leak path 6."""
        for values in ({"public": True}, {"access_token": "abc"}):
            with self.assertRaises(ValidationError):
                self.env["ir.attachment"].create(
                    {
                        "name": "x.txt",
                        "raw": b"x",
                        "res_model": "safeguarding.case",
                        "res_id": self.case.id,
                        **values,
                    }
                )

    def test_create_cannot_reach_foreign_records(self):
        """Leak path 8: no concern in another's name, no entry on an unreadable case."""
        with self.assertRaises(UserError):
            self.env["safeguarding.concern"].with_user(self.staff).create(
                self._concern_values(reporter_id=self.other_staff.id)
            )
        with self.assertRaises(AccessError):
            self.env["safeguarding.case.log"].with_user(self.staff).create(
                {"case_id": self.case.id, "summary": "x"}
            )
        other_company = self.env["res.company"].create({"name": "Other school"})
        foreign_case = self.env["safeguarding.case"].create(
            {"pupil_id": self.pupil.id, "company_id": other_company.id}
        )
        with self.assertRaises(AccessError):
            foreign_case.with_user(self.lead).read(["name"])
        with self.assertRaises(AccessError):
            self.env["safeguarding.case.log"].with_user(self.lead).create(
                {"case_id": foreign_case.id, "summary": "x"}
            )

    def test_public_methods_check_rights(self):
        """Leak path 9: every action refuses users without rights."""
        concern = self._submitted_concern()
        for method in (
            "action_acknowledge",
            "action_open_case_wizard",
            "action_open_close_wizard",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(concern.with_user(self.staff), method)()
        with self.assertRaises(AccessError):
            concern.with_user(self.staff).action_add_to_case(self.case.id)
        with self.assertRaises(AccessError):
            concern.with_user(self.director).action_close_no_action("no reason")
        for method in (
            "action_record_decision",
            "action_start",
            "action_open_close_wizard",
            "action_reopen",
            "action_show_incident_children",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(self.case.with_user(self.staff), method)()
        with self.assertRaises(AccessError):
            self.case.with_user(self.director)._close("resolved", "")
        with self.assertRaises(AccessError):
            self.pupil.with_user(self.staff).action_view_safeguarding_cases()
        for method in ("action_refer", "action_open_share_wizard"):
            for user in (self.staff, self.director, self.hr, self.manager):
                with self.assertRaises(AccessError, msg=method):
                    getattr(self.case.with_user(user), method)()
        for method in (
            "action_open_answer_wizard",
            "action_open_written_wizard",
            "action_print_written_referral",
        ):
            for user in (self.staff, self.director, self.hr, self.manager):
                with self.assertRaises(AccessError, msg=method):
                    getattr(self.referral.with_user(user), method)()
        self.assertEqual(concern.state, "submitted")
        self.assertEqual(self.case.state, "new")

    def test_audit_log_records_opening_and_export(self):
        Audit = self.env["safeguarding.audit.log"]
        before = Audit.search_count([])
        self.case.with_user(self.team).web_read({"name": {}, "state": {}})
        self.case.with_user(self.team).export_data(["name"])
        logs = Audit.search([], limit=2)
        self.assertEqual(Audit.search_count([]), before + 2)
        self.assertEqual(set(logs.mapped("event")), {"open", "export"})
        self.assertEqual(logs.user_id, self.team)
        with self.assertRaises(UserError):
            logs[0].with_user(self.lead).write({"detail": "x"})
        with self.assertRaises(UserError):
            logs[0].with_user(self.lead).unlink()
        # A list showing one row is logged as listed, not as an opening.
        count = Audit.search_count([])
        result = (
            self.env["safeguarding.case"]
            .with_user(self.team)
            .web_search_read([("id", "=", self.case.id)], {"name": {}, "state": {}})
        )
        self.assertEqual(len(result["records"]), 1)
        self.assertEqual(Audit.search_count([]), count + 1)
        self.assertEqual(Audit.search([], limit=1).event, "list")
        # Every confidential model logs its openings.
        for record in (self.allegation, self.review):
            record.with_user(self.lead).web_read({"name": {}, "state": {}})
            self.assertEqual(
                Audit.search([], limit=1).res_model, record._name, record._name
            )

    def test_uninstall_hook_removes_mail_and_files(self):
        domain = [
            ("res_model", "=", "safeguarding.case"),
            ("res_id", "=", self.case.id),
        ]
        self.assertTrue(self.env["ir.attachment"].search(domain))
        self.vetting_check.evidence = b"JVBERi0xLjQ="
        evidence = [
            ("res_model", "=", "safeguarding.check"),
            ("res_id", "=", self.vetting_check.id),
            ("res_field", "=", "evidence"),
        ]
        self.assertTrue(self.env["ir.attachment"].search(evidence))
        uninstall_hook(self.env)
        self.assertFalse(self.env["ir.attachment"].search(domain))
        self.assertFalse(self.env["ir.attachment"].search(evidence))
        self.assertFalse(self.env["mail.activity"].search(domain))
        self.assertFalse(self.env["mail.followers"].search(domain))
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "safeguarding.case"), ("res_id", "=", self.case.id)]
            )
        )

    def test_other_schools_records_stay_out_of_reach(self):
        """Every role of one school, against records of another school."""
        other = self.env["res.company"].create({"name": "Other school"})
        pupil = self.env["res.partner"].create(
            {"name": "Other Pupil", "is_pupil": True}
        )
        case = self.env["safeguarding.case"].create(
            {"pupil_id": pupil.id, "company_id": other.id}
        )
        employee = self.env["hr.employee"].create(
            {"name": "Other Teacher", "company_id": other.id}
        )
        escort = self._cleared_employee("Other Escort", company_id=other.id)
        records = [
            case,
            self.env["safeguarding.referral"].create(
                {"case_id": case.id, "agency_id": self.agency.id, "reason": "x"}
            ),
            self.env["safeguarding.allegation"].create(
                {
                    "company_id": other.id,
                    "subject_employee_id": employee.id,
                    "description": "x",
                }
            ),
            self.env["safeguarding.missing.episode"].create(
                {"company_id": other.id, "pupil_id": pupil.id, "last_seen_place": "x"}
            ),
            self.env["safeguarding.review"].create({"company_id": other.id}),
            self.env["safeguarding.check"].create(
                {
                    "employee_id": employee.id,
                    "check_type_id": self.check_type.id,
                    "issue_date": "2026-01-05",
                }
            ),
            self.env["safeguarding.policy"].create(
                {"company_id": other.id, "name": "P", "kind": "other", "version": "1"}
            ),
            self.env["safeguarding.visit"].create(
                {
                    "company_id": other.id,
                    "visitor_name": "V",
                    "purpose": "x",
                    "escort_id": escort.id,
                    "badge_number": "B",
                }
            ),
        ]
        for role in INTERNAL:
            user = self.users[role]
            for record in records:
                with self.assertRaises(AccessError, msg=f"{role} {record._name}"):
                    record.with_user(user).read(["display_name"])
                try:
                    found = (
                        self.env[record._name]
                        .with_user(user)
                        .search([("id", "=", record.id)])
                    )
                except AccessError:
                    found = False
                self.assertFalse(
                    found, f"{role} finds {record._name} of another school"
                )

    def test_opening_a_record_runs_read_write(self):
        """The web client reads forms in read-only transactions unless told.

        Opening a confidential record writes the access log, so its web_read
        must not be marked read-only (as the web controller decides it).
        """
        for model in (
            "safeguarding.concern",
            "safeguarding.case",
            "safeguarding.referral",
            "safeguarding.allegation",
            "safeguarding.missing.episode",
        ):
            readonly = next(
                cls.web_read._readonly
                for cls in type(self.env[model]).mro()
                if hasattr(getattr(cls, "web_read", None), "_readonly")
            )
            self.assertFalse(readonly, model)
