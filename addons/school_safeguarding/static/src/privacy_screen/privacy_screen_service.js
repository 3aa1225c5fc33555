/** @odoo-module **/

import { reactive } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

// Who may open case content: the privacy screen is theirs.
const SENIOR_GROUPS = [
    "school_safeguarding.group_safeguarding_team",
    "school_safeguarding.group_safeguarding_director",
];
// Pressed again, it takes the screen away. Not used by Odoo 18 itself.
export const PRIVACY_SCREEN_HOTKEY = "alt+shift+b";
// What the browser tab and the window list show while the screen is up.
const NEUTRAL_TITLE = "Odoo";

/**
 * The privacy screen: a neutral, opaque cover over the whole window, for
 * when someone walks by. Shown from the systray button or the shortcut,
 * taken away by a click, a tap or the shortcut again.
 */
export const privacyScreenService = {
    dependencies: ["hotkey", "title"],
    start(env, { hotkey, title }) {
        const state = reactive({ allowed: false, shown: false });
        let titleObserver = null;

        Promise.all(SENIOR_GROUPS.map((group) => user.hasGroup(group))).then((groups) => {
            state.allowed = groups.some(Boolean);
        });

        function keepTitleNeutral() {
            document.title = NEUTRAL_TITLE;
            const element = document.querySelector("title");
            if (element && !titleObserver) {
                // The web client rewrites the title (a new message, a counter):
                // it stays neutral until the screen is taken away.
                titleObserver = new MutationObserver(() => {
                    if (document.title !== NEUTRAL_TITLE) {
                        document.title = NEUTRAL_TITLE;
                    }
                });
                titleObserver.observe(element, {
                    childList: true,
                    characterData: true,
                    subtree: true,
                });
            }
        }

        function restoreTitle() {
            titleObserver?.disconnect();
            titleObserver = null;
            // Rebuilt from the parts the web client keeps.
            title.setParts({});
        }

        const screen = {
            state,
            show() {
                if (!state.allowed || state.shown) {
                    return;
                }
                // Nothing typed goes into a field hidden behind the screen.
                document.activeElement?.blur?.();
                state.shown = true;
                keepTitleNeutral();
            },
            hide() {
                if (!state.shown) {
                    return;
                }
                state.shown = false;
                restoreTitle();
            },
            toggle() {
                if (state.shown) {
                    screen.hide();
                } else {
                    screen.show();
                }
            },
        };

        hotkey.add(PRIVACY_SCREEN_HOTKEY, () => screen.toggle(), {
            global: true,
            bypassEditableProtection: true,
            isAvailable: () => state.allowed,
        });

        return screen;
    },
};

registry.category("services").add("safeguarding_privacy_screen", privacyScreenService);
