/** @odoo-module **/

import { registry } from "@web/core/registry";

// The DSL of the sending school transfers a child's file to another school
// of the group: from the case, choose the school, send, and the case is kept
// read-only.
registry.category("web_tour.tours").add("school_safeguarding_transfer", {
    steps: () => [
        {
            content: "Transfer the child's file",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_transfer']",
            run: "click",
        },
        {
            content: "To a school of the group",
            trigger: ".o_form_view .o_field_widget[name='destination'] input[data-value='group']:checked",
        },
        {
            content: "Choose the receiving school",
            trigger: ".o_form_view .o_field_widget[name='target_school'] select",
            run: "selectByLabel Transfer Receiving School",
        },
        {
            content: "Say why the child leaves",
            trigger: ".o_form_view .o_field_widget[name='reason'] textarea",
            run: "edit The family moves to another district.",
        },
        {
            content: "Send the file",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_send']",
            run: "click",
        },
        {
            content: "Confirm sending",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The file is sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='sent']",
        },
        {
            content: "The seal is shown",
            trigger: ".o_form_view .o_field_widget[name='seal']:not(:empty)",
        },
        {
            content: "The sealed file can be downloaded",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_download']",
        },
    ],
});

// The DSL of the receiving school finds the transfer and confirms receipt:
// the child's case opens in their school.
registry.category("web_tour.tours").add("school_safeguarding_transfer_receipt", {
    steps: () => [
        {
            content: "The transfer waits for our receipt",
            trigger: ".o_form_view .alert-warning:contains('confirm receipt')",
        },
        {
            content: "Confirm receipt",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm_receipt']",
            run: "click",
        },
        {
            content: "The file is received",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='received']",
        },
        {
            content: "Open the child's case in our school",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_target_case']",
            run: "click",
        },
        {
            content: "The case carries the transferred chronology",
            trigger: ".o_form_view .o_field_widget[name='transfer_in_id']",
        },
    ],
});
