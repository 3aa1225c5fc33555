from datetime import date

from freezegun import freeze_time

from odoo.addons.school_safeguarding.tests.common import (
    SafeguardingCase,
    with_two_factor,
)
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

# A week of leave, Monday 23 to Friday 27 November 2026 (Asia/Almaty).
MONDAY, FRIDAY = date(2026, 11, 23), date(2026, 11, 27)
BEFORE = "2026-11-20 06:00"
DURING = "2026-11-25 06:00"
AFTER = "2026-11-30 06:00"


@tagged("post_install", "-at_install")
class TestTimeOffHandsOver(SafeguardingCase):
    """The DSL's approved time off hands new work to the deputies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deputy = with_two_factor(
            new_test_user(
                cls.env,
                login="sg_t_deputy_2",
                groups="base.group_user,school_safeguarding.group_safeguarding_team",
                email="sg_t_deputy_2@example.com",
            )
        )
        cls.company.safeguarding_deputy_ids = cls.team | cls.deputy
        cls.company.resource_calendar_id.tz = "Asia/Almaty"
        cls.employees = {
            user: cls.env["hr.employee"].create(
                {"name": user.name, "user_id": user.id, "company_id": cls.company.id}
            )
            for user in (cls.lead, cls.team, cls.deputy)
        }
        # Approved by HR: a request waits in "To Approve" until it is.
        cls.leave_type = cls.env["hr.leave.type"].create(
            {
                "name": "Annual leave (safeguarding test)",
                "requires_allocation": "no",
                "leave_validation_type": "hr",
                "company_id": cls.company.id,
            }
        )

    def _time_off(self, user, approve=True):
        with freeze_time(BEFORE):
            leave = self.env["hr.leave"].create(
                {
                    "name": "Annual leave",
                    "employee_id": self.employees[user].id,
                    "holiday_status_id": self.leave_type.id,
                    "request_date_from": MONDAY,
                    "request_date_to": FRIDAY,
                }
            )
            if approve:
                leave.action_validate()
        return leave

    def _acting_at(self, moment):
        with freeze_time(moment):
            self.env.invalidate_all()
            return self.company.safeguarding_acting_lead_ids

    def test_approved_time_off_hands_over_for_as_long_as_it_lasts(self):
        leave = self._time_off(self.lead)
        self.assertEqual(leave.state, "validate")
        self.assertEqual(self._acting_at(BEFORE), self.lead)
        self.assertEqual(self._acting_at(AFTER), self.lead)
        with freeze_time(DURING):
            self.env.invalidate_all()
            company = self.company
            self.assertEqual(
                company.safeguarding_acting_lead_ids, self.team | self.deputy
            )
            self.assertTrue(company.safeguarding_lead_away)
            self.assertTrue(company.safeguarding_lead_on_leave)
            # Back on the Monday after.
            self.assertEqual(company.safeguarding_lead_leave_back, date(2026, 11, 30))
            # Nobody ticked "absent": the new concern goes to the deputies.
            self.assertFalse(company.safeguarding_lead_absent)
            concern = self._submitted_concern()
            told = concern.sudo().activity_ids.user_id
            self.assertEqual(told, self.team | self.deputy)
            self.assertNotIn(self.lead, told)
            self.assertIn(
                self.team.name, concern.with_user(self.staff).acting_lead_names
            )
        with freeze_time(AFTER):
            self.env.invalidate_all()
            self.assertFalse(self.company.safeguarding_lead_on_leave)
            concern = self._submitted_concern()
            self.assertEqual(concern.sudo().activity_ids.user_id, self.lead)

    def test_time_off_not_approved_changes_nothing(self):
        leave = self._time_off(self.lead, approve=False)
        self.assertEqual(leave.state, "confirm")
        self.assertEqual(self._acting_at(DURING), self.lead)
        leave.action_refuse()
        self.assertEqual(self._acting_at(DURING), self.lead)

    def test_a_deputy_on_time_off_is_passed_over_but_someone_is_always_told(self):
        self.company.safeguarding_lead_absent = True
        self.assertEqual(self._acting_at(DURING), self.team | self.deputy)
        self._time_off(self.team)
        self.assertEqual(self._acting_at(DURING), self.deputy)
        self.assertEqual(self._acting_at(AFTER), self.team | self.deputy)
        # Every deputy away too: all are told rather than nobody.
        self._time_off(self.deputy)
        self.assertEqual(self._acting_at(DURING), self.team | self.deputy)

    def test_a_concern_about_the_acting_deputy_is_not_told_to_them(self):
        """The DSL and one deputy on time off; the concern is about the other."""
        self._time_off(self.lead)
        self._time_off(self.team)
        with freeze_time(DURING):
            self.env.invalidate_all()
            self.assertEqual(self.company.safeguarding_acting_lead_ids, self.deputy)
            concern = self._submitted_concern(
                subject_type="adult",
                pupil_id=False,
                subject_employee_id=self.employees[self.deputy].id,
            )
            told = concern.sudo().activity_ids.user_id
            # The deputy acting alone cannot read it: the rest of the school's
            # team, away or not, is told rather than nobody, and each of them
            # may read it.
            self.assertNotIn(self.deputy, told)
            self.assertLessEqual(self.lead | self.team, told)
            for user in told:
                self.assertTrue(concern.with_user(user).has_access("read"))
            self.assertFalse(
                self.env["safeguarding.concern"]
                .with_user(self.deputy)
                .search([("id", "=", concern.id)])
            )

    def test_staff_see_the_hand_over_but_not_the_time_off(self):
        leave = self._time_off(self.lead)
        with freeze_time(DURING):
            self.env.invalidate_all()
            company = self.company.with_user(self.staff)
            self.assertTrue(company.safeguarding_lead_away)
            self.assertEqual(company.safeguarding_lead_leave_back, date(2026, 11, 30))
            self.assertEqual(
                company.safeguarding_acting_lead_ids, self.team | self.deputy
            )
            # The form staff open to know who to tell shows it.
            action = company.action_open_safeguarding_contacts()
            values = company.browse(action["res_id"]).web_read(
                {"safeguarding_lead_away": {}, "safeguarding_lead_leave_back": {}}
            )[0]
            self.assertTrue(values["safeguarding_lead_away"])
            self.assertEqual(values["safeguarding_lead_leave_back"], date(2026, 11, 30))
            # The time off itself (its type, its reason) stays HR's.
            with self.assertRaises(AccessError):
                leave.with_user(self.staff).read(["name", "holiday_status_id"])

    def test_portal_users_do_not_learn_when_the_dsl_is_away(self):
        self._time_off(self.lead)
        with freeze_time(DURING):
            self.env.invalidate_all()
            company = self.company.with_user(self.portal)
            for field in ("safeguarding_lead_on_leave", "safeguarding_lead_leave_back"):
                with self.assertRaises(AccessError, msg=field):
                    company.read([field])
