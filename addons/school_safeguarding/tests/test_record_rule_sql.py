from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..models.safeguarding_input_guard import _rule_sql_cache, _walks_hierarchy
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
