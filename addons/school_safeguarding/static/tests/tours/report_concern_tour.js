/** @odoo-module **/

import { registry } from "@web/core/registry";

// A teacher reports a concern from the "Report a concern" menu and sends it
// to the DSL, as any member of staff would.
registry.category("web_tour.tours").add("school_safeguarding_report_concern", {
    url: "/odoo/action-school_safeguarding.safeguarding_concern_action_new",
    steps: () => [
        {
            content: "Choose the child",
            trigger: ".o_form_view .o_field_widget[name='pupil_id'] input",
            run: "edit Amir",
        },
        {
            content: "Pick Amir in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Amir Tulegenov')",
            run: "click",
        },
        {
            content: "Say what was seen",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit Amir fell asleep in class twice and said he is hungry.",
        },
        {
            content: "The child's own words",
            trigger: ".o_field_widget[name='child_words'] textarea",
            run: "edit There was no dinner again.",
        },
        {
            content: "Choose a category",
            trigger: ".o_field_widget[name='category_ids'] input",
            run: "edit Neglect",
        },
        {
            content: "Pick Neglect",
            trigger: ".o-autocomplete--dropdown-item:contains('Neglect')",
            run: "click",
        },
        {
            content: "Send it to the DSL",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The concern is with the DSL",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='submitted']",
        },
    ],
});

// The DSL opens the casework screens: lists, forms, kanban and calendar.
registry.category("web_tour.tours").add("school_safeguarding_dsl_screens", {
    url: "/odoo/action-school_safeguarding.safeguarding_case_action",
    steps: () => [
        {
            content: "A case card",
            trigger: ".o_kanban_record:contains('Amir Tulegenov')",
            run: "click",
        },
        {
            content: "The case form with its referral",
            trigger: ".o_form_view .o_notebook a:contains('Referrals')",
            run: "click",
        },
        {
            content: "The referral is listed",
            trigger: ".o_field_widget[name='referral_ids'] .o_data_row",
        },
        {
            content: "Open the referrals",
            trigger: ".o_form_view button[name='action_view_referrals']",
            run: "click",
        },
        {
            content: "The referral list is shown",
            trigger: ".o_breadcrumb .active:contains('Referrals')",
        },
        {
            content: "Open the referral",
            trigger: ".o_list_view td.o_data_cell[name='name']:contains('SG-F-')",
            run: "click",
        },
        {
            content: "The referral form and its contacts",
            trigger: ".o_form_view .o_field_widget[name='contact_ids'] .o_data_row",
        },
    ],
});

// Any member of staff raises a missing-pupil alarm in one step.
registry.category("web_tour.tours").add("school_safeguarding_missing_alarm", {
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
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// Reception signs a visitor out from the "On site now" board.
registry.category("web_tour.tours").add("school_safeguarding_visitor_sign_out", {
    url: "/odoo/action-school_safeguarding.safeguarding_visit_action",
    steps: () => [
        {
            content: "The visitor on site",
            trigger: ".o_kanban_record:contains('Gaukhar Ismailova') button[name='action_sign_out']",
            run: "click",
        },
        {
            content: "Nobody left on site",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Gaukhar Ismailova')))",
        },
    ],
});

// Opens whatever page the test starts it on and checks that a view renders
// without an error dialog (the server-side checks cannot see the browser).
registry.category("web_tour.tours").add("school_safeguarding_page_renders", {
    steps: () => [
        {
            content: "A view is displayed",
            trigger: ".o_action_manager .o_view_controller, .modal .o_form_view",
        },
        {
            content: "No error",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

// The same, in Kazakh: a teacher whose language is Kazakh reports a concern,
// the DSL whose language is Kazakh opens the case and its referrals. The
// labels on the way must be the school's Kazakh words.
registry.category("web_tour.tours").add("school_safeguarding_report_concern_kk", {
    url: "/odoo/action-school_safeguarding.safeguarding_concern_action_new",
    steps: () => [
        {
            content: "The button to send is in Kazakh",
            trigger: ".o_form_view button[name='action_submit']:contains('DSL-ге жіберу')",
        },
        {
            content: "Choose the child",
            trigger: ".o_form_view .o_field_widget[name='pupil_id'] input",
            run: "edit Amir",
        },
        {
            content: "Pick Amir in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Amir Tulegenov')",
            run: "click",
        },
        {
            content: "Say what was seen",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit Амир сабақта екі рет ұйықтап қалды, аш екенін айтты.",
        },
        {
            content: "The child's own words",
            trigger: ".o_field_widget[name='child_words'] textarea",
            run: "edit Кеше де кешкі ас болмады.",
        },
        {
            content: "Choose the category by its Kazakh name",
            trigger: ".o_field_widget[name='category_ids'] input",
            run: "edit Баланың қажеттіліктерін",
        },
        {
            content: "Pick neglect, in Kazakh",
            trigger:
                ".o-autocomplete--dropdown-item:contains('Баланың қажеттіліктерін елемеу')",
            run: "click",
        },
        {
            content: "Send it to the DSL",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The concern is with the DSL",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value='submitted']",
        },
    ],
});

registry.category("web_tour.tours").add("school_safeguarding_dsl_screens_kk", {
    url: "/odoo/action-school_safeguarding.safeguarding_case_action",
    steps: () => [
        {
            content: "The cases, in Kazakh",
            trigger: ".o_breadcrumb .active:contains('Істер')",
        },
        {
            content: "A case card",
            trigger: ".o_kanban_record:contains('Amir Tulegenov')",
            run: "click",
        },
        {
            content: "The referrals tab, in Kazakh",
            trigger: ".o_form_view .o_notebook a:contains('Қызметтерге жолдамалар')",
            run: "click",
        },
        {
            content: "The referral is listed",
            trigger: ".o_field_widget[name='referral_ids'] .o_data_row",
        },
        {
            content: "Open the referrals",
            trigger: ".o_form_view button[name='action_view_referrals']",
            run: "click",
        },
        {
            content: "The referral list, in Kazakh",
            trigger: ".o_breadcrumb .active:contains('Қызметтерге жолдамалар')",
        },
    ],
});
