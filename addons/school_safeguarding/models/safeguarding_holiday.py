import logging
from collections import defaultdict
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_formats import local_datetime_text
from .safeguarding_working_calendar import DEFAULT_WEEKDAYS, WorkingWeek

_logger = logging.getLogger(__name__)

# Fields whose change moves working-day deadlines.
CALENDAR_FIELDS = (
    "date",
    "day_type",
    "country_id",
    "company_id",
    "carry_over",
    "five_day_week",
    "active",
)
# Years around those loaded in which every fixed-date holiday falls on a
# weekend at least once, to learn from the package whether it is carried over.
CARRY_OVER_WINDOW = 7

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
    carry_over = fields.Boolean(
        string="Carried over",
        help="A day off that falls on a school's weekly day off moves to that "
        "school's next working day (Labour Code). Public holidays of the "
        "calendar are; religious holidays never are.",
    )
    five_day_week = fields.Boolean(
        string="Five-day week only",
        help="A transfer decreed for schools working Monday to Friday. Schools "
        "that work on Saturdays ignore it, unless they enter it as their own.",
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
        if not self.env.context.get("safeguarding_holiday_sync"):
            days._calendar_changed()
        return days

    def write(self, vals):
        if self.env.context.get("safeguarding_holiday_sync"):
            return super().write(vals)
        before = self._affected_companies()
        result = super().write(vals)
        if set(CALENDAR_FIELDS) & set(vals):
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
        """Move the working-day deadlines still running in these schools.

        Answers from agencies not chased yet log their new date in the
        chronology themselves; allegations whose directors are not told yet
        get a line here.
        """
        companies = (companies or self.env["res.company"]) | self._affected_companies()
        if not companies:
            return
        # sudo: deadlines are maintained by the addon for every school.
        allegations = (
            self.env["safeguarding.allegation"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("directors_informed_date", "=", False),
                    ("state", "!=", "closed"),
                ]
            )
        )
        before = {allegation.id: allegation.directors_due for allegation in allegations}
        self.env["safeguarding.referral"]._recompute_answer_due(companies)
        self.env["safeguarding.allegation"]._recompute_directors_due(companies)
        moved = allegations.filtered(
            lambda allegation: allegation.directors_due != before[allegation.id]
        )
        if moved:
            self.env["safeguarding.case.log"].sudo().create(
                [
                    {
                        "allegation_id": allegation.id,
                        "kind": "state",
                        "summary": self.env._(
                            "%(ref)s: the school calendar changed; the directors "
                            "are now to be told by %(due)s.",
                            ref=allegation.name,
                            due=local_datetime_text(
                                allegation, allegation.directors_due
                            ),
                        ),
                    }
                    for allegation in moved
                ]
            )

    @api.model
    def _package_calendar(self, country, years, observed):
        """The ``holidays`` package's calendar of ``country`` for ``years``."""
        if holidays_lib is None:
            raise UserError(
                self.env._("The Python package 'holidays' is not installed.")
            )
        try:
            return holidays_lib.country_holidays(
                country.code, years=years, language="en_US", observed=observed
            )
        except NotImplementedError as error:
            raise UserError(
                self.env._(
                    "No public holiday calendar is known for %(country)s.",
                    country=country.name,
                )
            ) from error

    @api.model
    def _package_days(self, country, years):
        """The days the ``holidays`` package lists for ``country`` in ``years``.

        The holidays themselves and the decreed transfers, never the package's
        own carry-overs: those assume a Saturday-Sunday weekend, and each
        school's working week applies its own (see the working calendar).
        Returns ``{date: values}``.
        """
        listed = self._package_calendar(country, years, observed=False)
        # Which holidays move when they fall on a day off: those the package
        # carries over in some year around these (religious ones never are).
        window = list(
            range(min(years) - CARRY_OVER_WINDOW, max(years) + CARRY_OVER_WINDOW + 1)
        )
        observed = self._package_calendar(country, window, observed=True)
        observed_label = observed.tr(getattr(observed, "observed_label", "%s"))
        observed_names = {name for day in observed for name in observed.get_list(day)}
        substituted = getattr(listed, "substituted_label", None)
        substitute_prefix = substituted and listed.tr(substituted).split("%s")[0]
        days = {}
        for day in sorted(listed):
            if day.year not in years:
                continue
            names = listed.get_list(day)
            days[day] = {
                "name": "; ".join(names),
                "day_type": "holiday",
                "carry_over": any(
                    observed_label % name in observed_names for name in names
                ),
                "five_day_week": bool(substitute_prefix)
                and any(name.startswith(substitute_prefix) for name in names),
            }
        for day in getattr(listed, "weekend_workdays", ()):
            if day.year in years:
                days[day] = {
                    "name": self.env._("Transferred working day"),
                    "day_type": "working",
                    "carry_over": False,
                    "five_day_week": True,
                }
        # The package is the authority for the five-day week: where its days
        # differ from these with carry-overs applied (a transfer of a day
        # carried over, 11 May 2020), the difference is a five-day transfer.
        five_day = WorkingWeek.from_calendar(
            DEFAULT_WEEKDAYS,
            [
                (day, values["day_type"], values["carry_over"], values["five_day_week"])
                for day, values in days.items()
            ],
            None,
        )
        day, last = date(years[0], 1, 1), date(years[-1], 12, 31)
        while day <= last:
            working = observed.is_working_day(day)
            if day.year in years and five_day.is_working_day(day) != working:
                days[day] = {
                    "name": observed.get(day) or self.env._("Transferred working day"),
                    "day_type": "working" if working else "holiday",
                    "carry_over": False,
                    "five_day_week": True,
                }
            day += timedelta(days=1)
        return days

    @api.model
    def _load_public_holidays(self, country, years):
        """Synchronise the calendar of ``country`` for ``years`` with the package.

        Days the package lists are added; loaded days it no longer lists (a
        holiday the law ended) are archived, never a day a person entered by
        hand; loaded days keep the name they were given. Running deadlines
        of the schools concerned move. Returns the days added or changed.
        """
        years = sorted(set(years))
        listed = self._package_days(country, years)
        Holiday = self.with_context(active_test=False, safeguarding_holiday_sync=True)
        existing = Holiday.search(
            [
                ("country_id", "=", country.id),
                ("company_id", "=", False),
                ("date", ">=", date(years[0], 1, 1)),
                ("date", "<=", date(years[-1], 12, 31)),
            ]
        )
        by_date = defaultdict(Holiday.browse)
        for day in existing:
            by_date[day.date] |= day
        new_values, updates = [], defaultdict(Holiday.browse)
        for day, values in listed.items():
            records = by_date.get(day)
            if not records:
                new_values.append(
                    {
                        **values,
                        "date": day,
                        "country_id": country.id,
                        "source": "holidays",
                    }
                )
            elif "manual" not in records.mapped("source"):
                record = records[:1]
                changes = {
                    key: value
                    for key, value in values.items()
                    if key != "name" and record[key] != value
                }
                if not record.active:
                    changes["active"] = True
                if changes:
                    updates[tuple(sorted(changes.items()))] |= record
        changed = Holiday.browse()
        for changes, records in updates.items():
            records.write(dict(changes))
            changed |= records
        dropped = existing.filtered(
            lambda day: day.source == "holidays"
            and day.active
            and day.date not in listed
        )
        dropped.write({"active": False})
        changed |= dropped | Holiday.create(new_values)
        # sudo: every school of the country shows what its calendar holds.
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("safeguarding_holiday_country_id", "=", country.id)])
        )
        companies.write(
            {
                "safeguarding_holiday_years": f"{years[0]}-{years[-1]}"
                if len(years) > 1
                else str(years[0]),
                "safeguarding_holiday_version": getattr(
                    holidays_lib, "__version__", False
                ),
                "safeguarding_holiday_loaded": fields.Datetime.now(),
            }
        )
        if changed:
            self.env["safeguarding.holiday"]._calendar_changed(companies)
        return changed.with_context(
            active_test=self.env.context.get("active_test", True),
            safeguarding_holiday_sync=False,
        )

    @api.model
    def _years_to_load(self):
        """From the earliest year with a working-day deadline to next year.

        At least last year, so that records entered late keep their deadline.
        """
        year = fields.Date.context_today(self).year
        first = year - 1
        for model, field in (
            ("safeguarding.allegation", "received_date"),
            ("safeguarding.referral.contact", "date"),
        ):
            # sudo: only the earliest date is read, whoever loads.
            [(earliest,)] = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                ._read_group([], aggregates=[f"{field}:min"])
            )
            if earliest:
                first = min(first, earliest.year)
        return list(range(first, year + 2))

    @api.model
    def _countries_in_use(self):
        companies = self.env["res.company"].sudo().search([])
        return companies.mapped("safeguarding_holiday_country_id")

    @api.model
    def action_load_public_holidays(self):
        """Load or reload the public holidays of every school (button)."""
        if not self.env.user.has_group(
            "school_safeguarding.group_safeguarding_manager"
        ):
            raise UserError(
                self.env._("Only safeguarding administrators load public holidays.")
            )
        years = self._years_to_load()
        changed = self.browse()
        for country in self._countries_in_use():
            changed |= self._load_public_holidays(country, years)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Public holidays %(first)s-%(last)s loaded: %(count)s days "
                    "added, changed or archived.",
                    first=years[0],
                    last=years[-1],
                    count=len(changed),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_load_public_holidays(self):
        """Keep the public holidays of every year with deadlines up to date."""
        years = self._years_to_load()
        for country in self._countries_in_use():
            try:
                self._load_public_holidays(country, years)
            except UserError:
                _logger.info("No public holiday calendar for %s", country.code)
