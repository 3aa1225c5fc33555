from collections import Counter, defaultdict
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

READERS = (
    "school_safeguarding.group_safeguarding_lead",
    "school_safeguarding.group_safeguarding_director",
)


def _percent(part, whole):
    return round(100.0 * part / whole) if whole else None


class ReportSafeguardingAnnual(models.AbstractModel):
    """Aggregated figures only: counts and percentages, never a name."""

    _name = "report.school_safeguarding.report_safeguarding_annual"
    _description = "Annual safeguarding report"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not any(self.env.user.has_group(group) for group in READERS):
            raise UserError(
                self.env._("The annual report is for the DSL and the directors.")
            )
        data = data or {}
        company = self.env["res.company"].browse(data.get("company_id"))
        if company not in self.env.user.company_ids:
            raise UserError(self.env._("Choose one of your schools."))
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.annual.report.wizard",
            "docs": self.env["safeguarding.annual.report.wizard"].browse(docids),
            "company": company,
            "date_from": date_from,
            "date_to": date_to,
            "figures": self._figures(company, date_from, date_to),
        }

    @api.model
    def _figures(self, company, date_from, date_to):
        # sudo: directors see aggregated figures, never the records themselves;
        # only counts and percentages leave this method.
        env = self.env(su=True)
        # Nothing about the reader: an allegation or concern about them, or
        # what hangs off one, is left out of the figures they see.
        reader = self.env.uid
        not_about_reader = ["|", ("subject_user_id", "=", False)]
        not_about_reader.append(("subject_user_id", "!=", reader))
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to, time.max)
        in_school = [("company_id", "=", company.id)]

        # Counted by the database: months of sending (UTC) and categories.
        Concern = env["safeguarding.concern"].with_context(tz="UTC")
        concern_domain = [
            *in_school,
            *not_about_reader,
            ("state", "!=", "draft"),
            ("submitted_date", ">=", start),
            ("submitted_date", "<=", end),
        ]
        month_totals = Counter(
            {
                month.strftime("%Y-%m"): count
                for month, count in Concern._read_group(
                    concern_domain, ["submitted_date:month"], ["__count"]
                )
            }
        )
        months = sorted(month_totals)
        by_category = defaultdict(Counter)
        for month, category, count in Concern._read_group(
            concern_domain, ["submitted_date:month", "category_ids"], ["__count"]
        ):
            name = category.name if category else self.env._("None")
            by_category[name][month.strftime("%Y-%m")] += count
        category_rows = sorted(
            (
                (name, [counts[month] for month in months], sum(counts.values()))
                for name, counts in by_category.items()
            ),
            key=lambda row: -row[2],
        )

        Case = env["safeguarding.case"]
        case_types = dict(Case._fields["case_type"]._description_selection(self.env))
        closures = dict(Case._fields["closure_reason"]._description_selection(self.env))
        case_rows = Counter()
        for case_type, closure_reason, count in Case._read_group(
            [*in_school, ("date_opened", ">=", start), ("date_opened", "<=", end)],
            ["case_type", "closure_reason"],
            ["__count"],
        ):
            case_rows[
                (
                    case_types[case_type],
                    closures.get(closure_reason, self.env._("Open")),
                )
            ] += count

        referrals = env["safeguarding.referral"].search(
            [
                *in_school,
                "|",
                ("allegation_id", "=", False),
                ("allegation_id.subject_user_id", "!=", reader),
                ("first_contact_date", ">=", start),
                ("first_contact_date", "<=", end),
            ]
        )
        phoned = referrals.filtered(lambda referral: referral.written_due)
        written_on_time = phoned.filtered(
            lambda referral: referral.written_date
            and referral.written_date <= referral.written_due
        )
        answered = referrals.filtered("answer_date")
        answered_without_chasing = answered.filtered(
            lambda referral: not referral.recontact_count
        )
        agency_types = dict(
            referrals._fields["agency_type"]._description_selection(self.env)
        )

        allegations = env["safeguarding.allegation"].search(
            [
                *in_school,
                *not_about_reader,
                ("received_date", ">=", start),
                ("received_date", "<=", end),
            ]
        )
        outcomes = dict(allegations._fields["outcome"]._description_selection(self.env))
        informed_on_time = allegations.filtered(
            lambda allegation: allegation.directors_informed_date
            and allegation.directors_informed_date <= allegation.directors_due
        )

        episodes = env["safeguarding.missing.episode"].search(
            [*in_school, ("last_seen_date", ">=", start), ("last_seen_date", "<=", end)]
        )
        durations = [
            episode.elapsed_hours for episode in episodes if episode.found_date
        ]

        clearance = Counter(
            dict(
                env["hr.employee"]._read_group(
                    in_school, ["safeguarding_clearance"], ["__count"]
                )
            )
        )
        people_count = clearance.total()
        annual = env["safeguarding.training"].search(
            [*in_school, ("kind", "=", "annual")]
        )
        today = fields.Date.context_today(self)
        trained = set(
            annual.filtered(
                lambda training: not training.expiry_date
                or training.expiry_date >= today
            ).employee_id.ids
        )

        visits = env["safeguarding.visit"].search(
            [*in_school, ("arrival", ">=", start), ("arrival", "<=", end)]
        )
        actions = env["safeguarding.review.action"].search(
            [
                *in_school,
                ("state", "=", "open"),
                "|",
                ("review_id.allegation_id", "=", False),
                ("review_id.allegation_id.subject_user_id", "!=", reader),
            ],
            order="deadline",
        )
        clearance_labels = dict(
            env["hr.employee"]
            ._fields["safeguarding_clearance"]
            ._description_selection(self.env)
        )
        return {
            "months": months,
            # The months as the reader's language names them ("нояб. 2026").
            "month_labels": [
                format_date(
                    self.env,
                    fields.Date.to_date(f"{month}-01"),
                    date_format="LLL y",
                )
                for month in months
            ],
            "month_totals": [month_totals[month] for month in months],
            "max_month": max(month_totals.values(), default=0),
            "concern_count": sum(month_totals.values()),
            "category_rows": category_rows,
            "case_rows": sorted(case_rows.items()),
            "case_count": sum(case_rows.values()),
            "referral_count": len(referrals),
            "referrals_by_agency": sorted(
                Counter(agency_types[r.agency_type] for r in referrals).items()
            ),
            "written_pct": _percent(len(written_on_time), len(phoned)),
            "phoned_count": len(phoned),
            "answered_count": len(answered),
            "answered_pct": _percent(len(answered_without_chasing), len(answered)),
            "recontacts": sum(referrals.mapped("recontact_count")),
            "escalated": len(referrals.filtered("directors_informed_date")),
            "allegation_count": len(allegations),
            "allegation_rows": sorted(
                Counter(
                    outcomes.get(a.outcome, self.env._("Open")) for a in allegations
                ).items()
            ),
            "informed_pct": _percent(len(informed_on_time), len(allegations)),
            "missing_count": len(episodes),
            "missing_avg_hours": (
                round(sum(durations) / len(durations), 1) if durations else None
            ),
            "people_count": people_count,
            "clearance_rows": [
                (clearance_labels[key], clearance.get(key, 0))
                for key in clearance_labels
            ],
            "cleared_pct": _percent(
                clearance.get("cleared", 0) + clearance.get("expiring", 0),
                people_count,
            ),
            "trained_pct": _percent(len(trained), people_count),
            "visit_count": len(visits),
            "visits_not_signed_out": len(visits.filtered("not_signed_out_flagged")),
            "open_actions": [
                (action.name, action.owner_id.name, action.deadline, action.overdue)
                for action in actions
            ],
        }
