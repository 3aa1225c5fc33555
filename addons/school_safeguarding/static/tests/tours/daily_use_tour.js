/** @odoo-module **/

import { registry } from "@web/core/registry";

function atLeast(selector, minimum) {
    return {
        content: `${selector} shows at least ${minimum}`,
        trigger: selector,
        run() {
            const value = parseInt(document.querySelector(selector).textContent, 10);
            if (!(value >= minimum)) {
                throw new Error(`${selector} shows ${value}, expected at least ${minimum}`);
            }
        },
    };
}

// The DSL logs in and lands on "Today": the figures and lists are there at
// once, and each row opens its record.
registry.category("web_tour.tours").add("school_safeguarding_dsl_today", {
    url: "/odoo",
    steps: () => [
        {
            content: "The DSL starts on Today",
            trigger: ".o_breadcrumb .active:contains('Today')",
        },
        atLeast(".o_field_widget[name='new_concern_count'] span", 2),
        atLeast(".o_field_widget[name='missing_count'] span", 2),
        {
            content: "The pupils missing now are listed",
            trigger: ".o_field_widget[name='missing_ids'] .o_data_row:contains('Timur Abenov')",
        },
        {
            content: "Open the first new concern from its row",
            trigger:
                ".o_field_widget[name='new_concern_ids'] .o_data_row:first button[name='action_open_record']",
            run: "click",
        },
        {
            content: "The concern's own page, reached from Today",
            trigger: ".o_form_view .o_statusbar_status button[data-value='submitted']",
        },
        {
            content: "Back to Today",
            trigger: ".o_breadcrumb a:contains('Today')",
            run: "click",
        },
        atLeast(".o_field_widget[name='new_concern_count'] span", 2),
    ],
});

// A teacher reports a concern on a phone: the send button is on the page,
// the required fields are marked, and sending is confirmed.
registry.category("web_tour.tours").add("school_safeguarding_report_concern_phone", {
    url: "/odoo/action-school_safeguarding.safeguarding_concern_action_new",
    steps: () => [
        {
            content: "What was seen is marked as required",
            trigger: ".o_field_widget.o_required_modifier[name='description']",
        },
        {
            content: "Choose the child",
            trigger: ".o_form_view .o_field_widget[name='pupil_id'] input",
            run: "edit Amir",
        },
        {
            content: "Pick Amir in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Amir Tulegenov'), .o_kanban_record:contains('Amir Tulegenov')",
            run: "click",
        },
        {
            content: "Say what was seen",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit Amir had a bruise on his arm and would not say how.",
        },
        {
            content: "Choose a category",
            trigger: ".o_field_widget[name='category_ids'] input",
            run: "edit Physical",
        },
        {
            content: "Pick the category",
            trigger: ".o-autocomplete--dropdown-item:contains('Physical'), .o_kanban_record:contains('Physical')",
            run: "click",
        },
        {
            content: "Send it with the button on the page",
            trigger: ".o_form_sheet button[name='action_submit']:contains('Send to the DSL')",
            run: "click",
        },
        {
            content: "The teacher is told it went, and to whom",
            trigger: ".o_notification:contains('was sent to')",
        },
    ],
});

// Staff raise the alarm: they are told who was alerted; a second alarm for
// the same child is refused with what to do instead.
registry.category("web_tour.tours").add("school_safeguarding_missing_alarm_twice", {
    url: "/odoo/action-school_safeguarding.safeguarding_missing_episode_action_alarm",
    steps: () => [
        {
            content: "Choose the pupil",
            trigger: ".modal .o_field_widget[name='pupil_id'] input",
            run: "edit Dana",
        },
        {
            content: "Pick Dana",
            trigger: ".o-autocomplete--dropdown-item:contains('Dana Sarsenova')",
            run: "click",
        },
        {
            content: "Where she was last seen",
            trigger: ".modal .o_field_widget[name='last_seen_place'] input",
            run: "edit Library, after lunch",
        },
        {
            content: "Raise the alarm",
            trigger: ".modal .modal-footer button:contains('Raise the alarm')",
            run: "click",
        },
        {
            content: "Told that the DSL knows",
            trigger: ".o_notification:contains('Alarm raised'):contains('Dana Sarsenova')",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("school_safeguarding_missing_alarm_again", {
    url: "/odoo/action-school_safeguarding.safeguarding_missing_episode_action_alarm",
    steps: () => [
        {
            content: "Choose the pupil",
            trigger: ".modal .o_field_widget[name='pupil_id'] input",
            run: "edit Dana",
        },
        {
            content: "Pick Dana",
            trigger: ".o-autocomplete--dropdown-item:contains('Dana Sarsenova')",
            run: "click",
        },
        {
            content: "Where she was last seen",
            trigger: ".modal .o_field_widget[name='last_seen_place'] input",
            run: "edit Gate",
        },
        {
            content: "Raise the alarm again",
            trigger: ".modal .modal-footer button:contains('Raise the alarm')",
            run: "click",
        },
        {
            content: "Refused: she is already reported missing",
            trigger: ".modal:contains('already reported missing') .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Nothing to save: leave the alarm form",
            trigger: ".modal .modal-footer button:contains('Cancel')",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
