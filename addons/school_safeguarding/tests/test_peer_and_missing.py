from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase, utc


@tagged("post_install", "-at_install")
class TestPeerOnPeer(SafeguardingCase):
    """Allegations against pupils: safety plans, exclusion, police interview."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accused = cls.env["res.partner"].create(
            {"name": "Arman Accused-Pupil", "is_pupil": True}
        )
        cls.case = (
            cls.env["safeguarding.case"]
            .with_user(cls.lead)
            .create(
                {
                    "pupil_id": cls.pupil.id,
                    "case_type": "peer_on_peer",
                    "victim_ids": [(6, 0, cls.pupil.ids)],
                    "accused_ids": [(6, 0, cls.accused.ids)],
                    "decision_nature": "Sexual harassment in the changing room.",
                    "severity": "serious",
                    "child_wishes": "Does not want to be in the same class.",
                    "confidentiality_note": "Team only.",
                    "agency_advice": "Keep the pupils apart; exclude while we assess.",
                }
            )
        )

    def _plan(self, pupil, role):
        return (
            self.env["safeguarding.safety.plan"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": self.case.id,
                    "pupil_id": pupil.id,
                    "role": role,
                    "measures": "Separate classes and breaks; a trusted adult.",
                }
            )
        )

    def test_both_pupils_need_a_safety_plan(self):
        self.case.action_record_decision()
        advice = self.case.log_ids.filtered(
            lambda log: "Keep the pupils apart" in log.summary
        )
        self.assertTrue(advice, "the agency's advice is linked to the decision")
        self._plan(self.pupil, "victim")
        with self.assertRaisesMessage(UserError, self.accused.name):
            self.case.action_start()
        with self.assertRaisesMessage(ValidationError, "not recorded as victim"):
            self._plan(self.accused, "victim")
        self._plan(self.accused, "accused")
        self.case.action_start()
        self.assertEqual(self.case.state, "in_progress")

    def test_exclusion_shows_the_pupil_out_of_school(self):
        Exclusion = self.env["safeguarding.exclusion"].with_user(self.lead)
        values = {
            "case_id": self.case.id,
            "pupil_id": self.accused.id,
            "date_from": "2026-11-23",
            "date_to": "2026-11-27",
            "policy_reference": "Discipline policy 4.2",
            "reason": "Investigation of the changing-room incident.",
        }
        with self.assertRaisesMessage(ValidationError, "accused"):
            Exclusion.create({**values, "pupil_id": self.pupil.id})
        with self.assertRaisesMessage(ValidationError, "end before"):
            Exclusion.create({**values, "date_to": "2026-11-20"})
        exclusion = Exclusion.create(values)
        self.assertEqual(exclusion.decided_by_id, self.lead)
        with freeze_time("2026-11-25 06:00"):
            # Every member of staff sees the fact, not the reason.
            accused = self.accused.with_user(self.staff)
            self.assertTrue(accused.pupil_out_of_school)
            self.assertFalse(self.pupil.with_user(self.staff).pupil_out_of_school)
            self.assertIn(
                self.accused,
                self.env["res.partner"]
                .with_user(self.staff)
                .search([("pupil_out_of_school", "=", True)]),
            )
            with self.assertRaises(AccessError):
                exclusion.with_user(self.staff).read(["reason"])
        with freeze_time("2026-11-30 06:00"):
            self.assertFalse(self.accused.with_user(self.staff).pupil_out_of_school)
        # Only its end date can change; it is never deleted.
        exclusion.write({"date_to": "2026-12-04"})
        with self.assertRaises(UserError):
            exclusion.write({"reason": "Another reason"})
        with self.assertRaises(UserError):
            exclusion.unlink()

    def test_police_interview_parents_told_first(self):
        Interview = self.env["safeguarding.police.interview"].with_user(self.lead)
        values = {
            "case_id": self.case.id,
            "pupil_id": self.accused.id,
            "date": "2026-11-24 09:00:00",
            "place": "School office",
            "officer": "Inspector Omarov",
            "parents_told_date": "2026-11-24 08:00:00",
            "supporter_id": self.team.id,
        }
        with self.assertRaisesMessage(ValidationError, "before the police interview"):
            Interview.create({**values, "parents_told_date": "2026-11-24 09:30:00"})
        with self.assertRaisesMessage(ValidationError, "supported"):
            Interview.create({**values, "supporter_id": False})
        interview = Interview.create(values)
        self.assertFalse(interview.parents_abroad)
        self.assertTrue(
            self.case.log_ids.filtered(lambda log: "Inspector Omarov" in log.summary)
        )

    def test_parents_abroad_needs_a_guardian_offered(self):
        father = self.env["res.partner"].create({"name": "Father abroad"})
        uncle = self.env["res.partner"].create({"name": "Uncle in Almaty"})
        self.env["safeguarding.pupil.guardian"].create(
            {
                "pupil_id": self.accused.id,
                "partner_id": father.id,
                "relation": "father",
                "lives_abroad": True,
            }
        )
        Interview = self.env["safeguarding.police.interview"].with_user(self.lead)
        values = {
            "case_id": self.case.id,
            "pupil_id": self.accused.id,
            "date": "2026-11-24 09:00:00",
            "place": "Police station",
            "officer": "Inspector Omarov",
            "parents_told_date": "2026-11-24 07:00:00",
            "supporter_name": "School psychologist",
        }
        with self.assertRaisesMessage(ValidationError, "guardian must be offered"):
            Interview.create(values)
        with self.assertRaisesMessage(ValidationError, "Name the guardian"):
            Interview.create(
                {**values, "guardian_offered": True, "guardian_accompanied": True}
            )
        interview = Interview.create(
            {
                **values,
                "guardian_offered": True,
                "guardian_accompanied": True,
                "guardian_partner_id": uncle.id,
            }
        )
        self.assertTrue(interview.parents_abroad)


@tagged("post_install", "-at_install")
class TestMissingPupil(SafeguardingCase):
    def _alarm(self, **values):
        return (
            self.env["safeguarding.missing.episode"]
            .with_user(self.staff)
            .create(
                {
                    "pupil_id": self.pupil.id,
                    "last_seen_place": "Playground after the second lesson",
                    **values,
                }
            )
        )

    def test_any_staff_member_raises_the_alarm_and_the_team_is_told(self):
        with freeze_time("2026-11-24 05:00"):
            episode = self._alarm()
            self.assertRegex(episode.name, r"^SG-M-\d{4}-\d{4}$")
            self.assertEqual(episode.state, "missing")
            self.assertEqual(episode.reporter_id, self.staff)
            activities = episode.sudo().activity_ids
            self.assertEqual(activities.user_id, self.lead | self.team)
            # Each of them is told once (the activity's notification), with
            # the child's name.
            for user in self.lead | self.team:
                messages = self.env["mail.message"].search(
                    [
                        ("model", "=", "safeguarding.missing.episode"),
                        ("res_id", "=", episode.id),
                        ("partner_ids", "in", user.partner_id.ids),
                    ]
                )
                self.assertEqual(len(messages), 1, user.login)
                self.assertIn(self.pupil.name, messages.body)
            self.assertIn(self.pupil.name, activities[:1].summary)
            self.assertIn("last seen Playground", activities[:1].note)
            alarm = episode.sudo().event_ids
            self.assertEqual(alarm.kind, "alarm")
            # The reporter follows their alarm but not the team's work on it.
            self.assertEqual(episode.state, "missing")
            with self.assertRaises(AccessError):
                episode.read(["event_ids"])
            with self.assertRaises(AccessError):
                episode.read(["possible_reasons"])
            other_pupil = self.env["res.partner"].create(
                {"name": "Another Pupil", "is_pupil": True}
            )
            with self.assertRaises(AccessError):
                self._alarm(pupil_id=other_pupil.id).with_user(self.other_staff).read(
                    ["name"]
                )

    def test_timeline_found_elapsed_and_close(self):
        with freeze_time("2026-11-24 05:00"):
            episode = self._alarm(last_seen_date="2026-11-24 04:30:00")
        team_episode = episode.with_user(self.team)
        Event = self.env["safeguarding.missing.event"].with_user(self.team)
        with freeze_time("2026-11-24 05:30"):
            self.assertAlmostEqual(team_episode.elapsed_hours, 1.0, places=2)
            Event.create(
                {
                    "episode_id": episode.id,
                    "kind": "parents_told",
                    "summary": "Mother phoned; not at home.",
                }
            )
            Event.create(
                {
                    "episode_id": episode.id,
                    "kind": "police_told",
                    "summary": "Called 102.",
                }
            )
            with self.assertRaisesMessage(UserError, "buttons"):
                Event.create(
                    {"episode_id": episode.id, "kind": "found", "summary": "x"}
                )
            with self.assertRaisesMessage(ValidationError, "last seen"):
                Event.create(
                    {
                        "episode_id": episode.id,
                        "kind": "call",
                        "summary": "Too early",
                        "date": "2026-11-24 04:00:00",
                    }
                )
            team_episode.possible_reasons = "Argument with classmates."
        with freeze_time("2026-11-24 07:00"):
            with self.assertRaisesMessage(
                ValidationError, "before they were last seen"
            ):
                team_episode.action_found("2026-11-24 04:00:00", "Park")
            wizard = (
                self.env["safeguarding.missing.found.wizard"]
                .with_user(self.team)
                .create({"episode_id": episode.id, "found_place": "Grandmother's flat"})
            )
            wizard.action_confirm()
            self.assertEqual(team_episode.state, "found")
            self.assertEqual(team_episode.found_date, utc("2026-11-24 07:00"))
            self.assertAlmostEqual(team_episode.elapsed_hours, 2.5, places=2)
            self.assertFalse(episode.sudo().activity_ids)
        with freeze_time("2026-11-25 07:00"):
            self.assertAlmostEqual(team_episode.elapsed_hours, 2.5, places=2)
            with self.assertRaisesMessage(ValidationError, "return conversation"):
                team_episode.action_close()
            team_episode.write(
                {
                    "return_conversation": "Felt picked on; agreed a trusted adult.",
                    "return_conversation_date": fields.Datetime.now(),
                }
            )
            team_episode.action_close()
        self.assertEqual(team_episode.state, "closed")
        kinds = team_episode.event_ids.mapped("kind")
        for kind in ("alarm", "parents_told", "police_told", "found"):
            self.assertIn(kind, kinds)
        with self.assertRaises(UserError):
            team_episode.event_ids[:1].write({"summary": "Changed"})
        with self.assertRaises(UserError):
            team_episode.unlink()

    def test_bad_alarm_refused(self):
        Episode = self.env["safeguarding.missing.episode"].sudo()
        before = Episode.search_count([])
        with self.assertRaisesMessage(ValidationError, "future"):
            self._alarm(
                last_seen_date=fields.Datetime.now() + timedelta(hours=2),
            )
        not_a_pupil = self.env["res.partner"].create({"name": "A parent"})
        with self.assertRaisesMessage(ValidationError, "pupil"):
            self._alarm(pupil_id=not_a_pupil.id)
        self.assertEqual(Episode.search_count([]), before)
