"""The archive of every safeguarding record, made before uninstalling.

Uninstalling the addon drops its tables: concerns, chronologies, referrals,
allegations and the access log would be gone. Odoo refuses to uninstall it
until a settings administrator has downloaded this archive and nothing was
recorded since.
"""

import json
import tempfile
import zipfile

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

ARCHIVED_AT = "school_safeguarding.archived_at"
BATCH = 1000


class SafeguardingArchive(models.AbstractModel):
    _name = "safeguarding.archive"
    _description = "Archive of the safeguarding records"

    @api.model
    def _archived_models(self):
        return sorted(
            name
            for name, model in self.env.registry.items()
            if name.startswith("safeguarding.")
            and not model._abstract
            and not model._transient
            and model._auto
        )

    @api.model
    def _last_change(self):
        """When a safeguarding record was last created or changed."""
        last = None
        for name in self._archived_models():
            table = self.env[name]._table
            self.env.cr.execute(
                SQL(
                    "SELECT max(greatest(create_date, write_date)) FROM %s",
                    SQL.identifier(table),
                )
            )
            value = self.env.cr.fetchone()[0]
            if value and (not last or value > last):
                last = value
        return last

    @api.model
    def _check_archived(self):
        """Refuse to go on unless the archive holds every record."""
        stamp = self.env["ir.config_parameter"].sudo().get_param(ARCHIVED_AT)
        archived_at = fields.Datetime.to_datetime(stamp) if stamp else None
        last = self._last_change()
        if not archived_at or (last and last > archived_at):
            raise UserError(
                self.env._(
                    "Uninstalling Safeguarding deletes every concern, case, "
                    "chronology, referral, allegation and the access log. "
                    "Download the archive of all safeguarding records first "
                    "(Settings, Safeguarding, 'Download the archive'), keep it "
                    "safe, then uninstall without recording anything in "
                    "between."
                )
            )

    @api.model
    def action_download(self):
        """Build the archive, remember when, and download it."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._("Only a settings administrator archives the records.")
            )
        now = fields.Datetime.now()
        with tempfile.TemporaryFile() as buffer:
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                self._write_records(archive)
                self._write_messages(archive)
                self._write_files(archive)
            buffer.seek(0)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"safeguarding-archive-{self.env.cr.dbname}-"
                        f"{now:%Y%m%d-%H%M%S}.zip",
                        "raw": buffer.read(),
                        "mimetype": "application/zip",
                    }
                )
            )
        # The archive's own time, taken after every record was read.
        self.env["ir.config_parameter"].sudo().set_param(
            ARCHIVED_AT, fields.Datetime.to_string(fields.Datetime.now())
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _write_records(self, archive):
        for name in self._archived_models():
            model = self.env[name].sudo().with_context(active_test=False)
            names = [
                field.name
                for field in model._fields.values()
                if field.store and field.type != "binary"
            ]
            ids = model.search([], order="id").ids
            with archive.open(f"records/{name}.jsonl", "w") as out:
                for start in range(0, len(ids), BATCH):
                    batch = model.browse(ids[start : start + BATCH])
                    for row in batch.read(names, load=None):
                        out.write(self._line(row))
                    batch.invalidate_recordset()

    def _write_messages(self, archive):
        Message = self.env["mail.message"].sudo()
        ids = Message.search([("model", "in", self._archived_models())], order="id").ids
        names = [
            "model",
            "res_id",
            "date",
            "author_id",
            "message_type",
            "subtype_id",
            "subject",
            "body",
            "attachment_ids",
        ]
        with archive.open("messages.jsonl", "w") as out:
            for start in range(0, len(ids), BATCH):
                batch = Message.browse(ids[start : start + BATCH])
                for row in batch.read(names):
                    out.write(self._line(row))
                batch.invalidate_recordset()

    def _write_files(self, archive):
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.search(
            [
                ("res_model", "in", self._archived_models()),
                "|",
                ("res_field", "=", False),
                ("res_field", "!=", False),
            ],
            order="id",
        )
        for attachment in attachments:
            folder = f"files/{attachment.res_model}/{attachment.res_id}"
            archive.writestr(
                f"{folder}/{attachment.id}-{attachment.name}", attachment.raw or b""
            )

    @staticmethod
    def _line(row):
        return (json.dumps(row, default=str, ensure_ascii=False) + "\n").encode()
