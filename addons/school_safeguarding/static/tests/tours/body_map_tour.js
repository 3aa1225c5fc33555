/** @odoo-module **/

import { registry } from "@web/core/registry";

// A teacher marks on the body map where she saw a bruise, says what she saw
// and sends the concern: the mark and its note stay on the sent concern.
registry.category("web_tour.tours").add("school_safeguarding_body_map", {
    url: "/odoo/action-school_safeguarding.safeguarding_concern_action_new",
    steps: () => [
        {
            content: "Choose the child",
            trigger: ".o_form_view .o_field_widget[name='pupil_id'] input",
            run: "edit Amir",
        },
        {
            content: "Pick Amir in the list",
            // A dropdown on a computer, a list in a dialog on a phone.
            trigger:
                ".o-autocomplete--dropdown-item:contains('Amir Tulegenov'), .modal .o_kanban_record:contains('Amir Tulegenov')",
            run: "click",
        },
        {
            content: "Say what was seen",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit A bruise on Amir's left upper arm, seen when he rolled up his sleeve.",
        },
        {
            content: "Choose a category",
            trigger: ".o_field_widget[name='category_ids'] input",
            run: "edit Physical",
        },
        {
            content: "Pick physical abuse",
            trigger:
                ".o-autocomplete--dropdown-item:contains('Physical'), .modal .o_kanban_record:contains('Physical')",
            run: "click",
        },
        {
            content: "Tap the front of the body where the bruise is",
            trigger:
                ".o_field_widget[name='body_marks'] .o_sg_body_map_figure[data-side='front'] svg",
            run: "click",
        },
        {
            content: "The mark is numbered on the front",
            trigger:
                ".o_sg_body_map_figure[data-side='front'] .o_sg_body_map_mark[data-mark='1']",
        },
        {
            content: "Say what the mark is",
            trigger: ".o_sg_body_map_note[data-mark='0'] input",
            run: "edit Bruise about 3 cm, yellow-green",
        },
        {
            content: "Send it to the DSL",
            trigger: ".o_form_sheet button[name='action_submit']",
            run: "click",
        },
        {
            content: "The teacher is told it went",
            trigger: ".o_notification:contains('was sent to')",
        },
        {
            content: "The mark and its note are kept, read-only",
            trigger:
                ".o_sg_body_map:not(.o_sg_body_map_editable) .o_sg_body_map_note:contains('Bruise about 3 cm')",
        },
    ],
});
