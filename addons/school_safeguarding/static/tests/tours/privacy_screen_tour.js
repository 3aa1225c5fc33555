/** @odoo-module **/

import { registry } from "@web/core/registry";

const SCREEN = ".o_safeguarding_privacy_screen";
let caseTitle = "";

/** What a passer-by sees at the middle of the form: the screen, or the case. */
function checkCovered(covered) {
    const sheet = document.querySelector(".o_form_view .o_form_sheet");
    const rect = sheet.getBoundingClientRect();
    const points = [
        [rect.left + rect.width / 2, rect.top + Math.min(rect.height, window.innerHeight) / 2],
        [window.innerWidth / 2, window.innerHeight / 2],
        [2, 2],
    ];
    for (const [x, y] of points) {
        const onScreen = Boolean(document.elementFromPoint(x, y)?.closest(SCREEN));
        if (onScreen !== covered) {
            throw new Error(`At ${x},${y} the privacy screen is ${onScreen ? "" : "not "}shown`);
        }
    }
    if (covered) {
        if (document.title !== "Odoo") {
            throw new Error(`The window title still shows "${document.title}"`);
        }
        if (document.querySelector(SCREEN).textContent.includes("Amir")) {
            throw new Error("The privacy screen shows the child's name");
        }
    } else if (document.title !== caseTitle) {
        throw new Error(`The title is "${document.title}", expected "${caseTitle}"`);
    }
}

// The DSL has a case open when someone walks by: the systray button or the
// shortcut covers the window; a click or the shortcut brings the case back.
registry.category("web_tour.tours").add("school_safeguarding_privacy_screen", {
    url: "/odoo/action-school_safeguarding.safeguarding_case_action",
    steps: () => [
        {
            content: "A case card",
            trigger: ".o_kanban_record:contains('Amir Tulegenov')",
            run: "click",
        },
        {
            content: "The case form is open",
            trigger: ".o_form_view .o_form_sheet .o_field_widget[name='pupil_id']:contains('Amir')",
            run() {
                caseTitle = document.title;
            },
        },
        {
            content: "Put the privacy screen up from the systray",
            trigger: ".o_menu_systray .o_safeguarding_privacy_screen_systray button",
            run: "click",
        },
        {
            content: "The screen covers the case, the title is neutral",
            trigger: SCREEN,
            run: () => checkCovered(true),
        },
        {
            content: "A click takes it away",
            trigger: SCREEN,
            run: "click",
        },
        {
            content: "The case is back, with its title",
            trigger: `body:not(:has(${SCREEN})) .o_form_view .o_form_sheet`,
            run: () => checkCovered(false),
        },
        {
            content: "The shortcut puts the screen up",
            trigger: ".o_form_view .o_form_sheet",
            run: "press alt+shift+b",
        },
        {
            content: "The screen covers the case again",
            trigger: SCREEN,
            run: () => checkCovered(true),
        },
        {
            content: "The shortcut again takes it away",
            trigger: SCREEN,
            run: "press alt+shift+b",
        },
        {
            content: "The case is back",
            trigger: `body:not(:has(${SCREEN})) .o_form_view .o_form_sheet`,
            run: () => checkCovered(false),
        },
    ],
});

// A DSL without two-factor, in a school that requires it: Today says why
// case content stays closed and opens the profile where it is turned on.
registry.category("web_tour.tours").add("school_safeguarding_two_factor_today", {
    url: "/odoo",
    steps: () => [
        {
            content: "Today explains that case content needs two-factor",
            trigger: ".o_safeguarding_two_factor_missing:contains('two-factor')",
        },
        {
            content: "No figure or list of case content is shown",
            trigger:
                "body:not(:has(.o_field_widget[name='new_concern_ids'], button[name='action_open_new_concerns']))",
        },
        {
            content: "Set it up from Today",
            trigger: ".o_safeguarding_two_factor_missing button[name='action_open_two_factor_setup']",
            run: "click",
        },
        {
            content: "The profile opens: its Account Security tab",
            trigger: ".modal .nav-link:contains('Account Security')",
            run: "click",
        },
        {
            content: "The switch that turns two-factor on",
            trigger: ".modal button[name='action_totp_enable_wizard']",
        },
    ],
});
