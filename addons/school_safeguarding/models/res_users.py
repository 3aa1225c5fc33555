from odoo import api, models

from .safeguarding_input_guard import read_call_answer

# Who starts the day in Safeguarding rather than in Discuss: the roles whose
# work is there (the team and the DSL, directors, HR, reception).
HOME_GROUPS = (
    "school_safeguarding.group_safeguarding_team",
    "school_safeguarding.group_safeguarding_director",
    "school_safeguarding.group_safeguarding_hr",
    "school_safeguarding.group_safeguarding_reception",
)


class ResUsers(models.Model):
    # Users carry their contact's fields (pupils' cases among them): searches
    # on those need the right to read them, as on the contact.
    _name = "res.users"
    _inherit = ["res.users", "safeguarding.search.guard"]

    def has_groups(self, group_spec):
        # A form asks it for every field of limited groups it reads, in
        # each model: once per read (see read_call), as a read cannot
        # change anyone's groups.
        if not self.id:
            return super().has_groups(group_spec)

        def has_them():
            return super(ResUsers, self).has_groups(group_spec)

        return read_call_answer(
            ("has_groups", self.env.uid, self.env.su, self.id, group_spec), has_them
        )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._safeguarding_set_home()
        return users

    def write(self, vals):
        result = super().write(vals)
        if any(
            name.startswith(("groups_id", "in_group_", "sel_groups_")) for name in vals
        ):
            self._safeguarding_set_home()
        return result

    def _safeguarding_set_home(self):
        """Give a safeguarding role its home page, unless one was chosen."""
        home = self.env.ref(
            "school_safeguarding.safeguarding_home_action", raise_if_not_found=False
        )
        if not home:
            return
        groups = self.env["res.groups"]
        for xmlid in HOME_GROUPS:
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or groups
        for user in self.sudo():
            if not user.action_id and not user.share and user.groups_id & groups:
                user.action_id = home.id
