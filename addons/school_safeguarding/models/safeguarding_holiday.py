import logging
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

try:
    import holidays as holidays_lib
except ImportError:  # pragma: no cover - declared in external_dependencies
    holidays_lib = None


class SafeguardingHoliday(models.Model):
    """A day that breaks the school's working week.

    Either a public holiday (a day off on a working weekday) or a transferred
    working day (a Saturday or Sunday made a working day by government
    resolution). Days apply to every school of their country, or to one
    school only.
    """

    _name = "safeguarding.holiday"
    _description = "Public holiday or transferred working day"
    _inherit = ["safeguarding.input.guard"]
    _order = "date desc, id"

    name = fields.Char(required=True)
    date = fields.Date(required=True, index=True)
    day_type = fields.Selection(
        [("holiday", "Day off"), ("working", "Working day (transferred)")],
        string="Type",
        required=True,
        default="holiday",
    )
    country_id = fields.Many2one(
        "res.country",
        required=True,
        index=True,
        default=lambda self: self.env.ref("base.kz", raise_if_not_found=False),
    )
    company_id = fields.Many2one(
        "res.company",
        string="Only for school",
        index=True,
        help="Leave empty for a day that applies to every school of the country.",
    )
    source = fields.Selection(
        [("manual", "Entered by hand"), ("holidays", "Public holiday calendar")],
        required=True,
        default="manual",
        readonly=True,
    )
    active = fields.Boolean(default=True)

    @api.constrains("date", "country_id", "company_id", "active")
    def _check_unique_day(self):
        for day in self.filtered("active"):
            duplicate = self.with_context(active_test=False).search_count(
                [
                    ("id", "!=", day.id),
                    ("date", "=", day.date),
                    ("country_id", "=", day.country_id.id),
                    ("company_id", "=", day.company_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "%(date)s is already in the calendar of %(country)s.",
                        date=day.date,
                        country=day.country_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        days = super().create(vals_list)
        days._calendar_changed()
        return days

    def write(self, vals):
        before = self._affected_companies()
        result = super().write(vals)
        if {"date", "day_type", "country_id", "company_id", "active"} & set(vals):
            self._calendar_changed(before)
        return result

    def unlink(self):
        companies = self._affected_companies()
        result = super().unlink()
        self.env["safeguarding.holiday"]._calendar_changed(companies)
        return result

    def _affected_companies(self):
        """Schools whose working days these calendar days change."""
        # sudo: every school's deadlines follow the calendar, whoever edits it.
        Company = self.env["res.company"].sudo()
        companies = Company.browse()
        for day in self:
            if day.company_id:
                companies |= day.company_id.sudo()
            else:
                companies |= Company.search(
                    [("safeguarding_holiday_country_id", "=", day.country_id.id)]
                )
        return companies

    def _calendar_changed(self, companies=None):
        """Move the working-day deadlines still running in these schools."""
        companies = (companies or self.env["res.company"]) | self._affected_companies()
        if companies:
            self.env["safeguarding.referral"]._recompute_answer_due(companies)
            self.env["safeguarding.allegation"]._recompute_directors_due(companies)

    @api.model
    def _load_public_holidays(self, country, years):
        """Add the public holidays and transferred working days of ``country``.

        Taken from the ``holidays`` package; days already in the calendar
        (entered by hand or loaded before) are kept as they are, so loading
        twice adds nothing. Returns the new records.
        """
        if holidays_lib is None:
            raise UserError(
                self.env._("The Python package 'holidays' is not installed.")
            )
        try:
            calendar = holidays_lib.country_holidays(
                country.code, years=years, language="en_US"
            )
        except NotImplementedError as error:
            raise UserError(
                self.env._(
                    "No public holiday calendar is known for %(country)s.",
                    country=country.name,
                )
            ) from error
        days = {day: ("holiday", name) for day, name in calendar.items()}
        for day in getattr(calendar, "weekend_workdays", ()):
            if day.year in years:
                days[day] = ("working", self.env._("Transferred working day"))
        existing = set(
            self.with_context(active_test=False)
            .search(
                [
                    ("country_id", "=", country.id),
                    ("company_id", "=", False),
                    ("date", ">=", date(min(years), 1, 1)),
                    ("date", "<=", date(max(years), 12, 31)),
                ]
            )
            .mapped("date")
        )
        return self.create(
            [
                {
                    "name": name,
                    "date": day,
                    "day_type": day_type,
                    "country_id": country.id,
                    "source": "holidays",
                }
                for day, (day_type, name) in sorted(days.items())
                if day not in existing
            ]
        )

    @api.model
    def _countries_in_use(self):
        companies = self.env["res.company"].sudo().search([])
        return companies.mapped("safeguarding_holiday_country_id")

    @api.model
    def action_load_public_holidays(self):
        """Load this year's and next year's public holidays (button)."""
        if not self.env.user.has_group(
            "school_safeguarding.group_safeguarding_manager"
        ):
            raise UserError(
                self.env._("Only safeguarding administrators load public holidays.")
            )
        year = fields.Date.context_today(self).year
        added = self.browse()
        for country in self._countries_in_use():
            added |= self._load_public_holidays(country, [year, year + 1])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s days added to the calendar.", count=len(added)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_load_public_holidays(self):
        """Keep this year's and next year's public holidays in the calendar."""
        year = fields.Date.today().year
        for country in self._countries_in_use():
            try:
                self._load_public_holidays(country, [year, year + 1])
            except UserError:
                _logger.info("No public holiday calendar for %s", country.code)
