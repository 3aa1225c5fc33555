from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.safeguarding_input_guard import (
    _rule_sql_cache,
    _walks_hierarchy,
    read_call,
)
from .common import SafeguardingCase, with_two_factor


@tagged("post_install", "-at_install", "safeguarding_security")
class TestRecordRuleSql(SafeguardingCase):
    """Record rules checked in SQL for several records, and their SQL reused.

    Reading several records asks the database which of them the rules let
    the user see (Odoo evaluates the rules in Python); the SQL of a rule
    domain is kept from one search to the next. Both must answer exactly as
    Odoo's rules do, whatever changes: the records, the schools in the
    context, the user's groups or the rules themselves.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Concern = cls.env["safeguarding.concern"]
        cls.sent = cls._submitted_concern() | cls._submitted_concern()
        cls.draft = (
            Concern.with_user(cls.staff).create(cls._concern_values()).sudo()
        ).with_user(cls.env.user)
        cls.school_2 = cls.env["res.company"].create({"name": "Rules Second School"})
        cls.pupil_2 = cls.env["res.partner"].create(
            {"name": "Aruzhan Second-Pupil", "is_pupil": True}
        )
        # A deputy of both schools, working in the first one, and the
        # second school's deputy.
        cls.team.write(
            {"company_ids": [(4, cls.school_2.id)], "company_id": cls.company.id}
        )
        with_two_factor(cls.team)
        cls.school_2.safeguarding_deputy_ids = cls.team
        cls.elsewhere = Concern.with_company(cls.school_2).create(
            cls._concern_values(pupil_id=cls.pupil_2.id, company_id=cls.school_2.id)
        )
        cls.elsewhere.action_submit()

    def test_several_records_are_checked_as_odoo_checks_them(self):
        Concern = self.env["safeguarding.concern"]
        everything = self.sent | self.draft | self.elsewhere
        cases = (
            # user, schools in the context, what they may read
            (self.team, self.company, self.sent),
            (self.team, self.company | self.school_2, self.sent | self.elsewhere),
            (self.staff, self.company, self.sent | self.draft),
            (self.other_staff, self.company, Concern),
        )
        for user, schools, readable in cases:
            records = everything.with_user(user).with_context(
                allowed_company_ids=schools.ids
            )
            with self.subTest(user=user.login, schools=schools.ids):
                self.assertEqual(records._filtered_access("read").ids, readable.ids)
                # Odoo's own evaluation of the rules (one record at a time,
                # in Python) agrees.
                self.assertEqual(
                    records.filtered(lambda record: record.has_access("read")).ids,
                    readable.ids,
                )
                if readable != everything:
                    with self.assertRaises(AccessError):
                        records.check_access("read")
                    with self.assertRaises(AccessError):
                        records.read(["description"])
                if len(readable) > 1:
                    readable.with_user(user).with_context(
                        allowed_company_ids=schools.ids
                    ).check_access("read")

    def test_a_record_that_changes_is_checked_as_it_is_now(self):
        # The concern moves to the adult concerned's allegation path: the
        # deputy loses it, in the same transaction, unflushed.
        records = self.sent.with_user(self.team)
        records.check_access("read")
        self.sent[0].sudo().subject_user_id = self.team
        self.assertEqual(records._filtered_access("read"), records[1:])
        with self.assertRaises(AccessError):
            records.check_access("read")

    def test_rules_changed_after_a_search_are_applied_at_the_next(self):
        Concern = self.env["safeguarding.concern"].with_user(self.team)
        mine = [("id", "in", self.sent.ids)]
        self.assertEqual(Concern.search(mine), self.sent)
        # A rule for everyone (rules of no group narrow every other rule).
        rule = self.env["ir.rule"].create(
            {
                "name": "Test: the first concern only",
                "model_id": self.env["ir.model"]._get_id("safeguarding.concern"),
                "domain_force": f"[('id', '=', {self.sent[0].id})]",
            }
        )
        self.assertEqual(Concern.search(mine), self.sent[0])
        rule.domain_force = f"[('id', '=', {self.sent[1].id})]"
        self.assertEqual(Concern.search(mine), self.sent[1])
        rule.unlink()
        self.assertEqual(Concern.search(mine), self.sent)

    def test_the_schools_in_the_context_and_the_groups_count_at_each_search(self):
        Concern = self.env["safeguarding.concern"].with_user(self.team)
        every = [("id", "in", (self.sent | self.elsewhere).ids)]
        first = Concern.with_context(allowed_company_ids=self.company.ids)
        self.assertEqual(first.search(every), self.sent)
        both = Concern.with_context(
            allowed_company_ids=(self.company | self.school_2).ids
        )
        self.assertEqual(both.search(every), self.sent | self.elsewhere)
        second = Concern.with_context(allowed_company_ids=self.school_2.ids)
        self.assertEqual(second.search(every), self.elsewhere)
        self.assertEqual(first.search(every), self.sent)
        # Out of the team: the same user finds none of the team's concerns.
        self.team.write(
            {
                "groups_id": [
                    (3, self.env.ref("school_safeguarding.group_safeguarding_team").id)
                ]
            }
        )
        self.assertFalse(both.search(every))

    def test_access_rights_changed_are_applied_at_the_next_check(self):
        Concern = self.env["safeguarding.concern"].with_user(self.team)
        records = self.sent.with_user(self.team)
        records.check_access("read")
        self.assertEqual(Concern.search([("id", "in", self.sent.ids)]), self.sent)
        # No group may read concerns any more, in the same transaction.
        rights = self.env["ir.model.access"].search(
            [("model_id.model", "=", "safeguarding.concern")]
        )
        rights.write({"perm_read": False})
        with self.assertRaises(AccessError):
            records.check_access("read")
        with self.assertRaises(AccessError):
            Concern.search([("id", "in", self.sent.ids)])
        self.assertFalse(records._filtered_access("read"))
        rights.write({"perm_read": True})
        records.check_access("read")

    def test_records_found_readable_in_a_read_stay_so_for_their_reader_only(self):
        """Inside one read, records found readable are not asked again.

        For the user and the schools that found them: another user, or the
        same one with other schools, is checked afresh.
        """
        everything = self.sent | self.elsewhere
        with read_call(self.env(user=self.team)):
            team = everything.with_user(self.team).with_context(
                allowed_company_ids=(self.company | self.school_2).ids
            )
            self.assertEqual(len(team.read(["description"])), 3)
            team.check_access("read")
            # The deputy with the first school only: the second school's
            # concern is refused.
            first_school = everything.with_user(self.team).with_context(
                allowed_company_ids=self.company.ids
            )
            with self.assertRaises(AccessError):
                first_school.check_access("read")
            self.assertEqual(first_school._filtered_access("read"), self.sent)
            # Staff who raised none of them read none.
            with self.assertRaises(AccessError):
                everything.with_user(self.other_staff).check_access("read")
            with self.assertRaises(AccessError):
                self.sent[0].with_user(self.other_staff).read(["description"])
            # A write is never taken as read: the deputy may not change a
            # sent concern.
            with self.assertRaises(AccessError):
                self.sent[0].with_user(self.team).check_access("unlink")

    def test_the_dsl_concerned_opens_a_case_without_the_concern_about_them(self):
        """Within one read of a case, a concern about the DSL stays hidden
        from them: its sibling read in the same read is no pass for it."""
        case = self._open_case(self.sent)
        about_lead, other = self.sent
        about_lead.sudo().subject_user_id = self.lead
        spec = {"concern_ids": {"fields": {"display_name": {}, "description": {}}}}
        with read_call(self.env(user=self.lead)):
            [values] = case.with_user(self.lead).web_read(spec)
            self.assertEqual([row["id"] for row in values["concern_ids"]], other.ids)
            with self.assertRaises(AccessError):
                about_lead.with_user(self.lead).read(["description"])
            with self.assertRaises(AccessError):
                self.sent.with_user(self.lead).check_access("read")
            self.assertEqual(
                self.sent.with_user(self.lead)._filtered_access("read"), other
            )
        # The deputy reads both, in a read of their own.
        [values] = case.with_user(self.team).web_read(spec)
        self.assertEqual(
            sorted(row["id"] for row in values["concern_ids"]), sorted(self.sent.ids)
        )

    def test_field_groups_are_asked_for_each_reader_and_each_read(self):
        """A field of limited groups (the allegation a concern led to, for
        the DSL and directors): answered once per read, for its reader."""
        lead_group = self.env.ref("school_safeguarding.group_safeguarding_lead")
        concern = self.sent[0]
        spec = {"allegation_id": {"fields": {"display_name": {}}}}
        concern.with_user(self.lead).web_read(spec)
        with read_call(self.env(user=self.lead)):
            self.assertTrue(
                self.lead.with_user(self.lead).has_groups(
                    "school_safeguarding.group_safeguarding_lead"
                )
            )
            self.assertFalse(
                self.team.with_user(self.team).has_groups(
                    "school_safeguarding.group_safeguarding_lead"
                )
            )
            with self.assertRaises(AccessError):
                concern.with_user(self.team).read(["allegation_id"])
        with self.assertRaises(AccessError):
            concern.with_user(self.team).web_read(spec)
        # No longer the DSL: the next read refuses the field.
        self.lead.write(
            {
                "groups_id": [
                    (3, lead_group.id),
                    (4, self.env.ref("school_safeguarding.group_safeguarding_team").id),
                ]
            }
        )
        # The concern is still theirs to read as a deputy; the field is not.
        concern.with_user(self.lead).web_read({"description": {}})
        with self.assertRaises(AccessError):
            concern.with_user(self.lead).web_read(spec)

    def test_the_dsl_opening_a_case_costs_few_queries_more_than_odoo_itself(self):
        """Access to the twenty models a case form reads costs no queries.

        The DSL's form makes two queries more than the superuser's: the
        access-log entry and the DSL's two-factor state. Records the form
        found through the rules are not checked again with a query of their
        own, and the rules' SQL is not built again.
        """
        case = self._open_case(self.sent)
        self.env["safeguarding.case.log"].with_user(self.lead).create(
            {"case_id": case.id, "summary": "Spoke with the class teacher."}
        )
        form = case.with_user(self.lead).get_views([(False, "form")])
        described = form["models"]["safeguarding.case"]
        described = described.get("fields", described)
        spec = {
            name: {"fields": {"display_name": {}}} if field.get("relation") else {}
            for name, field in described.items()
        }
        self.assertGreater(
            sum(1 for field in described.values() if field.get("relation")), 15
        )

        def queries(records):
            # Once to fill the caches Odoo keeps between requests, then
            # counted, each from an empty record cache.
            counts = []
            for _run in range(2):
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                records.web_read(spec)
                counts.append(self.cr.sql_log_count - before)
            return counts[-1]

        as_superuser = queries(case.sudo())
        as_lead = queries(case.with_user(self.lead))
        self.assertLessEqual(as_lead, as_superuser + 2)
        self.assertTrue(
            self.env["safeguarding.audit.log"].search(
                [("user_id", "=", self.lead.id), ("res_model", "=", case._name)]
            )
        )

    def test_a_deleted_record_is_missing_not_forbidden(self):
        draft = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .create(self._concern_values())
        )
        records = (self.sent[0] | draft).with_user(self.staff)
        records.check_access("read")
        draft.sudo().unlink()
        records.invalidate_recordset()
        # Not refused as forbidden: the deleted one is left out.
        records.check_access("read")
        rows = records.read(["description"])
        self.assertEqual([row["id"] for row in rows], self.sent[0].ids)
        # A record the user may not read is still refused with the others.
        with self.assertRaises(AccessError):
            (records | self.elsewhere.with_user(self.staff)).check_access("read")

    def test_contacts_of_the_schools_above_are_found_as_odoo_finds_them(self):
        """Contacts' multi-company rule (parent_of the schools) from cached SQL."""
        Partner = self.env["res.partner"]
        branch = self.env["res.company"].create(
            {"name": "Rules Branch School", "parent_id": self.company.id}
        )
        contacts = Partner.create(
            [
                {"name": "Contact of the group", "company_id": self.company.id},
                {"name": "Contact of the branch", "company_id": branch.id},
                {"name": "Contact elsewhere", "company_id": self.school_2.id},
                {"name": "Contact of no school", "company_id": False},
            ]
        )
        group, in_branch, elsewhere, nowhere = contacts
        branch_user = new_test_user(
            self.env,
            login="sg_t_branch_staff",
            groups="base.group_user",
            company_id=branch.id,
            company_ids=[(6, 0, (branch | self.company).ids)],
        )
        cases = (
            # schools in the context, the contacts found
            (branch, group | in_branch | nowhere),
            (self.company, group | nowhere),
            (branch | self.company, group | in_branch | nowhere),
        )
        cache = _rule_sql_cache(self.env.registry)
        for schools, found in cases:
            people = Partner.with_user(branch_user).with_context(
                allowed_company_ids=schools.ids
            )
            with self.subTest(schools=schools.ids):
                # Twice: built, then taken from the cache.
                for _run in range(2):
                    self.assertEqual(people.search([("id", "in", contacts.ids)]), found)
                # Odoo's own evaluation of the rule, in Python, agrees.
                self.assertEqual(
                    contacts.with_user(branch_user)
                    .with_context(allowed_company_ids=schools.ids)
                    .filtered(lambda contact: contact.has_access("read")),
                    found,
                )
        self.assertNotIn(elsewhere, found)
        self.assertTrue(
            any(key[0] == "res.partner" for key in cache),
            "the contacts' rule SQL is kept",
        )

    def test_users_and_employees_are_found_as_odoo_finds_them(self):
        """Rules of models that inherit another (a user's contact, an
        employee's resource, whose rules apply to them too) from cached SQL."""
        Users = self.env["res.users"]
        portal_here, portal_elsewhere = (
            new_test_user(
                self.env,
                login=f"sg_t_portal_{where}",
                groups="base.group_portal",
                company_id=school.id,
                company_ids=[(6, 0, school.ids)],
            )
            for where, school in (("here", self.company), ("elsewhere", self.school_2))
        )
        portal_here.partner_id.company_id = False
        portal_elsewhere.partner_id.company_id = self.school_2
        people = portal_here | portal_elsewhere | self.staff
        self.hr.company_ids = self.company | self.school_2
        Employee = self.env["hr.employee"]
        employees = Employee.create(
            [
                {"name": "Employee here", "company_id": self.company.id},
                {"name": "Employee elsewhere", "company_id": self.school_2.id},
            ]
        )
        cases = (
            # schools in the context, the users and employees found
            (self.company, portal_here | self.staff, employees[0]),
            (self.school_2, portal_elsewhere | self.staff, employees[1]),
            (self.company | self.school_2, people, employees),
        )
        cache = _rule_sql_cache(self.env.registry)
        for schools, users_found, employees_found in cases:
            with self.subTest(schools=schools.ids):
                for model, user, records, found in (
                    (Users, self.team, people, users_found),
                    (Employee, self.hr, employees, employees_found),
                ):
                    Model = model.with_user(user).with_context(
                        allowed_company_ids=schools.ids
                    )
                    for _run in range(2):
                        self.assertEqual(
                            Model.search([("id", "in", records.ids)]), found
                        )
                    self.assertEqual(
                        records.with_user(user)
                        .with_context(allowed_company_ids=schools.ids)
                        .filtered(lambda record: record.has_access("read")),
                        found,
                    )
        # Users' rules join their contact's; both are kept.
        self.assertTrue(
            any(
                key[0] == "res.users" and value and value[0]
                for key, value in cache.items()
            ),
            "the users' rules, joining their contact's, are kept",
        )
        self.assertTrue(
            any(key[0] == "hr.employee" and value for key, value in cache.items())
        )

    def test_only_the_schools_hierarchy_is_taken_as_fixed(self):
        Partner = self.env["res.partner"]
        company_ids = self.company.ids
        self.assertFalse(
            _walks_hierarchy(Partner, [("company_id", "parent_of", company_ids)])
        )
        self.assertFalse(
            _walks_hierarchy(
                Partner,
                [("user_ids", "any", [("company_ids", "child_of", company_ids)])],
            )
        )
        # Contacts' own hierarchy (a company and its people) changes: its
        # SQL is built at each search, as Odoo does.
        self.assertTrue(_walks_hierarchy(Partner, [("parent_id", "child_of", [1])]))
        self.assertTrue(_walks_hierarchy(Partner, [("id", "parent_of", [1])]))
        self.assertTrue(
            _walks_hierarchy(Partner, [("company_id.parent_id", "child_of", [1])])
        )
