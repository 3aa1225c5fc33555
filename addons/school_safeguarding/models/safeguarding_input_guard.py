import base64
import binascii
import contextlib
import contextvars
import functools
import inspect
import math
from datetime import date, datetime

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.models import (
    READ_GROUP_AGGREGATE,
    READ_GROUP_ALL_TIME_GRANULARITY,
    NewId,
    regex_field_agg,
    regex_order,
    regex_read_group_spec,
)
from odoo.osv import expression
from odoo.tools import SQL, Query, config

MAX_CHAR = 1_000
MAX_TEXT = 100_000
TEXT_TYPES = ("char", "text", "html")
RELATIONAL_COMMANDS = ("one2many", "many2many")
RELATIONAL_TYPES = ("many2one", *RELATIONAL_COMMANDS)
NUMBER_TYPES = ("integer", "float", "monetary")
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
# PostgreSQL's bigint: the web client asks for "all groups" as 2**53 - 1.
PAGING_MAX = 2**63 - 1
LIKE_OPERATORS = ("like", "not like", "ilike", "not ilike", "=like", "=ilike")
LIST_OPERATORS = ("in", "not in")
HIERARCHY_OPERATORS = ("child_of", "parent_of")
# Non-stored fields are searched by their own method, which may only know these.
COMPUTED_OPERATORS = ("=", "!=", *LIST_OPERATORS)
DATE_FORMATS = {
    fields.DATE_LENGTH: fields.DATE_FORMAT,
    fields.DATETIME_LENGTH: fields.DATETIME_FORMAT,
}


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value):
    return (_is_integer(value) or isinstance(value, float)) and math.isfinite(value)


def _is_date_text(value):
    """A date or datetime string as Odoo and PostgreSQL both read it."""
    if not isinstance(value, str) or len(value) not in DATE_FORMATS:
        return False
    try:
        datetime.strptime(value, DATE_FORMATS[len(value)])
    except ValueError:
        return False
    return True


# Odoo refuses to change a company's parent ("The company hierarchy cannot
# be changed"): the SQL of child_of/parent_of on schools depends on the ids
# in the domain alone.
FIXED_HIERARCHIES = frozenset({"res.company"})


def _walks_hierarchy(model, domain):
    """Whether ``domain`` on ``model`` walks a hierarchy that can change.

    child_of or parent_of, also in a sub-domain of ``any``, on anything but
    the schools (see FIXED_HIERARCHIES): the SQL of such a rule holds ids
    found when it was built.
    """
    for leaf in domain:
        if not (isinstance(leaf, list | tuple) and len(leaf) == 3):
            continue
        path = leaf[0]
        field = model._fields.get(path) if isinstance(path, str) else None
        comodel = field.comodel_name if field is not None and field.relational else None
        if leaf[1] in HIERARCHY_OPERATORS:
            target = model._name if path == "id" else comodel
            if target not in FIXED_HIERARCHIES:
                return True
        if isinstance(leaf[2], list | tuple) and any(
            isinstance(sub, list | tuple) for sub in leaf[2]
        ):
            if comodel is None or _walks_hierarchy(model.env[comodel], leaf[2]):
                return True
    return False


ACCESS_MEMO_SIZE = 4096
_MISSING = object()


class _ReadCall:
    """What one read (a form, a list and what they show) learnt of access.

    ``memo``: the access memo (see ``access_memo``), taken once for the
    call. ``readable``: the ids of each model found readable in it, by the
    user and schools that read them (see ``readable_key``). ``answers``:
    other answers about the user kept for the call (see ``read_call_answer``).
    """

    __slots__ = ("answers", "memo", "readable", "registry")

    def __init__(self, env):
        self.registry = env.registry
        self.memo = env["safeguarding.input.guard"]._safeguarding_access_memo()
        self.readable = {}
        self.answers = {}


# The read under way in this request (see read_call). A context variable,
# not an environment context key: callers cannot set it.
_READ_CALL = contextvars.ContextVar("safeguarding_read_call", default=None)


@contextlib.contextmanager
def read_call(env):
    """Run the body as one read: access is asked once per model and record.

    A case form reads some twenty models, several of them twice (the
    case's concerns in two tabs): Odoo asks the access rights and the
    record rules of each at every step, and checks again in Python or SQL
    records it has just found with the rules. Inside the body, those
    answers are kept. Nothing is written by a read, so records found
    readable stay readable until it ends.
    """
    if env.su or _READ_CALL.get() is not None:
        yield
        return
    token = _READ_CALL.set(_ReadCall(env))
    try:
        yield
    finally:
        _READ_CALL.reset(token)


def read_call_answer(key, compute):
    """``compute()``, asked once for the rest of the read under way.

    For answers about the user that a read cannot change (their two-factor
    state, say) and that each model it reads asks again. Outside a read,
    asked every time.
    """
    call = _READ_CALL.get()
    if call is None:
        return compute()
    answer = call.answers.get(key, _MISSING)
    if answer is _MISSING:
        answer = call.answers[key] = compute()
    return answer


def access_memo(env):
    """A dict that lives exactly as long as Odoo's cached access answers.

    It is the value of an ``ormcache`` method, in the registry cache where
    Odoo keeps the record rules' domains and the models each user may
    access: Odoo empties that cache whenever a rule, an access right, a
    group or a user's groups change (in this worker at once, in the others
    through the database). Answers kept in it are derived from those, under
    the same keys (the user, the schools of the context), so they go with
    them. Inside a read (see ``read_call``) it is taken once.
    """
    call = _READ_CALL.get()
    if call is not None and call.registry is env.registry:
        return call.memo
    return env["safeguarding.input.guard"]._safeguarding_access_memo()


def _memoized(env, key, compute):
    """``compute()``, kept in the access memo under ``key``."""
    memo = access_memo(env)
    value = memo.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if len(memo) >= ACCESS_MEMO_SIZE:
            memo.clear()
        memo[key] = value
    return value


def _rule_context(env):
    """The context values Odoo keys the rules' domain on (the schools)."""
    return tuple(env["ir.rule"]._compute_domain_context_values())


def rules_domain(model, mode):
    """Odoo's ``ir.rule._compute_domain`` for ``model``, kept in the memo."""
    env = model.env
    return _memoized(
        env,
        ("domain", model._name, mode, env.uid, _rule_context(env)),
        lambda: env["ir.rule"]._compute_domain(model._name, mode),
    )


def model_access(model, operation):
    """Odoo's ``ir.model.access.check`` (no error raised), kept in the memo."""
    env = model.env
    return _memoized(
        env,
        ("access", model._name, operation, env.uid),
        lambda: env["ir.model.access"].check(
            model._name, operation, raise_exception=False
        ),
    )


def readable_key(model):
    return (model._name, model.env.uid, _rule_context(model.env))


def cached_rules_where(model, mode):
    """The SQL of ``model``'s record rules for ``mode``, built once.

    Odoo caches the rules' domain for the user and the schools in the
    context, but turns it into SQL again at every search: a case form
    searches some twenty models. The SQL of a domain depends on the domain
    alone (the user, the schools and the rules are written in it), the
    language and ``active_test``: it is kept under those, per registry (a
    module update starts a new one), up to 4,096 (then started afresh).
    Which SQL applies to a user is kept in the access memo.

    A pair (joins, where): the tables the rules join, as Odoo's query
    names them (the contact of a user or an employee, whose rules apply to
    them too), and the WHERE clause. None: no rule applies. False: Odoo's
    way is to be taken (rules that add tables otherwise, or walk a
    hierarchy that can change, whose SQL holds the ids found when it was
    built).
    """
    env = model.env
    active_test = env.context.get("active_test", True)
    return _memoized(
        env,
        (
            "where",
            model._name,
            mode,
            env.uid,
            _rule_context(env),
            env.lang,
            active_test,
        ),
        lambda: _rules_sql(model, mode, active_test),
    )


def _rules_sql(model, mode, active_test):
    """The rules' SQL for the user (see cached_rules_where), from the cache
    shared by the users whose rules come to the same domain."""
    env = model.env
    domain = rules_domain(model, mode)
    if not domain:
        return None
    key = (model._name, mode, repr(domain), env.lang, active_test)
    cache = _rule_sql_cache(env.registry)
    rules = cache.get(key)
    if rules is None:
        rules = False
        if not _walks_hierarchy(model, domain):
            probe = Query(env, model._table, model._table_sql)
            expression.expression(domain, model.sudo(), model._table, probe)
            if list(probe._tables) == [model._table]:
                rules = (
                    tuple(
                        (alias, kind.code, table, condition)
                        for alias, (kind, table, condition) in probe._joins.items()
                    ),
                    probe.where_clause,
                )
        cache[key] = rules
    return rules


def add_cached_rules(model, query, mode):
    """Add ``model``'s record rules to ``query`` from the cached SQL.

    False when Odoo's way is to be taken instead: the superuser (no rule),
    a rule the cache does not take (see ``cached_rules_where``).
    """
    if model.env.su:
        return False
    rules = cached_rules_where(model, mode)
    if rules is False:
        return False
    if rules is not None:
        joins, where = rules
        for alias, kind, table, condition in joins:
            # The same join as Odoo's (it refuses an alias used otherwise).
            query.add_join(kind, alias, table, condition)
        query.add_where(where)
    return True


RULE_SQL_CACHE_SIZE = 4096


def _rule_sql_cache(registry):
    """Record rules already turned into SQL (see cached_rules_where).

    Shared by the users whose rules come to the same domain. A plain dict,
    emptied when full: reading and writing a dict is atomic; two requests
    building the same entry at once build the same SQL.
    """
    cache = getattr(registry, "_safeguarding_rule_sql", None)
    if cache is None or len(cache) >= RULE_SQL_CACHE_SIZE:
        cache = registry._safeguarding_rule_sql = {}
    return cache


def _guard_call(method, values_check=None):
    """Wrap a public method so that malformed input is a validation error.

    Odoo 18 has no hook between an RPC call and the method: ``call_kw`` calls
    it with whatever positional and keyword arguments were sent, and a stray
    one is a ``TypeError`` (a server error). The arguments are bound to the
    method's signature first. For ``create`` and ``write``, ``values_check``
    then checks the values before any override of the model reads them.
    """
    signature = inspect.signature(method)
    values_name = list(signature.parameters)[1] if values_check else None

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            arguments = signature.bind(self, *args, **kwargs).arguments
        except TypeError as error:
            raise ValidationError(
                self.env._(
                    "%(method)s: unexpected arguments (%(count)s given).",
                    method=method.__name__,
                    count=len(args) + len(kwargs),
                )
            ) from error
        if values_check and not self.env.su:
            # Users' input only: the addon's own writes run as superuser.
            values_check(self, arguments[values_name])
        return method(self, *args, **kwargs)

    guarded._safeguarding_guarded = True
    return guarded


def _check_create_values(records, vals_list):
    records._safeguarding_check_values(
        [vals_list] if isinstance(vals_list, dict) else vals_list
    )


def _check_write_values(records, vals):
    records._safeguarding_check_values([vals])


GUARDED_METHODS = {"create": _check_create_values, "write": _check_write_values}


class SafeguardingInputGuard(models.AbstractModel):
    """Refuse malformed values with a clear message before they reach the ORM.

    Over JSON-RPC anyone can send a string for an id, a list for a text, a
    date that is not one or a megabyte of text, an incomplete x2many command,
    a domain with a list where an id goes, or a stray argument to a button.
    Odoo would answer with a Python or database error (a server error);
    safeguarding models answer with a validation error that names the field,
    and change nothing. Values are checked by the outermost ``create`` and
    ``write`` (before any override reads them), domains by ``_search``.
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
            if "\x00" in value:
                raise self._safeguarding_invalid(
                    field, self.env._("the text holds a null character.")
                )
        elif kind == "many2one":
            if not _is_integer(value):
                raise self._safeguarding_invalid(
                    field, self.env._("a record id is expected.")
                )
        elif kind in NUMBER_TYPES:
            if not _is_number(value):
                raise self._safeguarding_invalid(
                    field, self.env._("a number is expected.")
                )
            if kind == "integer" and not INTEGER_MIN <= value <= INTEGER_MAX:
                raise self._safeguarding_invalid(
                    field, self.env._("the number is too large.")
                )
        elif kind == "boolean":
            if not isinstance(value, bool | int):
                raise self._safeguarding_invalid(
                    field, self.env._("true or false is expected.")
                )
        elif kind == "selection":
            # A list or a dict is no choice (and cannot be looked up in one).
            if not isinstance(value, str | int) or value not in dict(
                field.get_description(self.env).get("selection") or []
            ):
                raise self._safeguarding_invalid(
                    field,
                    self.env._(
                        "'%(value)s' is not a valid choice.", value=str(value)[:50]
                    ),
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
                    field,
                    self.env._("'%(value)s' is not a date.", value=str(value)[:50]),
                )
        elif kind == "binary":
            if not isinstance(value, str | bytes):
                raise self._safeguarding_invalid(
                    field, self.env._("a file (base64) is expected.")
                )
            try:
                base64.b64decode(value)
            except (binascii.Error, ValueError) as error:
                raise self._safeguarding_invalid(
                    field, self.env._("the file is not valid base64.")
                ) from error
        elif kind in RELATIONAL_COMMANDS:
            self._safeguarding_check_commands(field, value)

    def _safeguarding_check_commands(self, field, value):
        """An x2many value: ids, or complete commands (``Command``)."""
        invalid = self._safeguarding_invalid(
            field, self.env._("not a valid list of records.")
        )
        if not isinstance(value, list | tuple):
            raise invalid
        if isinstance(value, tuple) or (
            value and not isinstance(value[0], list | tuple)
        ):
            # A plain list of ids replaces the value.
            if not all(_is_integer(record_id) for record_id in value):
                raise invalid
            return
        for command in value:
            if not isinstance(command, list | tuple) or not command:
                raise invalid
            code, *rest = command
            if not _is_integer(code) or not 0 <= code <= 6:
                raise invalid
            arity = {0: (2,), 1: (2,), 5: (0, 2), 6: (2,)}.get(code, (1, 2))
            if len(rest) not in arity:
                raise invalid
            if code in (1, 2, 3, 4) and not _is_integer(rest[0]):
                raise invalid
            if code in (0, 1) and not isinstance(rest[1], dict):
                raise invalid
            if code == 6 and not (
                isinstance(rest[1], list | tuple)
                and all(_is_integer(record_id) for record_id in rest[1])
            ):
                raise invalid

    @api.model
    def _safeguarding_linked_ids(self, field, value):
        """The ids an x2many value links to (they must exist)."""
        if not isinstance(value, list | tuple):
            return set()
        if isinstance(value, tuple) or (
            value and not isinstance(value[0], list | tuple)
        ):
            return set(value)
        ids = set()
        for command in value:
            if command[0] == 4:
                ids.add(command[1])
            elif command[0] == 6:
                ids.update(command[2])
        return ids

    def _safeguarding_check_values(self, vals_list):
        """Check every value; linked records must exist (one query per model)."""
        if not isinstance(vals_list, list | tuple):
            raise ValidationError(self.env._("Values must be given as a dictionary."))
        targets = {}
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise ValidationError(
                    self.env._("Values must be given as a dictionary.")
                )
            for name, value in vals.items():
                field = self._fields.get(name) if isinstance(name, str) else None
                if field is None:
                    raise ValidationError(
                        self.env._(
                            "Unknown field '%(name)s' on %(model)s.",
                            name=str(name)[:50],
                            model=self._description,
                        )
                    )
                self._safeguarding_check_value(field, value)
                if field.type == "many2one" and value:
                    targets.setdefault(field, set()).add(value)
                elif field.type in RELATIONAL_COMMANDS and value:
                    targets.setdefault(field, set()).update(
                        self._safeguarding_linked_ids(field, value)
                    )
        for field, ids in targets.items():
            if not ids:
                continue
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

    def _safeguarding_check_field_names(self, names):
        """The field names to read: a list of this model's fields (or none)."""
        if names is None or names is False:
            return
        if not isinstance(names, list | tuple) or not all(
            isinstance(name, str) and name in self._fields for name in names
        ):
            raise ValidationError(
                self.env._(
                    "%(model)s: the fields to read are a list of its field names.",
                    model=self._description,
                )
            )

    # ------------------------------------------------------------------
    # Searches: domains, paging, sorting and grouping sent over RPC
    # ------------------------------------------------------------------

    def _safeguarding_invalid_search(self, reason):
        return ValidationError(
            self.env._(
                "%(model)s: invalid search: %(reason)s",
                model=self._description,
                reason=reason,
            )
        )

    @api.model
    def _safeguarding_check_domain(self, domain, model=None):
        """Refuse a domain that Odoo could not turn into SQL, before it tries.

        ``model`` is the model the domain applies to: this one, or a comodel
        for the sub-domain of ``any``.
        """
        model = self if model is None else model
        if not isinstance(domain, list | tuple):
            raise self._safeguarding_invalid_search(
                self.env._("a domain is a list of conditions.")
            )
        operands = 0
        for element in reversed(domain):
            if isinstance(element, str) and element in ("&", "|", "!"):
                needed = 1 if element == "!" else 2
                if operands < needed:
                    raise self._safeguarding_invalid_search(
                        self.env._(
                            "'%(operator)s' lacks a condition.", operator=element
                        )
                    )
                operands -= needed - 1
            else:
                self._safeguarding_check_leaf(model, element)
                operands += 1

    @api.model
    def _safeguarding_check_leaf(self, model, leaf):
        if (
            not isinstance(leaf, list | tuple)
            or len(leaf) != 3
            or not isinstance(leaf[1], str)
        ):
            raise self._safeguarding_invalid_search(
                self.env._(
                    "%(leaf)s is not a condition (field, operator, value).",
                    leaf=repr(leaf)[:80],
                )
            )
        if tuple(leaf) in (expression.TRUE_LEAF, expression.FALSE_LEAF):
            return
        path, operator, value = leaf
        operator = "!=" if operator == "<>" else operator.lower()
        if operator not in expression.TERM_OPERATORS:
            raise self._safeguarding_invalid_search(
                self.env._("unknown operator %(operator)s.", operator=repr(operator))
            )
        field_model, field = self._safeguarding_search_field(model, path)
        if field is None or isinstance(value, Query | SQL | models.BaseModel):
            # A property, or a subquery built by the ORM (never sent over RPC).
            return

        # The field's label only for an error message (it is looked up in the
        # user's language: every search of every page passes here).
        def label():
            return field._description_string(self.env)

        if operator in ("any", "not any"):
            if field.type not in RELATIONAL_TYPES:
                raise self._safeguarding_invalid_search(
                    self.env._("%(field)s has no records to search.", field=label())
                )
            self._safeguarding_check_domain(value, self.env[field.comodel_name])
            return
        if operator in HIERARCHY_OPERATORS:
            hierarchy = (
                self.env[field.comodel_name]
                if field.type in RELATIONAL_TYPES
                else field_model
                if field.name == "id"
                else None
            )
            parent = hierarchy is not None and hierarchy._fields.get(
                hierarchy._parent_name
            )
            if not parent or parent.comodel_name != hierarchy._name:
                raise self._safeguarding_invalid_search(
                    self.env._("%(field)s has no hierarchy.", field=label())
                )
        elif not field.store and (
            (field.type == "boolean" and operator not in ("=", "!="))
            or (field.type == "selection" and operator not in COMPUTED_OPERATORS)
        ):
            # Searched by the field's own method, which knows no more.
            raise self._safeguarding_invalid_search(
                self.env._(
                    "%(field)s cannot be searched with '%(operator)s'.",
                    field=label(),
                    operator=operator,
                )
            )
        if operator == "=?" and (value is None or value is False):
            return
        values = [value]
        if operator in LIST_OPERATORS or operator in HIERARCHY_OPERATORS:
            if isinstance(value, list | tuple):
                values = value
            elif operator in LIST_OPERATORS:
                raise self._safeguarding_invalid_search(
                    self.env._(
                        "%(field)s: a list of values is expected.", field=label()
                    )
                )
        for item in values:
            if not self._safeguarding_is_search_value(field, operator, item):
                raise self._safeguarding_invalid_search(
                    self.env._(
                        "%(value)s is not a valid value for %(field)s.",
                        value=repr(item)[:50],
                        field=label(),
                    )
                )

    @api.model
    def _safeguarding_search_field(self, model, path):
        """The model and field a domain path ends on (no field past a property)."""
        names = path.split(".") if isinstance(path, str) else [None]
        for position, name in enumerate(names, 1):
            field = model._fields.get(name) if name else None
            if field is None:
                raise self._safeguarding_invalid_search(
                    self.env._(
                        "%(model)s has no field %(field)s.",
                        model=model._description,
                        field=repr(name if name else path)[:50],
                    )
                )
            if not field._description_searchable:
                raise self._safeguarding_invalid_search(
                    self.env._(
                        "%(field)s cannot be searched.",
                        field=field._description_string(self.env),
                    )
                )
            if position == len(names):
                return model, field
            if field.type == "properties":
                return model, None
            if field.type not in RELATIONAL_TYPES:
                raise self._safeguarding_invalid_search(
                    self.env._(
                        "%(field)s has no sub-fields.",
                        field=field._description_string(self.env),
                    )
                )
            model = self.env[field.comodel_name]

    @api.model
    def _safeguarding_is_search_value(self, field, operator, value):
        """Whether ``value`` can be compared with ``field`` by ``operator``."""
        kind = field.type
        if operator in HIERARCHY_OPERATORS:
            # Record ids, or names to look up.
            return (isinstance(value, str) and "\x00" not in value) or (
                _is_integer(value) and INTEGER_MIN <= value <= INTEGER_MAX
            )
        if kind == "selection" and not (field.store or field.related):
            # Searched by the field's own method: only its choices.
            return isinstance(value, str | int) and value in dict(
                field._description_selection(self.env)
            )
        if value is None or value is False or isinstance(value, NewId):
            return True
        if isinstance(value, str) and "\x00" in value:
            return False
        if operator in LIKE_OPERATORS:
            return isinstance(value, str) and kind not in ("boolean", *NUMBER_TYPES)
        in_range = _is_number(value) and INTEGER_MIN <= value <= INTEGER_MAX
        if kind == "integer":
            return in_range and (field.name != "id" or _is_integer(value))
        if kind in RELATIONAL_TYPES:
            # A string is looked up by name (but not in a list of x2many ids).
            return (in_range and _is_integer(value)) or (
                isinstance(value, str)
                and (kind == "many2one" or operator not in LIST_OPERATORS)
            )
        if kind in ("float", "monetary"):
            return _is_number(value)
        if kind in ("date", "datetime"):
            return isinstance(value, date) or _is_date_text(value)
        if kind == "boolean":
            return isinstance(value, bool) or (
                field.store and _is_integer(value) and value in (0, 1)
            )
        if kind == "selection":
            return isinstance(value, str | int) and value in dict(
                field._description_selection(self.env)
            )
        if kind in TEXT_TYPES:
            return isinstance(value, str)
        return isinstance(value, str | int | float)

    @api.model
    def _safeguarding_check_paging(self, offset=None, limit=None, order=None):
        for number in (offset, limit):
            if number is None or number is False:
                continue
            if not _is_integer(number) or not 0 <= number <= PAGING_MAX:
                raise self._safeguarding_invalid_search(
                    self.env._("offsets and limits are whole numbers.")
                )
        if order is None or order is False or order == "":
            return
        if not isinstance(order, str):
            raise self._safeguarding_invalid_search(
                self.env._("the order is a text such as 'date desc, id'.")
            )
        self._check_qorder(order)
        for term in order.split(","):
            name = regex_order.match(term)["field"].strip('"')
            field = self._fields.get(name)
            if field is None or not field._description_sortable(self.env):
                raise self._safeguarding_invalid_search(
                    self.env._("cannot sort by %(field)s.", field=repr(name))
                )

    @api.model
    def _safeguarding_check_grouping(self, fields_spec, groupby, orderby):
        """The ``fields``, ``groupby`` and ``orderby`` of ``read_group``."""
        groupby = [groupby] if isinstance(groupby, str) else groupby
        if not (
            isinstance(fields_spec, list | tuple)
            and isinstance(groupby, list | tuple)
            and all(isinstance(spec, str) for spec in (*fields_spec, *groupby))
        ):
            raise self._safeguarding_invalid_search(
                self.env._("fields and groupings are lists of field names.")
            )
        names = {"__count"}
        for spec in groupby:
            match = regex_read_group_spec.match(spec)
            field = match and self._fields.get(match[1])
            if (
                not field
                or (match[3] and field.type != "properties")
                or (
                    match[4]
                    and (
                        field.type not in ("date", "datetime")
                        or match[4] not in READ_GROUP_ALL_TIME_GRANULARITY
                    )
                )
                or not field._description_groupable(self.env)
            ):
                raise self._safeguarding_invalid_search(
                    self.env._("cannot group by %(spec)s.", spec=repr(spec)[:50])
                )
            names.update((match[1], f"{match[1]}_count"))
        for spec in fields_spec:
            if spec == "__count":
                continue
            match = regex_field_agg.fullmatch(spec)
            field = match and self._fields.get(match[3] or match[1])
            if not field or (
                match[2] and not self._safeguarding_can_aggregate(field, match[2])
            ):
                raise self._safeguarding_invalid_search(
                    self.env._("cannot aggregate %(spec)s.", spec=repr(spec)[:50])
                )
            if match[2] or (field.store and field.column_type and field.aggregator):
                # What read_group aggregates (and so may sort the groups by).
                names.add(match[1])
        if orderby is None or orderby is False or orderby == "":
            return
        if not isinstance(orderby, str) or not regex_order.match(orderby):
            raise self._safeguarding_invalid_search(
                self.env._("the order is a text such as 'date desc, id'.")
            )
        for term in orderby.split(","):
            match = regex_order.match(term)
            field = self._fields.get(match["field"])
            valid = (
                f"{match['field']}:{match['func']}" in groupby
                or (field and self._safeguarding_can_aggregate(field, match["func"]))
                if match["func"]
                else match["field"] in names
            )
            if not valid:
                raise self._safeguarding_invalid_search(
                    self.env._("cannot sort groups by %(term)s.", term=repr(term)[:50])
                )

    @api.model
    def _safeguarding_can_aggregate(self, field, function):
        return (
            function in READ_GROUP_AGGREGATE
            and bool(field.store and field.column_type)
            and (function != "recordset" or field.relational or field.name == "id")
        )

    def browse(self, ids=None):
        records = super().browse(ids)
        # A list is what arrives over RPC (the ORM passes tuples and ids):
        # check it before any method runs a query with it.
        if isinstance(ids, list):
            records._safeguarding_check_ids()
        return records

    def action_open_record(self):
        """Open this record's own page (from a list inside another page)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def check_access(self, operation):
        self._safeguarding_check_ids()
        return super().check_access(operation)

    def _apply_ir_rules(self, query, mode="read"):
        """Odoo's record rules, their SQL kept between searches.

        See ``cached_rules_where``.
        """
        if not add_cached_rules(self, query, mode):
            return super()._apply_ir_rules(query, mode)
        return None

    @api.model
    @tools.conditional(
        "xml" not in config["dev_mode"],
        tools.ormcache(),
    )
    def _safeguarding_access_memo(self):
        """The access memo: see ``access_memo``.

        Not kept in the ``xml`` developer mode, where Odoo does not keep
        the rules' domains either.
        """
        return {}

    def _fetch_query(self, query, fields):
        fetched = super()._fetch_query(query, fields)
        # Odoo's fetch and search_fetch run queries that apply the user's
        # record rules, or records that passed check_access: what comes
        # back is readable for the rest of the read.
        call = _READ_CALL.get()
        if call is not None and fetched._ids and not self.env.su:
            call.readable.setdefault(readable_key(self), set()).update(fetched._ids)
        return fetched

    def _check_access(self, operation):
        """Odoo's check, asked once per read, with several records in SQL.

        As Odoo's: the access rights, then the record rules. Their answers
        come from the access memo; records already found readable in the
        same read (see ``read_call``) are not checked again.

        Odoo 18 checks the rules of records it is about to read in Python
        (``filtered_domain``), which first fetches every stored column of
        every record for the fields the rules name: the descriptions of a
        list's 80 concerns, the summaries of a case's chronology. The
        database answers the same rules on the records' ids instead, as the
        searches that found them did. One record keeps Odoo's way.
        """
        if self.env.su:
            return super()._check_access(operation)
        if not model_access(self, operation):
            return self, functools.partial(
                self.env["ir.model.access"]._make_access_error, self._name, operation
            )
        ids = self._ids
        if not any(ids):
            return None
        if operation == "read" and (call := _READ_CALL.get()) is not None:
            readable = call.readable.get(readable_key(self))
            if readable is not None and readable.issuperset(ids):
                return None
        domain = rules_domain(self, operation)
        if not domain:
            return None
        Rule = self.env["ir.rule"]
        if len(ids) < 2 or not all(type(id_) is int for id_ in ids):
            forbidden = self - self.sudo().filtered_domain(domain)
        else:
            query = Query(self.env, self._table, self._table_sql)
            self._apply_ir_rules(query, operation)
            query.add_where(
                SQL("%s = ANY(%s)", SQL.identifier(self._table, "id"), list(ids))
            )
            # Records no longer in the database are not forbidden but
            # missing: reading them says so (MissingError), as Odoo's own
            # check lets it.
            forbidden = (self - self.browse(query.get_result_ids())).exists()
        if forbidden:
            return forbidden, functools.partial(
                Rule._make_access_error, operation, forbidden
            )
        return None

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Every search, count, read_group and name_search ends here.
        if not self.env.su:
            self._safeguarding_check_domain(domain)
            self._safeguarding_check_paging(offset, limit, order)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    @api.readonly
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        if not self.env.su:
            # Before Odoo combines the domains (which assumes they are lists).
            if not isinstance(name, str):
                raise self._safeguarding_invalid_search(
                    self.env._("the name to search is a text.")
                )
            self._safeguarding_check_domain([("display_name", operator, name)])
            self._safeguarding_check_domain(args or [])
            self._safeguarding_check_paging(limit=limit)
        return super().name_search(name=name, args=args, operator=operator, limit=limit)

    @api.model
    @api.readonly
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        if not self.env.su:
            # The domain too: Odoo normalizes it before it searches.
            self._safeguarding_check_domain(domain)
            self._safeguarding_check_grouping(fields, groupby, orderby)
            self._safeguarding_check_paging(offset, limit)
        return super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )

    @api.readonly
    def read(self, fields=None, load="_classic_read"):
        if not self.env.su:
            self._safeguarding_check_field_names(fields)
        return super().read(fields=fields, load=load)

    @api.model
    @api.readonly
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs
    ):
        if not self.env.su:
            self._safeguarding_check_field_names(fields)
        return super().search_read(
            domain=domain,
            fields=fields,
            offset=offset,
            limit=limit,
            order=order,
            **read_kwargs,
        )

    def _register_hook(self):
        super()._register_hook()
        if self._abstract:
            return
        # The outermost create, write and public actions of each model check
        # their input first (see _guard_call); once per model class, when the
        # registry is ready.
        cls = type(self)
        for name in dir(cls):
            method = getattr(cls, name, None)
            if (
                (name in GUARDED_METHODS or name.startswith("action_"))
                and inspect.isfunction(method)
                and not getattr(method, "_safeguarding_guarded", False)
            ):
                setattr(cls, name, _guard_call(method, GUARDED_METHODS.get(name)))
