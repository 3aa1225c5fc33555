/** @odoo-module **/

import { Component, useState } from "@odoo/owl";
import { isMacOS } from "@web/core/browser/feature_detection";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/** The shortcut as the user presses it: Odoo's "alt" is Control on a Mac. */
function shortcutLabel() {
    return isMacOS() ? "Control+Shift+B" : "Alt+Shift+B";
}

/** The systray button that puts the privacy screen up. */
export class PrivacyScreenSystray extends Component {
    static template = "school_safeguarding.PrivacyScreenSystray";
    static props = {};

    setup() {
        this.screen = useService("safeguarding_privacy_screen");
        this.state = useState(this.screen.state);
    }

    get title() {
        return _t("Privacy screen: hide this page (%(shortcut)s)", {
            shortcut: shortcutLabel(),
        });
    }

    onClick() {
        this.screen.show();
    }
}

/** The screen itself: over everything, dialogs included; nothing of the page shows. */
export class PrivacyScreen extends Component {
    static template = "school_safeguarding.PrivacyScreen";
    static props = {};

    setup() {
        this.screen = useService("safeguarding_privacy_screen");
        this.state = useState(this.screen.state);
    }

    get label() {
        return _t("Screen hidden");
    }

    get hint() {
        return _t("Click or tap anywhere to return (or press %(shortcut)s).", {
            shortcut: shortcutLabel(),
        });
    }

    onClick() {
        this.screen.hide();
    }
}

registry
    .category("systray")
    .add("school_safeguarding.PrivacyScreenSystray", { Component: PrivacyScreenSystray }, {
        sequence: 40,
    });
registry
    .category("main_components")
    .add("school_safeguarding.PrivacyScreen", { Component: PrivacyScreen });
