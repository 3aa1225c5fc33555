from odoo import api, models
from odoo.exceptions import AccessError

from .safeguarding_input_guard import add_cached_rules


class SafeguardingSearchGuard(models.AbstractModel):
    """Searching, grouping and sorting on a field need the right to read it.

    Odoo checks a field's ``groups`` when a stored column is read or compared,
    but not when a domain goes through a one2many, a many2many or a search
    method: ``[("safeguarding_case_ids", "!=", False)]`` would list the
    children who have a case to anyone. Shared models that carry
    safeguarding fields (contacts, employees, users) inherit this guard.
    """

    _name = "safeguarding.search.guard"
    _description = "Safeguarding field access in searches"

    def _safeguarding_check_domain_fields(self, domain):
        for leaf in domain or []:
            if not isinstance(leaf, list | tuple) or len(leaf) != 3:
                continue
            path = leaf[0]
            if not isinstance(path, str):
                continue
            field = self._fields.get(path.split(".", 1)[0])
            if field is None:
                continue
            self._safeguarding_check_field(field)
            # A sub-domain ("any") is searched on the comodel, which checks
            # its own fields when it is guarded too.

    def _safeguarding_check_field(self, field):
        if field.groups and not field.is_accessible(self.env):
            raise AccessError(
                self.env._(
                    "You are not allowed to search on the field '%(field)s' of "
                    "%(model)s.",
                    field=field._description_string(self.env),
                    model=self._description,
                )
            )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            self._safeguarding_check_domain_fields(domain)
            if isinstance(order, str):
                for part in order.split(","):
                    name = part.strip().split(" ", 1)[0].split(".", 1)[0]
                    field = self._fields.get(name)
                    if field is not None:
                        self._safeguarding_check_field(field)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _apply_ir_rules(self, query, mode="read"):
        # Contacts, users and employees: their multi-company rules
        # (parent_of the user's schools for contacts, whose rules apply to
        # users and employees too) are turned into SQL once, as the addon's
        # own models' rules are; a case form reads five lists of contacts
        # and one of users.
        if not add_cached_rules(self, query, mode):
            return super()._apply_ir_rules(query, mode)
        return None

    def _read_group_groupby(self, groupby_spec, query):
        if not self.env.su:
            field = self._fields.get(groupby_spec.split(":", 1)[0].split(".", 1)[0])
            if field is not None:
                self._safeguarding_check_field(field)
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        if not self.env.su and aggregate_spec != "__count":
            field = self._fields.get(aggregate_spec.split(":", 1)[0])
            if field is not None:
                self._safeguarding_check_field(field)
        return super()._read_group_select(aggregate_spec, query)
