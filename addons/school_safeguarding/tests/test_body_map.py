"""The body map: where injuries were seen, on a concern and in the chronology."""

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase

CHRONOLOGY = "school_safeguarding.report_safeguarding_case_chronology"
ARM = {"side": "front", "x": 27.5, "y": 26, "note": "Bruise about 3 cm, blue"}
BACK = {"side": "back", "x": 50, "y": 40.2, "note": "Red mark, lower back"}


@tagged("post_install", "-at_install")
class TestBodyMap(SafeguardingCase):
    def _draft(self, user=None, **values):
        return (
            self.env["safeguarding.concern"]
            .with_user(user or self.staff)
            .create(self._concern_values(**values))
        )

    def _case_with(self, concern):
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id})
        )
        concern.with_user(self.lead).action_add_to_case(case.id)
        return case

    def _submission_entry(self, concern):
        return (
            self.env["safeguarding.case.log"]
            .sudo()
            .search([("concern_id", "=", concern.id), ("kind", "=", "submission")])
        )

    def _sql_refused(self, query, *args):
        with (
            self.assertRaises(psycopg2.Error),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(query, args)

    def test_bad_marks_are_refused_with_a_message_and_nothing_saved(self):
        Concern = self.env["safeguarding.concern"]
        before = Concern.sudo().search_count([])
        bad = {
            "not a list": "front",
            "a dict": {"side": "front", "x": 1, "y": 1},
            "not a mark": ["front"],
            "no position": [{"side": "front", "note": "x"}],
            "an unknown key": [{**ARM, "colour": "red"}],
            "wrong side": [{**ARM, "side": "top"}],
            "x too large": [{**ARM, "x": 100.1}],
            "y negative": [{**ARM, "y": -1}],
            "x as text": [{**ARM, "x": "50"}],
            "x as a boolean": [{**ARM, "x": True}],
            "x not a number": [{**ARM, "x": float("nan")}],
            "note not a text": [{**ARM, "note": ["x"]}],
            "note with a null": [{**ARM, "note": "a\x00b"}],
            "note too long": [{**ARM, "note": "x" * 501}],
            "too many marks": [ARM] * 61,
        }
        draft = self._draft(body_marks=[ARM])
        for label, marks in bad.items():
            with self.subTest(label), self.assertRaises(ValidationError) as caught:
                self._draft(body_marks=marks)
            self.assertIn("Body map", str(caught.exception))
            with self.subTest(label), self.assertRaises(ValidationError):
                draft.write({"body_marks": marks})
        self.assertEqual(Concern.sudo().search_count([]), before + 1)
        draft.invalidate_recordset()
        self.assertEqual(draft.body_marks, [ARM])
        # The model itself refuses them too, whoever writes (the constraint).
        with self.assertRaisesRegex(ValidationError, "neither the front nor"):
            draft.sudo().write({"body_marks": [{**ARM, "side": "top"}]})
        with self.assertRaisesRegex(ValidationError, "at most 60 marks"):
            draft.sudo().write({"body_marks": [ARM] * 61})

    def test_the_limits_themselves_are_accepted(self):
        marks = [
            {"side": "back", "x": 0, "y": 100, "note": "x" * 500},
            *[{"side": "front", "x": 100, "y": 0}] * 59,
        ]
        draft = self._draft(body_marks=marks)
        self.assertEqual(len(draft.body_marks), 60)
        self.assertTrue(draft.has_body_marks)
        self.assertFalse(self._draft().has_body_marks)

    def test_reporter_marks_a_draft_and_the_sent_marks_are_evidence(self):
        concern = self._draft(body_marks=[ARM])
        concern.write({"body_marks": [ARM, BACK]})
        concern.action_submit()
        self.assertEqual(concern.body_marks, [ARM, BACK])
        for user in (self.staff, self.team, self.lead):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "cannot be changed"):
                    concern.with_user(user).write({"body_marks": [BACK]})
        # Not even the superuser, through the ORM or in SQL.
        self.env.flush_all()
        with self.assertRaises(psycopg2.Error), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                concern.sudo().write({"body_marks": False})
        self.env.invalidate_all()
        self._sql_refused(
            "UPDATE safeguarding_concern SET body_marks = '[]'::jsonb WHERE id = %s",
            concern.id,
        )
        self.env.invalidate_all()
        self.assertEqual(concern.with_user(self.staff).body_marks, [ARM, BACK])

    def test_the_marks_go_into_the_chronology_and_stay_there(self):
        concern = self._draft(body_marks=[ARM, BACK])
        concern.action_submit()
        entry = self._submission_entry(concern)
        self.assertEqual(entry.body_marks, [ARM, BACK])
        case = self._case_with(concern)
        # The team sees them on the case's entry.
        for user in (self.team, self.lead):
            with self.subTest(user=user.login):
                entries = case.with_user(user).log_ids.filtered("has_body_marks")
                self.assertEqual(entries, entry)
                self.assertEqual(entries.body_marks, [ARM, BACK])
        # The reporter keeps seeing their concern's marks, not the case.
        mine = concern.with_user(self.staff)
        self.assertEqual(mine.body_marks, [ARM, BACK])
        with self.assertRaises(AccessError):
            entry.with_user(self.staff).read(["body_marks"])
        with self.assertRaises(AccessError):
            concern.with_user(self.other_staff).read(["body_marks"])
        # A chronology entry is never changed, its body map included.
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            entry.with_user(self.lead).write({"body_marks": [BACK]})
        self.env.flush_all()
        self._sql_refused(
            "UPDATE safeguarding_case_log SET body_marks = NULL WHERE id = %s",
            entry.id,
        )
        self.env.invalidate_all()
        self.assertEqual(entry.body_marks, [ARM, BACK])

    def test_a_concern_without_marks_gives_an_entry_without(self):
        concern = self._draft()
        concern.action_submit()
        entry = self._submission_entry(concern)
        self.assertTrue(entry)
        self.assertFalse(entry.body_marks)
        self.assertFalse(entry.has_body_marks)

    def test_a_manual_entry_carries_a_body_map(self):
        concern = self._draft()
        concern.action_submit()
        case = self._case_with(concern)
        Log = self.env["safeguarding.case.log"].with_user(self.team)
        with self.assertRaisesRegex(ValidationError, "outside the outline"):
            Log.create(
                {
                    "case_id": case.id,
                    "manual_kind": "note",
                    "summary": "Seen by the school nurse.",
                    "body_marks": [{**BACK, "y": 120}],
                }
            )
        entry = Log.create(
            {
                "case_id": case.id,
                "manual_kind": "note",
                "summary": "Seen by the school nurse.",
                "body_marks": [BACK],
            }
        )
        self.assertEqual(entry.body_marks, [BACK])
        self.assertIn(entry, case.with_user(self.lead).log_ids)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            entry.write({"body_marks": [ARM]})

    def test_the_chronology_pdf_prints_the_marks(self):
        concern = self._draft(body_marks=[ARM, BACK])
        concern.action_submit()
        case = self._case_with(concern)
        # As the shared chronology prints it (the disclosure is recorded first,
        # see test_chronology_entries).
        html, _type = (
            self.env["ir.actions.report"]
            .with_context(tz="UTC", lang="en_US")
            ._render_qweb_html(CHRONOLOGY, case.ids)
        )
        html = html.decode()
        self.assertIn("Injuries seen (body map)", html)
        self.assertIn(ARM["note"], html)
        self.assertIn(BACK["note"], html)
        # One outline of each side, with its numbered mark where it was put.
        self.assertEqual(html.count('class="o_sg_report_body_map_outline"'), 2)
        self.assertEqual(html.count('class="o_sg_report_body_map_mark"'), 2)
        self.assertRegex(html, r'<circle [^>]*cx="27.5" cy="52(\.0)?"')
        self.assertRegex(html, r'<circle [^>]*cx="50" cy="80.4"')
        # An entry without marks prints no outline.
        other = self._draft()
        other.action_submit()
        plain = self._case_with(other)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            CHRONOLOGY, plain.ids
        )
        self.assertNotIn("o_sg_report_body_map_outline", html.decode())


@tagged("post_install", "-at_install")
class TestBodyMapUi(HttpCase):
    """The body map in a browser, as the demo teacher (needs Chromium)."""

    def _run_tour(self):
        Concern = self.env["safeguarding.concern"]
        before = Concern.search([])
        self.start_tour("/odoo", "school_safeguarding_body_map", login="sg_teacher")
        concern = Concern.search([]) - before
        self.assertEqual(concern.state, "submitted")
        self.assertEqual(len(concern.body_marks), 1)
        mark = concern.body_marks[0]
        self.assertEqual(mark["side"], "front")
        self.assertEqual(mark["note"], "Bruise about 3 cm, yellow-green")
        # The tour taps the middle of the outline.
        self.assertAlmostEqual(mark["x"], 50, delta=5)
        self.assertAlmostEqual(mark["y"], 50, delta=5)
        entry = self.env["safeguarding.case.log"].search(
            [("concern_id", "=", concern.id), ("kind", "=", "submission")]
        )
        self.assertEqual(entry.body_marks, concern.body_marks)

    def test_teacher_marks_an_injury_and_sends_it(self):
        self._run_tour()

    def test_teacher_marks_an_injury_on_a_phone(self):
        self.browser_size = "390x844"
        self.touch_enabled = True
        self._run_tour()
