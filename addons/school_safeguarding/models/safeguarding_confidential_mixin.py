import contextlib
import contextvars
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .safeguarding_input_guard import read_call

# Models whose records are case content. Mail, activity, follower and
# attachment safeguards below apply to these models only.
CONFIDENTIAL_MODELS = [
    "safeguarding.concern",
    "safeguarding.case",
    "safeguarding.case.log",
    "safeguarding.referral",
    "safeguarding.referral.contact",
    "safeguarding.consultation",
    "safeguarding.disclosure",
    "safeguarding.allegation",
    "safeguarding.safety.plan",
    "safeguarding.exclusion",
    "safeguarding.police.interview",
    "safeguarding.missing.episode",
    "safeguarding.missing.event",
    "safeguarding.review",
    "safeguarding.transfer",
]


# Personal data outside case work: vetting evidence, attestations,
# certificates, policies, the visitors' book, improvement actions.
EVIDENCE_MODELS = [
    "safeguarding.check",
    "safeguarding.attestation",
    "safeguarding.training",
    "safeguarding.policy",
    "safeguarding.visit",
    "safeguarding.review.action",
    "safeguarding.action",
]

MIXIN = "safeguarding.confidential.mixin"
# Reading only these shows the neutral reference, not case content.
LABEL_FIELDS = frozenset({"id", "display_name", "name"})


def confidential_models(env):
    """Names of the models whose records are case content.

    Every model that inherits the confidential mixin (a new one gets the
    same protection without more code), plus the chronology entries listed
    above. Computed once per state of the registry.
    """
    registry = env.registry
    cached = getattr(registry, "_safeguarding_confidential_models", None)
    if cached and cached[0] == len(registry.models):
        return cached[1]
    mixin = registry.models.get(MIXIN)
    names = set(CONFIDENTIAL_MODELS)
    if mixin is not None:
        names.update(
            name
            for name, model in registry.models.items()
            if name != MIXIN and not model._abstract and issubclass(model, mixin)
        )
    names = frozenset(names)
    registry._safeguarding_confidential_models = (len(registry.models), names)
    return names


# Models whose reading is being logged by an outer call (see
# SafeguardingConfidentialMixin._safeguarding_logged_call). A context
# variable, not an environment context key: callers cannot set it.
_QUIET_MODELS = contextvars.ContextVar("safeguarding_quiet_models", default=frozenset())
# The access-log entries of a logged call and of the reads nested in it (the
# referrals and concerns a case form shows), written together at its end.
PENDING_AUDIT = contextvars.ContextVar("safeguarding_pending_audit", default=None)


def safeguarding_subject_users(records):
    """The adults ``records`` are about: they never see anything of them.

    A concern about an adult, an allegation and whatever hangs off one
    (chronology entries, referrals and their contacts, disclosures, reviews).
    """
    records = records.sudo()
    fields_ = records._fields
    users = records.env["res.users"]
    if "subject_user_id" in fields_:
        users |= records.subject_user_id
    if "allegation_id" in fields_:
        users |= records.allegation_id.subject_user_id
    if "concern_id" in fields_:
        users |= records.concern_id.subject_user_id
    if "referral_id" in fields_:
        users |= records.referral_id.allegation_id.subject_user_id
    if "review_id" in fields_:
        users |= records.review_id.allegation_id.subject_user_id
    return users


def safeguarding_hidden_documents(env, model_ids):
    """Confidential documents whose team side the current user may not see.

    ``model_ids`` maps model names to record ids; the answer maps the
    confidential ones among them to the ids the user may not read, or whose
    messages, followers and files of others they may not see.
    """
    hidden = {}
    if env.su:
        return hidden
    for model, res_ids in model_ids.items():
        if model not in confidential_models(env) or model not in env:
            continue
        res_ids = {res_id for res_id in res_ids if res_id}
        Model = env[model].with_context(active_test=False)
        sees_chatter = getattr(Model, "_safeguarding_sees_chatter", None)
        # Senior roles without two-factor: see safeguarding_two_factor.py.
        needs_2fa = getattr(Model, "_safeguarding_two_factor_missing", None)
        if (
            not Model.has_access("read")
            or (sees_chatter and not sees_chatter())
            or (needs_2fa and needs_2fa())
        ):
            hidden[model] = res_ids
            continue
        readable = set(Model.search([("id", "in", list(res_ids))]).ids)
        if res_ids - readable:
            hidden[model] = res_ids - readable
    return hidden


def safeguarding_hidden_rows(records, owner_field, owner):
    """Rows of ``records`` the user may not see: files or followers of a document.

    ``records`` point at a document through ``res_model``/``res_id``; a row
    is hidden when that document is confidential and hidden from the user
    (see safeguarding_hidden_documents), unless it is the user's own
    (``owner_field`` equal to ``owner``).
    """
    if records.env.su or not records:
        return records.browse()
    rows = records.sudo().read(["res_model", "res_id", owner_field], load=None)
    confidential = confidential_models(records.env)
    model_ids = defaultdict(set)
    for row in rows:
        if row["res_model"] in confidential and row["res_id"]:
            model_ids[row["res_model"]].add(row["res_id"])
    if not model_ids:
        return records.browse()
    hidden = safeguarding_hidden_documents(records.env, model_ids)
    return records.browse(
        row["id"]
        for row in rows
        if row["res_id"] in hidden.get(row["res_model"], ())
        and row[owner_field] != owner
    )


def safeguarding_inbox_only(recipients):
    """Notification recipients, told in their Odoo inbox and never by email.

    Partners without an internal user never receive anything; users are told
    in their Odoo inbox, where access rights apply.
    """
    kept = []
    for recipient in recipients:
        if recipient.get("share") or not recipient.get("uid"):
            continue
        recipient["notif"] = "inbox"
        kept.append(recipient)
    return kept


def safeguarding_visible_query(model, query, order):
    """``query`` of ``model`` less the rows its ``_safeguarding_forbidden`` hides."""
    if model.env.su:
        return query
    records = model.browse(query.get_result_ids())
    forbidden = records._safeguarding_forbidden()
    if not forbidden:
        return query
    return (records - forbidden)._as_query(order)


class SafeguardingConfidentialMixin(models.AbstractModel):
    """Chatter, followers and activities that cannot leak case content.

    Odoo lets anyone who follows a record, is mentioned in a message or is
    assigned an activity read parts of it, and emails followers the message
    body. For safeguarding records:

    * only people who may read the record can follow it, be addressed in a
      message or be assigned an activity;
    * nobody is suggested as a recipient;
    * notifications reach users in their Odoo inbox only, never as an email
      carrying the message (the addon sends its own content-free emails);
    * the display name is the neutral reference (``name``).
    """

    _name = "safeguarding.confidential.mixin"
    _description = "Safeguarding confidential record"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.input.guard"]

    @api.depends("name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = record.name or self.env._("New")

    @api.model_create_multi
    def create(self, vals_list):
        """Numbered from the model's sequence (per school), never by the user."""
        for vals in vals_list:
            vals.pop("name", None)
        # The creator is not made a follower by Odoo's shortcut: they follow
        # through _message_subscribe, which keeps out whoever may not see the
        # team's side of the record (the reporter of a concern).
        records = super(
            SafeguardingConfidentialMixin,
            self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True),
        ).create(vals_list)
        context = self.env.context
        if not (
            context.get("mail_create_nosubscribe") or context.get("tracking_disable")
        ):
            creator = self.env.user.partner_id
            if creator and not self.env.user._is_public():
                records._message_subscribe(partner_ids=creator.ids)
        if self._safeguarding_numbered_at_creation:
            records._safeguarding_number()
        return records

    # A record whose reference comes later (a concern, when it is sent).
    _safeguarding_numbered_at_creation = True

    def _safeguarding_number(self):
        Sequence = self.env["ir.sequence"].sudo()
        for record in self:
            # sudo: the reference is a protected field, taken from a sequence
            # users cannot read.
            record.sudo().name = Sequence.with_company(record.company_id).next_by_code(
                self._name
            ) or self.env._("New")

    @api.model
    def _safeguarding_sees_chatter(self):
        """Whether the user sees the team's side of records they may read.

        Messages, followers, activities and files posted by others. Models
        that some staff read only as the author (a concern, a missing-pupil
        alarm) keep that side for the team.
        """
        return True

    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        # Those who read the record but not its team side (the reporter of a
        # concern) read messages only with write access, which only their own
        # drafts give them.
        access = super()._get_mail_message_access(res_ids, operation, model_name)
        if access == "read" and not self._safeguarding_sees_chatter():
            return "write"
        return access

    # ------------------------------------------------------------------
    # Access log: who opened which record, and every export
    # ------------------------------------------------------------------

    def _safeguarding_audit_on_open(self):
        """Whether opening this record is written to the access log."""
        return True

    def _safeguarding_log_reading(self, event):
        """Write ``event`` on these records to the access log, once per call.

        Reads nested in a logged call of the same model (``web_read`` reads
        through ``read``, a list through ``web_read``) are part of it; reads
        of other confidential models inside it (the referrals shown on a case)
        are logged as reads of their own.
        """
        if self.env.su or not self.ids or not self._safeguarding_audit_on_open():
            return
        self.env["safeguarding.audit.log"]._record(self, event)

    @contextlib.contextmanager
    def _safeguarding_logged_call(self):
        """Run the body as a logged call: same-model reads inside stay quiet."""
        quiet = _QUIET_MODELS.get()
        token = _QUIET_MODELS.set(quiet | {self._name})
        outermost = PENDING_AUDIT.get() is None
        pending_token = PENDING_AUDIT.set([]) if outermost else None
        try:
            with read_call(self.env):
                yield self._name in quiet
            if outermost and PENDING_AUDIT.get():
                # One INSERT for the call's entries (an error writes none:
                # its transaction is rolled back anyway).
                self.env["safeguarding.audit.log"]._write_entries(PENDING_AUDIT.get())
        finally:
            if outermost:
                PENDING_AUDIT.reset(pending_token)
            _QUIET_MODELS.reset(token)

    def _safeguarding_is_form_opening(self):
        """A form asking for this one record (not a related record it shows)."""
        if len(self) != 1:
            return False
        params = getattr(request, "params", None) if request else None
        if isinstance(params, dict) and "method" in params:
            return params.get("model") == self._name and params["method"] == "web_read"
        return True

    @api.model
    def _safeguarding_reads_content(self, field_names, everything=True):
        """Whether reading ``field_names`` shows more than the neutral reference.

        ``everything``: what no field names mean (all fields for ``read``,
        the ids only for a web specification).
        """
        if not field_names:
            return everything
        return bool(set(field_names) - LABEL_FIELDS)

    def _safeguarding_read_rows(self, rows):
        """The records of ``self`` that came back in ``rows`` (missing ones did not)."""
        return self.browse(row["id"] for row in rows)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        fields = super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)
        company = self._fields.get("company_id")
        if (
            not self.env.su
            and company is not None
            and company.store
            and company not in fields
            and any(field.column_type for field in fields)
            and not (
                ignore_when_in_cache
                and not any(self.env.cache.get_missing_ids(self, company))
            )
        ):
            # The access log names each record's school: read it with the
            # rest, not in a query of its own when the entry is written.
            fields.append(company)
        return fields

    def web_read(self, specification):
        with self._safeguarding_logged_call() as quiet:
            result = super().web_read(specification)
            if not quiet and self._safeguarding_reads_content(specification, False):
                self._safeguarding_read_rows(result)._safeguarding_log_reading(
                    "open" if self._safeguarding_is_form_opening() else "read"
                )
            return result

    # Reading writes the access log: these run in a read/write transaction,
    # not the read-only one Odoo uses for reads.
    web_read._readonly = False

    def read(self, fields=None, load="_classic_read"):
        with self._safeguarding_logged_call() as quiet:
            result = super().read(fields=fields, load=load)
            if not quiet and self._safeguarding_reads_content(fields):
                self._safeguarding_read_rows(result)._safeguarding_log_reading("read")
            return result

    read._readonly = False

    @api.model
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs
    ):
        with self._safeguarding_logged_call() as quiet:
            result = super().search_read(
                domain=domain,
                fields=fields,
                offset=offset,
                limit=limit,
                order=order,
                **read_kwargs,
            )
            if not quiet and self._safeguarding_reads_content(fields):
                self.browse(row["id"] for row in result)._safeguarding_log_reading(
                    "read"
                )
            return result

    search_read._readonly = False

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        with self._safeguarding_logged_call() as quiet:
            result = super().web_search_read(
                domain,
                specification,
                offset=offset,
                limit=limit,
                order=order,
                count_limit=count_limit,
            )
            if not quiet and self._safeguarding_reads_content(specification, False):
                self.browse(
                    row["id"] for row in result["records"]
                )._safeguarding_log_reading("list")
            return result

    web_search_read._readonly = False

    def export_data(self, fields_to_export):
        self.env["safeguarding.audit.log"]._record(
            self, "export", ", ".join(fields_to_export)
        )
        return super().export_data(fields_to_export)

    def _safeguarding_partners_without_access(self, partners):
        """Return the partners of ``partners`` who cannot read every record of self."""
        denied = self.env["res.partner"]
        for partner in partners:
            users = partner.with_context(active_test=False).user_ids.filtered(
                lambda user: not user.share
            )
            if not users or not all(
                self.with_user(user).has_access("read")
                and self.with_user(user)._safeguarding_sees_chatter()
                for user in users
            ):
                denied |= partner
        return denied

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self.env.context.get("safeguarding_no_subscribe"):
            # A scheduled action assigning work to people who read the record
            # anyway: no follower row for it to race a user's own for.
            return True
        if partner_ids:
            partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
            denied = self._safeguarding_partners_without_access(partners)
            if denied and self.env.context.get("safeguarding_quiet_subscribe"):
                # An activity's assignee who reads the record but not its
                # team side (the author of a draft) is not made a follower;
                # the flag only ever keeps people out.
                partner_ids = [pid for pid in partner_ids if pid not in denied.ids]
            elif denied:
                raise AccessError(
                    self.env._(
                        "Only people who may read a safeguarding record can follow "
                        "it. Not allowed: %(names)s",
                        names=", ".join(denied.mapped("name")),
                    )
                )
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        # Every internal path (activities, mentions, message_post) ends here:
        # silently keep out whoever may not read the record.
        if partner_ids:
            partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
            denied = self._safeguarding_partners_without_access(partners)
            partner_ids = [pid for pid in partner_ids if pid not in denied.ids]
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    def _message_get_suggested_recipients(self):
        return []

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        partner_ids = kwargs.get("partner_ids") or []
        if partner_ids and self:
            partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
            denied = self._safeguarding_partners_without_access(partners)
            if denied:
                raise UserError(
                    self.env._(
                        "A safeguarding record can only be discussed with people who "
                        "may read it. Not allowed: %(names)s",
                        names=", ".join(denied.mapped("name")),
                    )
                )
        return super().message_post(**kwargs)

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        return safeguarding_inbox_only(
            super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        )
