from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.models import NewId
from odoo.osv import expression

MAX_CHAR = 1_000
MAX_TEXT = 100_000
TEXT_TYPES = ("char", "text", "html")
RELATIONAL_COMMANDS = ("one2many", "many2many")


class SafeguardingInputGuard(models.AbstractModel):
    """Refuse malformed values with a clear message before they reach the ORM.

    Over JSON-RPC anyone can send a string for an id, a list for a text, a
    date that is not one or a megabyte of text. Odoo would answer with a
    database error; safeguarding models answer with a validation error that
    names the field, and change nothing.
    """

    _name = "safeguarding.input.guard"
    _description = "Safeguarding input checks"

    def _safeguarding_invalid(self, field, reason):
        return ValidationError(
            self.env._(
                "%(field)s: %(reason)s",
                field=field.get_description(self.env)["string"],
                reason=reason,
            )
        )

    def _safeguarding_check_value(self, field, value):
        if value is None or value is False:
            return
        kind = field.type
        if kind in TEXT_TYPES:
            if not isinstance(value, str):
                raise self._safeguarding_invalid(field, self.env._("text expected."))
            limit = MAX_CHAR if kind == "char" else MAX_TEXT
            if len(value) > limit:
                raise self._safeguarding_invalid(
                    field,
                    self.env._("longer than %(limit)s characters.", limit=limit),
                )
        elif kind == "many2one":
            if isinstance(value, bool) or not isinstance(value, int):
                raise self._safeguarding_invalid(
                    field, self.env._("a record id is expected.")
                )
        elif kind in ("integer", "float", "monetary"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self._safeguarding_invalid(
                    field, self.env._("a number is expected.")
                )
        elif kind == "boolean":
            if not isinstance(value, bool | int):
                raise self._safeguarding_invalid(
                    field, self.env._("true or false is expected.")
                )
        elif kind == "selection":
            if value not in dict(
                field.get_description(self.env).get("selection") or []
            ):
                raise self._safeguarding_invalid(
                    field, self.env._("'%(value)s' is not a valid choice.", value=value)
                )
        elif kind in ("date", "datetime"):
            if not isinstance(value, str | date | datetime):
                raise self._safeguarding_invalid(
                    field, self.env._("a date is expected.")
                )
            try:
                converted = (
                    fields.Date.to_date(value)
                    if kind == "date"
                    else fields.Datetime.to_datetime(value)
                )
            except (ValueError, TypeError):
                converted = None
            if not converted:
                raise self._safeguarding_invalid(
                    field, self.env._("'%(value)s' is not a date.", value=value)
                )
        elif kind in RELATIONAL_COMMANDS:
            if not isinstance(value, list | tuple):
                raise self._safeguarding_invalid(
                    field, self.env._("a list of records is expected.")
                )
            try:
                field.convert_to_cache(value, self.browse())
            except (ValueError, TypeError) as error:
                raise self._safeguarding_invalid(
                    field, self.env._("not a valid list of records.")
                ) from error

    def _safeguarding_check_values(self, vals_list):
        """Check every value; many2one targets must exist (one query per model)."""
        targets = {}
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise ValidationError(
                    self.env._("Values must be given as a dictionary.")
                )
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None:
                    raise ValidationError(
                        self.env._(
                            "Unknown field '%(name)s' on %(model)s.",
                            name=name,
                            model=self._description,
                        )
                    )
                self._safeguarding_check_value(field, value)
                if field.type == "many2one" and value:
                    targets.setdefault(field, set()).add(value)
        for field, ids in targets.items():
            # sudo: existence only; access is checked by the ORM afterwards.
            found = self.env[field.comodel_name].sudo().browse(ids).exists()
            missing = ids - set(found.ids)
            if missing:
                raise self._safeguarding_invalid(
                    field,
                    self.env._("no such record (%(id)s).", id=min(missing)),
                )

    def _safeguarding_boolean_search(self, operator, value, label, domain):
        """The search of a computed boolean: ``domain`` when true, else its negation."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Unsupported search on '%(field)s'.", field=label)
            )
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _safeguarding_check_ids(self):
        """Refuse ids that are not record ids (sent over RPC as strings...)."""
        invalid = [
            record_id
            for record_id in self._ids
            if isinstance(record_id, bool) or not isinstance(record_id, int | NewId)
        ]
        if invalid:
            raise ValidationError(
                self.env._(
                    "%(model)s: %(ids)s is not a record id.",
                    model=self._description,
                    ids=", ".join(repr(record_id) for record_id in invalid[:5]),
                )
            )

    def browse(self, ids=None):
        records = super().browse(ids)
        # A list is what arrives over RPC (the ORM passes tuples and ids):
        # check it before any method runs a query with it.
        if isinstance(ids, list):
            records._safeguarding_check_ids()
        return records

    def check_access(self, operation):
        self._safeguarding_check_ids()
        return super().check_access(operation)

    @api.model_create_multi
    def create(self, vals_list):
        # Users' input only: the addon's own writes run as superuser.
        if not self.env.su:
            self._safeguarding_check_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._safeguarding_check_values([vals])
        return super().write(vals)
