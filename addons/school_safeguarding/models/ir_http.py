import logging

from psycopg2 import OperationalError

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """Answer "try again" when a safeguarding save lost a race.

        Odoo already replays a request whose transaction collided with
        another (for example two people adding contacts to one referral at
        the same moment); when every replay collided too, the person gets a
        plain message to save again instead of a database error, and nothing
        was saved.
        """
        if (
            isinstance(exception, OperationalError)
            and exception.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
            and cls._safeguarding_request()
        ):
            # Not an error of the software: the log keeps it at INFO.
            exception.loglevel = logging.INFO
            busy = UserError(
                request.env._(
                    "Someone else was saving the same safeguarding record at "
                    "that moment, so nothing was saved. Please save again."
                )
            )
            return super()._handle_error(busy)
        return super()._handle_error(exception)

    @classmethod
    def _safeguarding_request(cls):
        params = getattr(request, "params", None) or {}
        model = params.get("model") if isinstance(params, dict) else None
        return isinstance(model, str) and model.startswith("safeguarding.")
