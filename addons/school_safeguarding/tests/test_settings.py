from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestSettings(SafeguardingCase):
    def _assert_refused(self, field, pattern):
        with self.assertRaisesMessage(ValidationError, pattern):
            self.company.write(
                {field: self.staff.id if field.endswith("_id") else self.staff.ids}
            )
        self.assertEqual(self.company.safeguarding_lead_id, self.lead)
        self.assertEqual(self.company.safeguarding_deputy_ids, self.team)
        self.assertEqual(self.company.safeguarding_director_ids, self.director)

    def test_lead_needs_lead_access(self):
        self._assert_refused("safeguarding_lead_id", "Designated Safeguarding Lead")

    def test_deputy_needs_team_access(self):
        self._assert_refused("safeguarding_deputy_ids", "deputy DSL")

    def test_director_needs_director_access(self):
        self._assert_refused("safeguarding_director_ids", "as a director")

    def test_settings_form_writes_company(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.safeguarding_lead_id, self.lead)
        settings.safeguarding_lead_absent = True
        settings.execute()
        self.assertTrue(self.company.safeguarding_lead_absent)
        self.assertEqual(self.company.safeguarding_acting_lead_ids, self.team)

    def test_everyone_can_see_who_to_tell(self):
        action = (
            self.env["res.company"]
            .with_user(self.staff)
            .action_open_safeguarding_contacts()
        )
        company = self.env["res.company"].with_user(self.staff).browse(action["res_id"])
        values = company.read(
            [
                "safeguarding_lead_id",
                "safeguarding_lead_email",
                "safeguarding_deputy_ids",
            ]
        )[0]
        self.assertEqual(values["safeguarding_lead_id"][0], self.lead.id)
        self.assertEqual(values["safeguarding_lead_email"], self.lead.email)
        self.assertEqual(values["safeguarding_deputy_ids"], self.team.ids)
        names = self._submitted_concern().with_user(self.staff).acting_lead_names
        self.assertEqual(names, self.lead.name)

    def test_the_dsls_absence_is_for_staff_not_portal_users(self):
        """Parents on the portal may know who the DSL is, not when they are away."""
        self.company.write(
            {
                "safeguarding_lead_absent_from": "2026-12-01",
                "safeguarding_lead_absent_until": "2026-12-05",
            }
        )
        absence = [
            "safeguarding_lead_absent",
            "safeguarding_lead_absent_from",
            "safeguarding_lead_absent_until",
            "safeguarding_lead_away",
        ]
        staff_view = self.company.with_user(self.staff).read(absence)[0]
        self.assertEqual(str(staff_view["safeguarding_lead_absent_from"]), "2026-12-01")
        for user in (self.portal, self.public):
            company = self.company.with_user(user)
            for field in absence:
                with self.assertRaises(AccessError, msg=f"{user.login}: {field}"):
                    company.read([field])
