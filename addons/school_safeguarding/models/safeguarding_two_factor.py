from odoo import api, models
from odoo.exceptions import AccessError

from .safeguarding_confidential_mixin import confidential_models
from .safeguarding_input_guard import read_call_answer

TEAM = "school_safeguarding.group_safeguarding_team"
DIRECTOR = "school_safeguarding.group_safeguarding_director"

# Case content that staff also read as its author: an alarm or a concern they
# raised stays theirs to read, two-factor or not. Field: who the author is.
OWN_RECORDS = {
    "safeguarding.concern": "reporter_id",
    "safeguarding.missing.episode": "reporter_id",
}


def safeguarding_two_factor_missing(env):
    """Whether the current user must turn on two-factor to open case content.

    Senior roles (the team, the DSL, directors) of a school that requires it
    (any of the schools the user works in now: case content of the others
    is not readable at all). Cheap: the setting, the groups and the user's
    two-factor state come from caches after the first call of a transaction.
    """
    if env.su:
        return False
    # Every model a form reads asks it: once per read (see read_call).
    return read_call_answer(
        ("two_factor_missing", env.uid, repr(env.context.get("allowed_company_ids"))),
        lambda: _two_factor_missing(env),
    )


def _two_factor_missing(env):
    user = env.user
    # Two-factor first: a senior role who has it (every page they open asks
    # this many times) is answered from the cache, without their groups.
    if "totp_enabled" not in user._fields or user.totp_enabled:
        return False
    if not (user.has_group(TEAM) or user.has_group(DIRECTOR)):
        return False
    # The schools of the context as they are (env.companies would raise on
    # one the user lacks: record rules say that, not this check).
    company_ids = env.context.get("allowed_company_ids")
    if isinstance(company_ids, list | tuple) and company_ids:
        # sudo: one setting of the schools asked for, read to decide.
        companies = (
            env["res.company"]
            .sudo()
            .browse(cid for cid in company_ids if type(cid) is int)
            .exists()
        )
    else:
        companies = user.company_id
    return any(companies.mapped("safeguarding_require_2fa"))


class SafeguardingInputGuard(models.AbstractModel):
    """Case content only for senior roles with two-factor authentication on.

    Every path that reads or changes records ends in ``check_access``:
    ``read``, ``web_read``, search, counts, groups, ``name_search``,
    exports, ``write``, ``create``, ``unlink``. ``has_access`` and
    ``_filtered_access`` (asking whether someone may read a record, to
    assign them work or let them follow it) leave two-factor aside: a DSL
    without it is still told of a new concern, and asked to turn it on
    when they open it.
    """

    _inherit = "safeguarding.input.guard"

    @api.model
    def _safeguarding_two_factor_missing(self):
        """Whether reading records of this model needs two-factor first."""
        return self._name in confidential_models(
            self.env
        ) and safeguarding_two_factor_missing(self.env)

    def _safeguarding_two_factor_error(self):
        return AccessError(
            self.env._(
                "Case content needs two-factor authentication. Turn it on in "
                "your profile (My Preferences, Account Security), sign in "
                "again, then open this again."
            )
        )

    def _safeguarding_two_factor_refused(self):
        """Whether the user, without two-factor, may not reach ``self``.

        The model as such (``self`` empty) and its author's own records
        stay open for concerns and alarms; anything else is refused.
        """
        own_field = OWN_RECORDS.get(self._name)
        if own_field is None:
            return True
        records = self.filtered("id")
        # sudo: only who raised each record, compared with the user.
        own = records.sudo().filtered_domain([(own_field, "=", self.env.uid)])
        return len(own) != len(records)

    def _safeguarding_check_two_factor(self):
        if (
            self._safeguarding_two_factor_missing()
            and self._safeguarding_two_factor_refused()
        ):
            raise self._safeguarding_two_factor_error()

    def check_access(self, operation):
        self._safeguarding_check_two_factor()
        return super().check_access(operation)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Odoo checks the model (check_access above) first; the authors of
        # concerns and alarms find their own only.
        own_field = OWN_RECORDS.get(self._name)
        if own_field and self._safeguarding_two_factor_missing():
            domain = [*(domain or []), (own_field, "=", self.env.uid)]
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def fetch(self, field_names):
        # Reading records by id goes through _search, which would hide
        # another author's concern with Odoo's generic message: say why.
        if self:
            self._safeguarding_check_two_factor()
        return super().fetch(field_names)


class SafeguardingConfidentialMixin(models.AbstractModel):
    _inherit = "safeguarding.confidential.mixin"

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # The chatter's routes (messages, followers, files, posting) ask
        # has_access, which leaves two-factor aside: not for the user at
        # the keyboard.
        thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        if (
            thread
            and thread._safeguarding_two_factor_missing()
            and thread._safeguarding_two_factor_refused()
        ):
            return self.browse()
        return thread
