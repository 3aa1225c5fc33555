from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SafeguardingCase, utc

REFERRAL_LOGGER = "odoo.addons.school_safeguarding.models.safeguarding_referral"


@tagged("post_install", "-at_install")
class TestReferral(SafeguardingCase):
    """Referrals, their 24-hour and 3-working-day clocks and the follow-up cron.

    The school works Monday to Friday in Asia/Almaty (UTC+5). 16 November
    2026 is a Monday; times are UTC.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Almaty"
        cls.company.safeguarding_holiday_country_id = cls.env.ref("base.kz")
        cls.company.safeguarding_recontact_limit = 2
        cls.cps = cls.env["res.partner"].create(
            {"name": "Child protection", "safeguarding_agency_type": "child_protection"}
        )
        cls.police = cls.env["res.partner"].create(
            {"name": "Police", "safeguarding_agency_type": "police"}
        )
        cls.cron = cls.env.ref("school_safeguarding.ir_cron_referral_followups")

    def _case(self, **values):
        return (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id, **values})
        )

    def _referral(self, case=None, agency=None):
        return (
            self.env["safeguarding.referral"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": (case or self._case()).id,
                    "agency_id": (agency or self.cps).id,
                    "reason": "Bruising and a disclosure about the stepfather.",
                }
            )
        )

    def _contact(self, referral, **values):
        return (
            self.env["safeguarding.referral.contact"]
            .with_user(self.lead)
            .create(
                {
                    "referral_id": referral.id,
                    "channel": "phone",
                    "summary": "Spoke to the duty officer.",
                    **values,
                }
            )
        )

    def _send_written(self, referral, **values):
        wizard = (
            self.env["safeguarding.referral.written.wizard"]
            .with_user(self.lead)
            .create({"referral_id": referral.id, "channel": "email", **values})
        )
        wizard.action_confirm()

    def _answer(self, referral, **values):
        action = referral.with_user(self.lead).action_open_answer_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.lead)
            .with_context(**action["context"])
        )
        wizard.outcome = "assessment"
        wizard.agency_decision = "A social worker will visit the family."
        wizard.agency_reference = "CPS-77"
        for field, value in values.items():
            setattr(wizard, field, value)
        wizard.save().action_confirm()

    def _activities(self, referral, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "safeguarding.referral"),
                ("res_id", "=", referral.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def _logs(self, referral):
        return referral.case_id.log_ids.filtered(
            lambda log: log.kind == "referral" and referral.name in log.summary
        )

    def test_phone_call_starts_the_24_hour_clock(self):
        with freeze_time("2026-11-16 05:00"):
            referral = self._referral()
            self.assertEqual(referral.state, "draft")
            self.assertRegex(referral.name, r"^SG-F-\d{4}-\d{4}$")
            self._contact(referral)
            self.assertEqual(referral.state, "open")
            self.assertEqual(referral.written_due, utc("2026-11-17 05:00"))
            self.assertEqual(referral.deadline, referral.written_due)
            self.assertEqual(referral.deadline_kind, "written")
            self.assertFalse(referral.answer_due)
            activity = self._activities(
                referral, "school_safeguarding.mail_activity_type_written_referral"
            )
            self.assertEqual(activity.user_id, self.lead)
            self.assertEqual(str(activity.date_deadline), "2026-11-17")
            self.assertTrue(self._logs(referral))
        with freeze_time("2026-11-16 09:00"):
            self._send_written(referral, contact_name="Ms Abenova")
            self.assertEqual(referral.written_date, utc("2026-11-16 09:00"))
            # Monday 14:00 local + 3 working days = Thursday 14:00 local.
            self.assertEqual(referral.answer_due, utc("2026-11-19 09:00"))
            self.assertEqual(referral.deadline_kind, "answer")
            self.assertFalse(
                self._activities(
                    referral, "school_safeguarding.mail_activity_type_written_referral"
                )
            )
            disclosure = referral.case_id.disclosure_ids
            self.assertEqual(disclosure.referral_id, referral)
            self.assertEqual(disclosure.agency_id, self.cps)
            self.assertEqual(disclosure.user_id, self.lead)
            self.assertIn(
                "disclosure", referral.case_id.log_ids.mapped("kind"), "logged (R30)"
            )

    def test_written_first_contact_starts_the_answer_clock(self):
        with freeze_time("2026-11-20 05:00"):  # Friday
            referral = self._referral()
            self._contact(referral, channel="email", kind="written_referral")
            self.assertFalse(referral.written_due)
            self.assertEqual(referral.written_date, utc("2026-11-20 05:00"))
            self.assertEqual(referral.answer_due, utc("2026-11-25 05:00"))

    def test_each_new_contact_restarts_the_answer_clock(self):
        with freeze_time("2026-11-16 05:00"):
            referral = self._referral()
            self._contact(referral, channel="email", kind="written_referral")
        with freeze_time("2026-11-18 05:00"):  # Wednesday
            self._contact(referral, kind="recontact", summary="Asked for news.")
            self.assertEqual(referral.answer_due, utc("2026-11-23 05:00"))

    def test_follow_up_cron_chases_until_answered(self):
        with freeze_time("2026-11-16 05:00"):
            referral = self._referral()
            self._contact(referral)
        with freeze_time("2026-11-16 09:00"):
            self._send_written(referral)
        with freeze_time("2026-11-19 08:00"):
            self.cron.method_direct_trigger()
            self.assertEqual(referral.recontact_count, 0, "not due yet")
        with freeze_time("2026-11-19 10:00"):
            self.cron.method_direct_trigger()
            self.assertEqual(referral.recontact_count, 1)
            self.assertEqual(referral.answer_due, utc("2026-11-24 09:00"))
            recontact = self._activities(
                referral, "school_safeguarding.mail_activity_type_referral_recontact"
            )
            self.assertEqual(recontact.user_id, self.lead)
            self.assertNotIn(self.pupil.name, recontact.summary)
            logs = self._logs(referral)
            # Idempotent: a second run at the same time creates nothing.
            self.cron.method_direct_trigger()
            self.assertEqual(referral.recontact_count, 1)
            self.assertEqual(len(self._logs(referral)), len(logs))
            self.assertEqual(
                len(
                    self._activities(
                        referral,
                        "school_safeguarding.mail_activity_type_referral_recontact",
                    )
                ),
                1,
            )
            self.assertFalse(referral.directors_informed_date)
        with freeze_time("2026-11-24 10:00"):
            self.cron.method_direct_trigger()
            self.assertEqual(referral.recontact_count, 2)
            # The limit (2) is reached: the directors are told, once, without
            # the child's name.
            self.assertEqual(referral.directors_informed_date, utc("2026-11-24 10:00"))
            message = self.env["mail.message"].search(
                [("partner_ids", "in", self.director.partner_id.ids)],
                order="id desc",
                limit=1,
            )
            self.assertIn(referral.name, message.body)
            self.assertNotIn(self.pupil.name, message.body)
            self.assertNotIn(self.pupil.name, message.subject or "")
            self.assertFalse(message.model)
            self.cron.method_direct_trigger()
            self.assertEqual(
                self.env["mail.message"].search_count(
                    [("partner_ids", "in", self.director.partner_id.ids)]
                ),
                1,
            )
        with freeze_time("2026-11-25 06:00"):
            self._answer(referral)
            self.assertEqual(referral.state, "answered")
            self.assertEqual(referral.outcome, "assessment")
            self.assertEqual(referral.agency_reference, "CPS-77")
            self.assertFalse(referral.answer_due)
            self.assertFalse(referral.deadline)
            self.assertFalse(referral.activity_ids)
        with freeze_time("2026-12-10 06:00"):
            self.cron.method_direct_trigger()
            self.assertEqual(referral.recontact_count, 2, "the answer stops the clock")

    def test_overdue_written_referral_is_logged_once(self):
        with freeze_time("2026-11-16 05:00"):
            referral = self._referral()
            self._contact(referral)
        with freeze_time("2026-11-17 06:00"):
            self.cron.method_direct_trigger()
            self.assertTrue(referral.written_overdue_logged)
            overdue = [
                log for log in self._logs(referral) if "was due on" in log.summary
            ]
            self.assertEqual(len(overdue), 1)
            self.cron.method_direct_trigger()
            self.assertEqual(
                len(
                    [log for log in self._logs(referral) if "was due on" in log.summary]
                ),
                1,
            )

    def test_one_failing_referral_does_not_stop_the_others(self):
        with freeze_time("2026-11-16 05:00"):
            good = self._referral()
            bad = self._referral()
            for referral in good | bad:
                self._contact(referral, channel="email", kind="written_referral")
        Referral = type(self.env["safeguarding.referral"])
        original = Referral._process_followups

        def flaky(records, now):
            if bad in records:
                raise ValueError("agency address missing")
            return original(records, now)

        with freeze_time("2026-11-20 05:00"):
            with (
                patch.object(Referral, "_process_followups", flaky),
                self.assertLogs(REFERRAL_LOGGER, level="ERROR"),
            ):
                self.cron.method_direct_trigger()
            self.assertEqual(good.recontact_count, 1)
            self.assertEqual(bad.recontact_count, 0)
            self.assertIn("agency address missing", bad.followup_error)
            # Set aside: the next run does not retry it.
            self.cron.method_direct_trigger()
            self.assertEqual(bad.recontact_count, 0)
            # A new contact clears the error and restarts the clock.
            self._contact(bad, kind="recontact", summary="Phoned again.")
            self.assertFalse(bad.followup_error)

    def test_a_race_defers_a_referral_and_a_set_aside_one_is_retried(self):
        with freeze_time("2026-11-16 05:00"):
            raced = self._referral()
            broken = self._referral()
            for referral in raced | broken:
                self._contact(referral, channel="email", kind="written_referral")
        Referral = type(self.env["safeguarding.referral"])
        original = Referral._process_followups

        def clashing(records, now):
            if raced in records:
                # A DSL's to-do written at the same moment by another transaction.
                raise psycopg2.errors.UniqueViolation("duplicate key value")
            if broken in records:
                raise ValueError("agency address missing")
            return original(records, now)

        with freeze_time("2026-11-20 05:00"):
            with (
                patch.object(Referral, "_process_followups", clashing),
                self.assertLogs(REFERRAL_LOGGER, level="ERROR"),
            ):
                self.cron.method_direct_trigger()
            self.assertFalse(raced.followup_error, "a race is not the referral's fault")
            self.assertIn("agency address missing", broken.followup_error)
            self.assertEqual((raced | broken).mapped("recontact_count"), [0, 0])
        # The next hourly run handles both: the raced one, and the one set
        # aside, which no longer fails.
        with freeze_time("2026-11-20 06:00"):
            self.cron.method_direct_trigger()
            self.assertEqual((raced | broken).mapped("recontact_count"), [1, 1])
            self.assertFalse(broken.followup_error)

    def test_overdue_and_due_today_filters(self):
        with freeze_time("2026-11-16 05:00"):
            overdue = self._referral()
            self._contact(overdue)
        with freeze_time("2026-11-17 03:00"):
            today = self._referral()
            self._contact(today, channel="email", kind="written_referral")
            answered = self._referral()
            self._contact(answered, channel="email", kind="written_referral")
            self._answer(answered)
        with freeze_time("2026-11-17 06:00"):
            Referral = self.env["safeguarding.referral"].with_user(self.lead)
            self.assertEqual(
                Referral.search([("is_overdue", "=", True)]),
                overdue.with_user(self.lead),
            )
            self.assertFalse(Referral.search([("is_due_today", "=", True)]))
            self.assertIn(today, Referral.search([("is_overdue", "=", False)]))
        with freeze_time("2026-11-20 01:00"):  # Friday 06:00 local
            Referral = self.env["safeguarding.referral"].with_user(self.lead)
            self.assertIn(today, Referral.search([("is_due_today", "=", True)]))
            self.assertTrue(today.with_user(self.lead).is_due_today)

    def test_impossible_dates_refused(self):
        with freeze_time("2026-11-16 05:00"):
            referral = self._referral()
            self._contact(referral)
            with self.assertRaisesMessage(ValidationError, "before the phone call"):
                self._contact(
                    referral,
                    channel="email",
                    kind="written_referral",
                    date="2026-11-16 04:00:00",
                )
            with self.assertRaisesMessage(ValidationError, "before the referral"):
                self._contact(referral, direction="in", date="2026-11-15 10:00:00")
            with self.assertRaisesMessage(ValidationError, "future"):
                self._contact(referral, date="2026-11-17 10:00:00")
            with self.assertRaisesMessage(ValidationError, "before the referral"):
                self._answer(referral, date=utc("2026-11-15 10:00"))
            self.assertEqual(len(referral.contact_ids), 1)
            self.assertEqual(referral.state, "open")

    def test_contacts_and_referrals_are_kept(self):
        with freeze_time("2026-11-16 05:00"):
            referral = self._referral()
            contact = self._contact(referral)
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            contact.with_user(self.lead).write({"summary": "Rewritten"})
        with self.assertRaises(UserError):
            contact.with_user(self.lead).unlink()
        with self.assertRaises(UserError):
            referral.with_user(self.lead).unlink()
        with self.assertRaisesMessage(UserError, "has been made"):
            referral.with_user(self.lead).write({"agency_id": self.police.id})
        with self.assertRaisesMessage(UserError, "buttons"):
            referral.with_user(self.lead).write({"state": "answered"})
        with self.assertRaisesMessage(UserError, "Record answer"):
            self._contact(referral, kind="answer", direction="in")
        self.assertEqual(contact.summary, "Spoke to the duty officer.")

    def test_referral_needs_an_agency(self):
        parent = self.env["res.partner"].create({"name": "A parent"})
        with self.assertRaisesMessage(ValidationError, "not an agency"):
            self._referral(agency=parent)

    def test_harm_possible_needs_a_referral_before_work_starts(self):
        concern = self._submitted_concern(
            immediate_danger=True, direct_contact_with="Police, 102"
        )
        case = self._case()
        concern._link_to_case(case)
        case = case.with_user(self.lead)
        self.assertTrue(case.harm_possible)
        case.write(
            {
                "decision_nature": "Threats at home.",
                "severity": "serious",
                "child_wishes": "Wants to stay with her aunt.",
                "confidentiality_note": "Team only.",
            }
        )
        case.action_record_decision()
        with self.assertRaisesMessage(UserError, "refer"):
            case.action_start()
        self.assertEqual(case.state, "assessed")
        action = case.action_refer()
        self.assertEqual(action["res_model"], "safeguarding.referral")
        self.assertEqual(action["context"]["default_case_id"], case.id)
        self.assertEqual(action["context"]["default_agency_id"], self.cps.id)
        with freeze_time("2026-11-16 05:00"):
            self._contact(self._referral(case=case))
        case.action_start()
        self.assertEqual(case.state, "in_progress")

    def test_serious_criminal_matter_needs_a_child_protection_referral(self):
        case = self._case(severity="criminal")
        with self.assertRaisesMessage(UserError, "serious criminal matter"):
            case._close("resolved", "")
        with freeze_time("2026-11-16 05:00"):
            self._contact(self._referral(case=case, agency=self.police))
        with self.assertRaisesMessage(UserError, "serious criminal matter"):
            case._close("resolved", "")
        with freeze_time("2026-11-16 06:00"):
            self._contact(self._referral(case=case))
        case._close("referred", "Handed to child protection and the police.")
        self.assertEqual(case.state, "closed")

    def test_early_help_without_risk_needs_the_parents_agreement(self):
        parent = self.env["res.partner"].create({"name": "Parent of Zarina"})
        case = self._case(case_type="early_help", risk_level="none")
        case.write(
            {
                "decision_nature": "Needs support with reading and attendance.",
                "severity": "low",
                "child_wishes": "Happy to see the psychologist.",
                "confidentiality_note": "Class teacher and psychologist.",
                "early_help_agency_ids": [(6, 0, self.cps.ids)],
                "team_user_ids": [(6, 0, self.staff.ids)],
            }
        )
        case.action_record_decision()
        with self.assertRaisesMessage(UserError, "parents' agreement"):
            case.action_start()
        with self.assertRaisesMessage(ValidationError, "future"):
            case.write({"parent_agreement_date": "2999-01-01"})
        case.write(
            {
                "parent_agreement_partner_id": parent.id,
                "parent_agreement_date": "2026-01-10",
                "parent_agreement_method": "signed",
            }
        )
        case.action_start()
        self.assertEqual(case.state, "in_progress")
        # Being in the team around the child gives no access to the case.
        with self.assertRaises(AccessError):
            case.with_user(self.staff).read(["name"])

    def test_anonymous_consultation_names_nobody(self):
        guardian = self.env["res.partner"].create({"name": "Saule Kairatova"})
        self.env["safeguarding.pupil.guardian"].create(
            {"pupil_id": self.pupil.id, "partner_id": guardian.id, "relation": "mother"}
        )
        case = self._case()
        Consultation = self.env["safeguarding.consultation"].with_user(self.lead)
        for text in (
            "Zarina came in hungry again.",
            "Her mother Saule works nights.",
            f"About {case.name}: should we refer?",
        ):
            with self.assertRaisesMessage(ValidationError, "anonymous consultation"):
                Consultation.create(
                    {"agency_id": self.cps.id, "case_id": case.id, "question": text}
                )
        consultation = Consultation.create(
            {
                "agency_id": self.cps.id,
                "case_id": case.id,
                "question": "A girl of nine often comes to school hungry; "
                "her mother works nights. Should we refer?",
            }
        )
        self.assertRegex(consultation.name, r"^SG-A-\d{4}-\d{4}$")
        consultation.advice = "Offer early help with the mother's agreement first."
        shareable = consultation.shareable_text
        for identity in (
            self.pupil.name,
            "Zarina",
            "Saule",
            guardian.name,
            case.name,
            consultation.name,
        ):
            self.assertNotIn(identity, shareable)
        self.assertIn("early help", shareable)
        # Its advice feeds the decision.
        case.write(
            {
                "decision_nature": "Hunger at home.",
                "severity": "moderate",
                "child_wishes": "Wants lunch at school.",
                "confidentiality_note": "Team only.",
            }
        )
        case.action_record_decision()
        decision_logs = case.log_ids.filtered(lambda log: log.kind == "decision")
        self.assertTrue(
            any(consultation.advice in log.summary for log in decision_logs)
        )

    def test_share_chronology_records_the_disclosure_then_prints(self):
        case = self._case()
        action = case.action_open_share_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.lead)
            .with_context(**action["context"])
        )
        wizard.agency_id = self.police
        wizard.recipient_name = "Inspector Omarov"
        wizard.legal_basis = "agency_request"
        report_action = wizard.save().action_confirm()
        self.assertEqual(
            report_action["report_name"],
            "school_safeguarding.report_safeguarding_case_chronology",
        )
        disclosure = case.disclosure_ids
        self.assertEqual(disclosure.agency_id, self.police)
        self.assertEqual(disclosure.legal_basis, "agency_request")
        self.assertEqual(disclosure.user_id, self.lead)
        with self.assertRaises(UserError):
            disclosure.with_user(self.lead).write({"information": "Less"})
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.lead)
            ._render_qweb_html(
                "school_safeguarding.report_safeguarding_case_chronology", case.ids
            )
        )
        html = html.decode()
        self.assertIn(case.name, html)
        self.assertIn(self.pupil.name, html)
        self.assertIn(disclosure.name, html)
        audit = self.env["safeguarding.audit.log"].search(
            [("event", "=", "print"), ("user_id", "=", self.lead.id)]
        )
        self.assertIn(case.name, audit.reference)

    def test_written_referral_report(self):
        # The reporter typed the quotes: the print, which adds its own,
        # shows one pair.
        concern = self._submitted_concern(child_words='"There was no food at home."')
        case = self._case()
        concern._link_to_case(case)
        with freeze_time("2026-11-16 05:00"):
            referral = self._referral(case=case)
            self._contact(referral, contact_name="Duty officer Serikova")
        action = referral.with_user(self.lead).action_print_written_referral()
        self.assertEqual(
            action["report_name"], "school_safeguarding.report_safeguarding_referral"
        )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.lead)
            ._render_qweb_html(
                "school_safeguarding.report_safeguarding_referral", referral.ids
            )
        )
        html = html.decode()
        for expected in (
            referral.name,
            self.pupil.name,
            "Came to school hungry",
            "Duty officer Serikova",
            self.cps.name,
            "“<span>There was no food at home.</span>”",
        ):
            self.assertIn(expected, html)
        self.assertNotIn("“&#34;", html)
        # Staff cannot print it.
        with self.assertRaises(UserError):
            referral.with_user(self.staff).action_print_written_referral()

    def test_child_words_lose_only_the_quotes_round_them(self):
        concern = self._submitted_concern()
        for typed, printed in (
            ("There was no food at home.", "There was no food at home."),
            ('"There was no food at home."', "There was no food at home."),
            ("«Үйде тамақ болмады.»", "Үйде тамақ болмады."),
            ("„Дома не было еды.“", "Дома не было еды."),
            ("  “Mum was away.”  ", "Mum was away."),
            # Two quoted sentences, or a quote inside: kept as typed.
            (
                '"Mum hit me." Then: "Don\'t tell."',
                '"Mum hit me." Then: "Don\'t tell."',
            ),
            ("He said «no» twice", "He said «no» twice"),
            ('"', '"'),
        ):
            with self.subTest(typed=typed):
                concern.sudo().child_words = typed
                self.assertEqual(concern._child_words_unquoted(), printed)

    def test_views_open_for_the_team(self):
        for model, view_types in (
            (
                "safeguarding.referral",
                ("list", "form", "kanban", "calendar", "pivot", "graph", "search"),
            ),
            ("safeguarding.consultation", ("list", "form", "search")),
            ("safeguarding.disclosure", ("list", "form", "search")),
            ("safeguarding.case", ("list", "form", "kanban", "search")),
        ):
            views = (
                self.env[model]
                .with_user(self.team)
                .get_views([(False, view_type) for view_type in view_types])
            )
            self.assertEqual(set(views["views"]), set(view_types), model)
        holidays = (
            self.env["safeguarding.holiday"]
            .with_user(self.manager)
            .get_views([(False, "list"), (False, "search")])
        )
        self.assertIn("action_load_public_holidays", holidays["views"]["list"]["arch"])

    def test_a_new_holiday_moves_the_answer_due(self):
        with freeze_time("2026-11-20 05:00"):  # Friday
            referral = self._referral()
            self._contact(referral, channel="email", kind="written_referral")
            self.assertEqual(referral.answer_due, utc("2026-11-25 05:00"))
            # A day off declared on Monday 23 November by resolution.
            holiday = self.env["safeguarding.holiday"].create(
                {
                    "name": "Day off by government resolution",
                    "date": "2026-11-23",
                    "country_id": self.env.ref("base.kz").id,
                }
            )
            self.assertEqual(referral.answer_due, utc("2026-11-26 05:00"))
            self.assertTrue(
                any("calendar changed" in log.summary for log in self._logs(referral))
            )
            holiday.unlink()
            self.assertEqual(referral.answer_due, utc("2026-11-25 05:00"))
