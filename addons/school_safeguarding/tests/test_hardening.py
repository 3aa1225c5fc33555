"""Holes reported from outside ("Confidentiality holds from outside").

Item 9: the anonymous-consultation check named another school's child.
Item 15: workflow shortcuts (improvement actions, closed chronologies,
corrections, a concern moved to another school).
Item 16: malformed input over RPC gave server errors instead of messages.
"""

import inspect

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SafeguardingCase, with_two_factor

# What a user may get back: Odoo's own errors (MissingError is a UserError).
ODOO_ERRORS = (AccessError, UserError, ValidationError)

# Malformed values per field type, as they arrive over JSON-RPC.
BAD_VALUES = {
    "char": (["x"], {"a": 1}, 5, "a\x00b"),
    "text": (["x"], {"a": 1}, 5, "a\x00b"),
    "html": (["x"], 5),
    "selection": (["draft"], {"a": 1}, "no such choice", 7),
    "many2one": ("abc", [1], {"id": 1}, 1.5, True),
    "one2many": ([[6]], [[0]], [(6, 0, ["a"])], [[1, 1]], [[4, "x"]], [1, [2]], "x"),
    "many2many": ([[6]], [[0]], [(6, 0, ["a"])], [[1, 1]], [[4, "x"]], [1, [2]], "x"),
    "integer": ("abc", [1], 2**40, float("inf")),
    "float": ("abc", float("nan"), [1]),
    "monetary": ("abc", float("nan"), [1]),
    "boolean": ("abc", [True]),
    "date": ("abc", 20260101, "2026-13-45", [2026]),
    "datetime": ("abc", 20260101, "2026-13-45 10:00:00", [2026]),
    "binary": (["x"], 5, "not base64!"),
}
# Malformed search values per field type (the operator, the value).
BAD_SEARCHES = {
    "integer": (("=", "abc"), ("=", [1]), ("in", "abc"), ("in", [["x"]]), ("<", {})),
    "many2one": (("=", {"a": 1}), ("in", [["x"]]), ("=", 1.5), ("child_of", [None])),
    "one2many": (("in", ["x"]), ("=", {"a": 1}), ("any", "abc")),
    "many2many": (("in", ["x"]), ("=", {"a": 1}), ("any", "abc")),
    "date": (("=", "abc"), (">", "2026"), ("<", 20260101), ("in", [["2026-01-01"]])),
    "datetime": (("=", "abc"), (">", "2026"), ("<", 20260101), ("=", [1])),
    "selection": (("=", ["draft"]), ("in", "draft"), ("in", [{"a": 1}]), ("=", "nope")),
    "char": (("=", {"a": 1}), ("ilike", "a\x00b"), ("=", 5), ("child_of", 1)),
    "text": (("=", {"a": 1}), ("ilike", "a\x00b"), ("in", [[1]])),
    "boolean": (("=", ["x"]), ("=like", "abc"), ("in", [None, {}])),
}
BAD_DOMAINS = (
    "abc",
    None,
    [("id",)],
    ["&", ("id", "=", 1)],
    ["!"],
    [("no_such_field", "=", 1)],
    [("id", "bogus", 1)],
    [(1, "=", 2)],
    [("id.name", "=", 1)],
    [{"id": 1}],
)


@tagged("post_install", "-at_install")
class TestHardening(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.power = new_test_user(
            cls.env,
            login="sg_t_power",
            groups=",".join(
                [
                    "base.group_user",
                    *(
                        f"school_safeguarding.group_safeguarding_{role}"
                        for role in ("reception", "hr", "lead", "director", "manager")
                    ),
                ]
            ),
        )
        with_two_factor(cls.power)
        cls.other_school = cls.env["res.company"].create({"name": "Second School"})
        cls.agency = cls.env["res.partner"].create(
            {"name": "Agency Test", "safeguarding_agency_type": "child_protection"}
        )
        cls.guardian = cls.env["res.partner"].create({"name": "Saule Kairatova"})
        cls.env["safeguarding.pupil.guardian"].create(
            {"pupil_id": cls.pupil.id, "partner_id": cls.guardian.id}
        )
        cls.concern = cls._submitted_concern()
        cls.case = cls.env["safeguarding.case"].create(
            {"pupil_id": cls.pupil.id, "user_id": cls.lead.id}
        )
        cls.concern._link_to_case(cls.case)
        # Another school's child, family and case.
        cls.foreign_pupil = cls.env["res.partner"].create(
            {"name": "Aigerim Foreignchild", "is_pupil": True}
        )
        cls.foreign_guardian = cls.env["res.partner"].create(
            {"name": "Dinara Foreignmother"}
        )
        cls.env["safeguarding.pupil.guardian"].create(
            {"pupil_id": cls.foreign_pupil.id, "partner_id": cls.foreign_guardian.id}
        )
        cls.foreign_case = cls.env["safeguarding.case"].create(
            {"pupil_id": cls.foreign_pupil.id, "company_id": cls.other_school.id}
        )

    # ------------------------------------------------------------------
    # Item 9: anonymous consultations
    # ------------------------------------------------------------------

    def test_consultation_describes_no_case_the_user_cannot_read(self):
        Consultation = self.env["safeguarding.consultation"].with_user(self.lead)
        count = Consultation.sudo().search_count([])
        identities = (
            "Aigerim",
            "Foreignchild",
            "Dinara",
            "Foreignmother",
            self.foreign_case.name,
        )
        for question in (
            "Is Aigerim at risk? Her mother Dinara works nights.",
            f"About {self.foreign_case.name}: should we refer?",
        ):
            with self.assertRaises(AccessError) as catcher:
                Consultation.create(
                    {
                        "agency_id": self.agency.id,
                        "case_id": self.foreign_case.id,
                        "question": question,
                    }
                )
            for identity in identities:
                self.assertNotIn(identity, str(catcher.exception))
        consultation = Consultation.create(
            {"agency_id": self.agency.id, "question": "A girl of nine, hungry."}
        )
        with self.assertRaises(AccessError):
            consultation.write({"case_id": self.foreign_case.id})
        self.assertFalse(consultation.case_id)
        # Its own school's case: names are refused without being repeated.
        with self.assertRaisesMessage(ValidationError, "anonymous consultation") as c:
            Consultation.create(
                {
                    "agency_id": self.agency.id,
                    "case_id": self.case.id,
                    "question": "Zarina came in hungry; Saule works nights.",
                }
            )
        for identity in ("Zarina", "Saule", "Kairatova"):
            self.assertNotIn(identity, str(c.exception))
        self.assertEqual(Consultation.sudo().search_count([]), count + 1)

    # ------------------------------------------------------------------
    # Item 15: workflow
    # ------------------------------------------------------------------

    def test_review_action_owner_only_completes_it(self):
        Review = self.env["safeguarding.review"].with_user(self.lead)
        review = Review.create({"review_type": "other"})
        other_review = Review.create({"review_type": "other"})
        action = (
            self.env["safeguarding.review.action"]
            .with_user(self.lead)
            .create(
                {
                    "review_id": review.id,
                    "name": "Fit a latch on the delivery gate",
                    "owner_id": self.staff.id,
                    "deadline": "2030-01-01",
                }
            )
        )
        mine = action.with_user(self.staff)
        for values in ({"state": "done"}, {"state": "done", "done_date": "2026-01-01"}):
            with self.assertRaisesMessage(UserError, "Done"):
                mine.write(values)
        for values in (
            {"review_id": other_review.id},
            {"owner_id": self.other_staff.id},
            {"name": "Nothing to do"},
            {"deadline": "2031-01-01"},
        ):
            with self.assertRaises(AccessError):
                mine.write(values)
        self.assertRecordValues(
            action,
            [
                {
                    "state": "open",
                    "review_id": review.id,
                    "owner_id": self.staff.id,
                    "name": "Fit a latch on the delivery gate",
                }
            ],
        )
        with self.assertRaisesMessage(UserError, "what was done"):
            mine.action_done()
        mine.done_note = "Latch fitted by the caretaker."
        mine.action_done()
        self.assertEqual(action.state, "done")
        # Done is kept as it was done: the note cannot be emptied afterwards.
        with self.assertRaisesMessage(UserError, "kept"):
            mine.write({"done_note": ""})
        self.assertEqual(action.done_note, "Latch fitted by the caretaker.")

    def test_closed_case_chronology_is_closed_through_its_concerns(self):
        self.case.with_user(self.lead)._close("resolved", "Hungry no more.")
        Log = self.env["safeguarding.case.log"].with_user(self.team)
        count = Log.sudo().search_count([])
        for values in (
            {"concern_id": self.concern.id},
            {"case_id": self.case.id},
            {"case_id": self.case.id, "concern_id": self.concern.id},
        ):
            with self.assertRaisesMessage(UserError, "closed"):
                Log.create({"summary": "A late note.", **values})
        self.assertEqual(Log.sudo().search_count([]), count)

    def test_correction_points_into_its_own_chronology(self):
        employee = self.env["hr.employee"].create({"name": "Adult Concerned"})
        allegation = self.env["safeguarding.allegation"].create(
            {
                "subject_employee_id": employee.id,
                "description": "Shouted at a pupil",
                "user_id": self.lead.id,
            }
        )
        allegation_entry = self.env["safeguarding.case.log"].create(
            {"allegation_id": allegation.id, "summary": "Received."}
        )
        other_case = self.env["safeguarding.case"].create(
            {"pupil_id": self.foreign_pupil.id}
        )
        other_entry = self.env["safeguarding.case.log"].create(
            {"case_id": other_case.id, "summary": "Phoned the aunt."}
        )
        Log = self.env["safeguarding.case.log"].with_user(self.team)
        count = Log.sudo().search_count([])

        def correct(entry, user):
            return Log.with_user(user).create(
                {
                    "case_id": self.case.id,
                    "kind": "correction",
                    "corrects_id": entry.id,
                    "summary": "The earlier entry was wrong.",
                }
            )

        # An entry the deputy may not read: refused without its reference.
        with self.assertRaises(AccessError) as catcher:
            correct(allegation_entry, self.team)
        self.assertNotIn(allegation.name, str(catcher.exception))
        # An entry of another chronology, even one the user reads: refused.
        for entry, user in (
            (other_entry, self.team),
            (allegation_entry, self.lead),
            (self.case.log_ids[:1], None),
        ):
            with self.assertRaisesMessage(ValidationError, "same chronology"):
                if user:
                    correct(entry, user)
                else:
                    Log.create(
                        {
                            "case_id": other_case.id,
                            "kind": "correction",
                            "corrects_id": entry.id,
                            "summary": "Wrong place.",
                        }
                    )
        self.assertEqual(Log.sudo().search_count([]), count)
        # A correction of the case's own entry, as the button's form makes it.
        entry = self.case.log_ids.filtered("concern_id")[:1]
        Form = Log.with_context(
            **entry.with_user(self.team).action_correct()["context"]
        )
        values = Form.default_get(["case_id", "concern_id", "kind", "corrects_id"])
        correction = Form.create({**values, "summary": "Corrected."})
        self.assertEqual(correction.corrects_id, entry)

    def test_concern_stays_in_the_reporters_schools(self):
        Concern = self.env["safeguarding.concern"].with_user(self.staff)
        draft = Concern.create(self._concern_values())
        foreign = [("company_id", "=", self.other_school.id)]
        count = Concern.sudo().search_count(foreign)
        with self.assertRaisesMessage(AccessError, "your schools"):
            draft.write({"company_id": self.other_school.id})
        self.assertEqual(draft.company_id, self.company)
        with self.assertRaisesMessage(AccessError, "your schools"):
            Concern.create(self._concern_values(company_id=self.other_school.id))
        self.assertEqual(Concern.sudo().search_count(foreign), count)
        # A school the reporter works in (and has selected) is theirs.
        self.staff.company_ids |= self.other_school
        both = (self.company | self.other_school).ids
        draft.with_context(allowed_company_ids=both).write(
            {"company_id": self.other_school.id}
        )
        self.assertEqual(draft.company_id, self.other_school)

    # ------------------------------------------------------------------
    # Item 16: malformed input over RPC
    # ------------------------------------------------------------------

    def _try(self, failures, label, function, *args, **kwargs):
        """Call ``function`` (undone); note it unless an Odoo error answers."""
        outcome = f"{label}: accepted"
        try:
            with self.env.cr.savepoint():
                function(*args, **kwargs)
        except ODOO_ERRORS:
            outcome = None
        except Exception as error:  # pylint: disable=broad-except
            outcome = f"{label}: {type(error).__name__}: {error}"[:300]
        if outcome:
            failures.append(outcome)
        self.env.invalidate_all()

    def _safeguarding_models(self):
        return sorted(
            name
            for name in self.env.registry
            if name.startswith("safeguarding.") and not self.env[name]._abstract
        )

    def _snapshot(self):
        """Record counts and the last change of one record per model."""
        snapshot = {}
        for name in self._safeguarding_models():
            Model = self.env[name].sudo().with_context(active_test=False)
            record = Model.search([], limit=1, order="id")
            snapshot[name] = (Model.search_count([]), record, record.write_date)
        return snapshot

    def test_malformed_values_are_refused_with_a_message(self):
        before = self._snapshot()
        failures = []
        for name, (_count, record, _date) in before.items():
            Model = self.env[name].with_user(self.power)
            mine = record.with_user(self.power)
            fields_by_type = {}
            for field in Model._fields.values():
                if field.type in BAD_VALUES and not field.automatic:
                    fields_by_type.setdefault(field.type, field.name)
            values_list = [
                {fname: value}
                for kind, fname in fields_by_type.items()
                for value in BAD_VALUES[kind]
            ]
            values_list += [123, "abc", None, [1], [["x"]], {"no_such_field": 1}]
            for values in values_list:
                self._try(failures, f"create {name} {values!r}", Model.create, values)
                if mine:
                    self._try(failures, f"write {name} {values!r}", mine.write, values)
        if failures:
            self.fail("\n".join(failures))
        # The examples of the report, with the field named in the message.
        Concern = self.env["safeguarding.concern"].with_user(self.staff)
        for values, message in (
            ({"category_ids": [[6]]}, "Categories: not a valid list of records."),
            ({"location_type": ["on_site"]}, "Where: '['on_site']' is not a valid"),
            ({"source": {"a": 1}}, "Source: '{'a': 1}' is not a valid choice."),
        ):
            with self.assertRaisesMessage(ValidationError, message):
                Concern.create(self._concern_values(**values))
        self.assertEqual(self._snapshot(), before, "nothing is written")

    def test_malformed_searches_are_refused_with_a_message(self):
        failures = []
        for name in self._safeguarding_models():
            Model = self.env[name].with_user(self.power)
            domains = [[("id", "=", "abc")], [("id", "in", [[1]])], *BAD_DOMAINS]
            seen = set()
            for field in Model._fields.values():
                key = (field.type, bool(field.store))
                if field.type in BAD_SEARCHES and key not in seen:
                    seen.add(key)
                    domains += [
                        [(field.name, operator, value)]
                        for operator, value in BAD_SEARCHES[field.type]
                    ]
            for domain in domains:
                self._try(failures, f"search {name} {domain!r}", Model.search, domain)
                self._try(
                    failures,
                    f"read_group {name} {domain!r}",
                    Model.read_group,
                    domain,
                    ["__count"],
                    [],
                )
            for arguments in (
                {"order": "no_such_field desc"},
                {"order": "id; select 1"},
                {"order": ["id"]},
                {"limit": "abc"},
                {"offset": -1},
            ):
                label = f"search {name} {arguments!r}"
                self._try(failures, label, Model.search, [], **arguments)
            for fields_spec, groupby in (
                (["__count"], ["no_such_field"]),
                (["__count"], ["id:day"]),
                (["id:no_such_function"], []),
                (["__count"], [["id"]]),
                (["__count"], None),
            ):
                label = f"read_group {name} {fields_spec!r} {groupby!r}"
                self._try(failures, label, Model.read_group, [], fields_spec, groupby)
            self._try(failures, f"read {name}", Model.read, ["no_such_field"])
            self._try(failures, f"name_search {name}", Model.name_search, "x", "abc")
        if failures:
            self.fail("\n".join(failures))

    def test_actions_refuse_stray_or_malformed_arguments(self):
        episode = self.env["safeguarding.missing.episode"].create(
            {"pupil_id": self.pupil.id, "last_seen_place": "Gate"}
        )
        policy = self.env["safeguarding.policy"].create(
            {"name": "Policy", "kind": "other", "version": "1", "document": b"UERG"}
        )
        before = self._snapshot()
        failures = []
        for name in self._safeguarding_models():
            Model = self.env[name].with_user(self.power)
            for method_name in dir(type(Model)):
                method = getattr(type(Model), method_name)
                if not method_name.startswith("action_") or not callable(method):
                    continue
                parameters = inspect.signature(method).parameters.values()
                if any(p.kind == p.VAR_POSITIONAL for p in parameters):
                    continue
                # One more positional argument than the method takes.
                self._try(
                    failures,
                    f"{name}.{method_name} with a stray argument",
                    getattr(Model, method_name),
                    *[123] * len(parameters),
                )
        concern = self.concern.with_user(self.power)
        episode_power = episode.with_user(self.power)
        policy_power = policy.with_user(self.power)
        for function, args, kwargs in (
            (concern.action_close_no_action, (123,), {}),
            (concern.action_close_no_action, (["x"],), {}),
            (concern.action_add_to_case, ("abc",), {}),
            (concern.action_add_to_case, ([1, 2],), {}),
            (episode_power.action_found, (123,), {}),
            (episode.action_found, (), {"place": ["x"]}),
            (policy_power.action_approve, ("x",), {}),
            (policy.action_approve, (), {"approval_date": 1}),
        ):
            label = f"{function.__name__}{args!r}{kwargs!r}"
            self._try(failures, label, function, *args, **kwargs)
        if failures:
            self.fail("\n".join(failures))
        self.assertEqual(self.concern.state, "in_case")
        self.assertEqual(episode.state, "missing")
        self.assertEqual(policy.state, "draft")
        self.assertEqual(self._snapshot(), before, "nothing is written")
