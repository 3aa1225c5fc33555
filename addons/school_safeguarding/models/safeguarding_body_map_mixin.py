import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What one body map may hold: enough for a child covered in marks, not a
# place for a report (the concern's text is).
MAX_MARKS = 60
MAX_NOTE = 500
SIDES = ("front", "back")
MARK_KEYS = frozenset({"side", "x", "y", "note"})


def _is_coordinate(value):
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= 100
    )


def check_body_marks(env, marks):
    """Refuse anything but a valid body map, with a message for the user.

    A body map is a list of marks ``{"side": "front" | "back", "x": 0..100,
    "y": 0..100, "note": text}``: where an injury was seen on the outline of
    the body, as a percentage of its width and height, and what was seen.
    """
    if marks is None or marks is False:
        return
    if not isinstance(marks, list):
        raise ValidationError(env._("Body map: a list of marks is expected."))
    if len(marks) > MAX_MARKS:
        raise ValidationError(env._("Body map: at most %(max)s marks.", max=MAX_MARKS))
    for number, mark in enumerate(marks, start=1):
        if (
            not isinstance(mark, dict)
            or not {"side", "x", "y"} <= set(mark)
            or not set(mark) <= MARK_KEYS
        ):
            raise ValidationError(
                env._(
                    "Body map: mark %(number)s is not a mark (a side, a position "
                    "and a note).",
                    number=number,
                )
            )
        if mark["side"] not in SIDES:
            raise ValidationError(
                env._(
                    "Body map: mark %(number)s is on neither the front nor the back.",
                    number=number,
                )
            )
        if not (_is_coordinate(mark["x"]) and _is_coordinate(mark["y"])):
            raise ValidationError(
                env._(
                    "Body map: mark %(number)s is outside the outline.",
                    number=number,
                )
            )
        note = mark.get("note") or ""
        if not isinstance(note, str) or "\x00" in note:
            raise ValidationError(
                env._(
                    "Body map: the note of mark %(number)s is not a text.",
                    number=number,
                )
            )
        if len(note) > MAX_NOTE:
            raise ValidationError(
                env._(
                    "Body map: the note of mark %(number)s is longer than "
                    "%(max)s characters.",
                    number=number,
                    max=MAX_NOTE,
                )
            )


class SafeguardingBodyMapMixin(models.AbstractModel):
    """Where injuries were seen, marked on a front and back outline of the body.

    Part of the record it belongs to (a concern, a chronology entry): kept
    as evidence with it once sent.
    """

    _name = "safeguarding.body.map.mixin"
    _description = "Safeguarding body map"
    _inherit = ["safeguarding.input.guard"]

    body_marks = fields.Json(
        string="Body map",
        copy=False,
        help="Where an injury was seen on the outline of the body, with a note "
        "for each mark.",
    )
    has_body_marks = fields.Boolean(
        string="Injuries marked", compute="_compute_has_body_marks"
    )

    @api.depends("body_marks")
    def _compute_has_body_marks(self):
        for record in self:
            record.has_body_marks = bool(record.body_marks)

    @api.constrains("body_marks")
    def _check_body_marks(self):
        for record in self:
            check_body_marks(self.env, record.body_marks)

    def _safeguarding_check_value(self, field, value):
        # Before the database sees it: a null character is refused by
        # PostgreSQL's jsonb with a server error, not a message.
        if field.name == "body_marks":
            check_body_marks(self.env, value)
            return
        super()._safeguarding_check_value(field, value)
