/** @odoo-module **/

import { registry } from "@web/core/registry";

const { DateTime } = luxon;

// The DSL refers a case and records the first phone call in the new
// referral's contacts, then saves both at once. The contact belongs to the
// referral being written: no referral is ever asked for or offered.
registry.category("web_tour.tours").add("school_safeguarding_referral_first_call", {
    steps: () => [
        {
            content: "Refer the case",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_refer']",
            run: "click",
        },
        {
            content: "Say what is referred",
            trigger: ".o_form_view .o_field_widget[name='reason'] textarea",
            run: "edit Bruises on both arms; she says her stepfather hits her.",
        },
        {
            content: "Record the phone call",
            trigger:
                ".o_form_view .o_field_widget[name='contact_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "What was said on the phone",
            trigger: ".modal .o_field_widget[name='summary'] textarea",
            run: "edit Told the duty officer; a social worker visits tomorrow.",
        },
        {
            content: "No referral to choose for the call",
            trigger: ".modal:not(:has(.o_field_widget[name='referral_id']))",
        },
        {
            content: "Keep the call",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The call is listed, not saved yet",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name='contact_ids'] .o_data_row:contains('Told the duty officer')",
        },
        {
            content: "Save the referral with its call",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The referral waits for the agency",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='open']",
        },
        {
            content: "The call is listed under the referral",
            trigger:
                ".o_field_widget[name='contact_ids'] .o_data_row:contains('Told the duty officer')",
        },
        {
            content: "Still no referral asked for",
            trigger: "body:not(:has(.o_field_widget[name='referral_id']))",
        },
    ],
});

// The DSL adds a phone call made three days ago to the case's chronology,
// from the case, and finds it in the chronology tab.
registry.category("web_tour.tours").add("school_safeguarding_add_to_chronology", {
    steps: () => [
        {
            content: "Add to the chronology",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_add_log']",
            run: "click",
        },
        {
            content: "It was a contact",
            trigger: ".modal .o_field_widget[name='manual_kind'] input[data-value='contact']",
            run: "click",
        },
        {
            content: "When the call was made",
            trigger: ".modal .o_field_widget[name='event_date'] input",
            run: `edit ${DateTime.now()
                .minus({ days: 3 })
                .set({ hour: 10, minute: 0, second: 0 })
                .toFormat("MM/dd/yyyy HH:mm:ss")}`,
        },
        {
            content: "What happened",
            trigger: ".modal .o_field_widget[name='summary'] textarea",
            run: "edit Phoned the mother: she confirms the bruises.",
        },
        {
            content: "Save the entry",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the chronology",
            trigger: ".o_form_view .o_notebook a:contains('Chronology')",
            run: "click",
        },
        {
            content: "The call is in the chronology",
            trigger:
                ".o_field_widget[name='log_ids'] .o_data_row:contains('Phoned the mother')",
        },
    ],
});
