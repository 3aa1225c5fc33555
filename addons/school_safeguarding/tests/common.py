from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

from odoo import fields
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user


def utc(text):
    """A naive UTC datetime from "YYYY-MM-DD HH:MM"."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


# A valid base32 key: what the two-factor wizard stores once a user confirms
# a code from their phone.
TOTP_TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_two_factor(users):
    """``users`` with two-factor authentication on, as senior roles need it."""
    if "totp_secret" in users._fields:
        # sudo: the key is readable and writable by no one else.
        users.sudo().totp_secret = TOTP_TEST_SECRET
    return users


class SafeguardingCase(TransactionCase):
    """Real users for every role, a configured school and a pupil."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        group = "school_safeguarding.group_safeguarding_"

        def user(login, groups, **kwargs):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                email=f"{login}@example.com",
                **kwargs,
            )

        # Export rights for everyone internal: the matrix shows that record
        # rules, not the missing export button, keep data in.
        internal = "base.group_user,base.group_allow_export"
        cls.staff = user("sg_t_staff", internal)
        cls.other_staff = user("sg_t_other", internal)
        cls.reception = user("sg_t_reception", f"{internal},{group}reception")
        cls.hr = user("sg_t_hr", f"{internal},{group}hr")
        cls.team = user("sg_t_team", f"{internal},{group}team")
        cls.lead = user("sg_t_lead", f"{internal},{group}lead")
        cls.director = user("sg_t_director", f"{internal},{group}director")
        # Senior roles open case content only with two-factor on.
        with_two_factor(cls.team | cls.lead | cls.director)
        if issubclass(cls, HttpCase):
            # Odoo's test login is a password sign-in, which two-factor
            # refuses to scripts: let it in, as a browser is after the code.
            cls.startClassPatcher(
                patch.object(
                    type(cls.env["res.users"]), "_rpc_api_keys_only", lambda self: False
                )
            )
        cls.manager = user("sg_t_manager", f"{internal},{group}manager")
        cls.portal = user("sg_t_portal", "base.group_portal")
        cls.public = user("sg_t_public", "base.group_public")
        cls.company.write(
            {
                "safeguarding_lead_id": cls.lead.id,
                "safeguarding_deputy_ids": [(6, 0, cls.team.ids)],
                "safeguarding_director_ids": [(6, 0, cls.director.ids)],
                "safeguarding_lead_absent": False,
            }
        )
        cls.pupil = cls.env["res.partner"].create(
            {"name": "Zarina Test-Pupil", "is_pupil": True, "pupil_grade": "4A"}
        )
        cls.category = cls.env.ref("school_safeguarding.concern_category_neglect")

    @classmethod
    def _concern_values(cls, **values):
        return {
            "pupil_id": cls.pupil.id,
            "incident_date": fields.Datetime.now(),
            "description": "Came to school hungry and cold, twice this week.",
            "child_words": "There was no food at home.",
            "category_ids": [(6, 0, cls.category.ids)],
            **values,
        }

    @classmethod
    def _submitted_concern(cls, user=None, **values):
        user = user or cls.staff
        concern = (
            cls.env["safeguarding.concern"]
            .with_user(user)
            .create(cls._concern_values(**values))
        )
        concern.action_submit()
        return concern.with_user(cls.env.user)

    @classmethod
    def _cleared_employee(cls, name, **values):
        """An employee with every required check and the induction: cleared."""
        employee = cls.env["hr.employee"].create({"name": name, **values})
        today = fields.Date.context_today(employee)
        for check_type in cls.env["safeguarding.check.type"].search([]):
            if check_type._required_for(employee):
                cls.env["safeguarding.check"].create(
                    {
                        "employee_id": employee.id,
                        "check_type_id": check_type.id,
                        "issue_date": today,
                    }
                )
        induction = cls.env.ref("school_safeguarding.training_type_induction")
        cls.env["safeguarding.training"].create(
            {
                "employee_id": employee.id,
                "training_type_id": induction.id,
                "date": today,
                "item_ids": [(6, 0, induction.item_ids.ids)],
            }
        )
        return employee

    def _open_case(self, concerns, user=None):
        """A new welfare case for ``concerns``, opened by ``user`` (the DSL)."""
        user = user or self.lead
        action = concerns.with_user(user).action_open_case_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        wizard.mode = "new"
        wizard.case_type = "welfare"
        result = wizard.save().action_confirm()
        return self.env["safeguarding.case"].browse(result["res_id"])

    @contextmanager
    def assertRaisesMessage(self, exception, text):
        """assertRaises (which rolls back to a savepoint) plus the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))
