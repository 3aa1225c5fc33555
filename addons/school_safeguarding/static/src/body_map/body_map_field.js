import { Component, onPatched, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

// The same limits as the server (models/safeguarding_body_map_mixin.py).
export const MAX_MARKS = 60;
export const MAX_NOTE = 500;

// The outline is drawn in a 100 x 200 box; a mark is kept as a percentage
// of its width (x) and height (y). The report draws the same outline.
export const WIDTH = 100;
export const HEIGHT = 200;
export const OUTLINE =
    "M45,27 L45,32 C40,34 32,34 28,38 C25,41 24,47 23,55 L17,90 " +
    "C15,96 14,103 17,107 C19,110 22,110 23,106 L24,96 L31,62 L33,64 L35,86 " +
    "C34,94 33,101 34,108 L37,184 C36,189 37,193 43,193 C47,193 48,189 47,184 " +
    "L49,116 Q50,112 51,116 L53,184 C52,189 53,193 57,193 C63,193 64,189 63,184 " +
    "L66,108 C67,101 66,94 65,86 L67,64 L69,62 L76,96 L77,106 C78,110 81,110 83,107 " +
    "C86,103 85,96 83,90 L77,55 C76,47 75,41 72,38 C68,34 60,34 55,32 L55,27 Z";

function toPercent(value, size) {
    const percent = (value / size) * 100;
    return Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10;
}

/**
 * Where injuries were seen: a front and a back outline of the body; a tap
 * adds a numbered mark, each with a note. The value is the list of marks
 * `{side, x, y, note}`; read-only once the record is sent.
 */
export class BodyMapField extends Component {
    static template = "school_safeguarding.BodyMapField";
    static props = { ...standardFieldProps };

    setup() {
        this.notification = useService("notification");
        this.root = useRef("root");
        this.outline = OUTLINE;
        this.width = WIDTH;
        this.height = HEIGHT;
        this.maxNote = MAX_NOTE;
        this.focusMark = null;
        onPatched(() => {
            // The note of the mark just added, ready to be typed.
            if (this.focusMark !== null) {
                const input = this.root.el?.querySelector(
                    `.o_sg_body_map_note[data-mark='${this.focusMark}'] input`
                );
                this.focusMark = null;
                input?.focus();
            }
        });
    }

    get marks() {
        const value = this.props.record.data[this.props.name];
        return Array.isArray(value) ? value : [];
    }

    get sides() {
        // Seen from the front, the child's right is on the viewer's left.
        return [
            {
                name: "front",
                label: _t("Front"),
                left: _t("Child's right"),
                right: _t("Child's left"),
            },
            {
                name: "back",
                label: _t("Back"),
                left: _t("Child's left"),
                right: _t("Child's right"),
            },
        ];
    }

    get numberedMarks() {
        return this.marks.map((mark, index) => ({
            ...mark,
            index,
            number: index + 1,
            cx: (mark.x * WIDTH) / 100,
            cy: (mark.y * HEIGHT) / 100,
            sideLabel: mark.side === "back" ? _t("Back") : _t("Front"),
        }));
    }

    marksOn(side) {
        return this.numberedMarks.filter((mark) => mark.side === side);
    }

    get outlineLabel() {
        return _t("Tap where you saw an injury to add a mark");
    }

    removeLabel(number) {
        return _t("Remove mark %s", number);
    }

    update(marks) {
        return this.props.record.update({
            [this.props.name]: marks.length ? marks : false,
        });
    }

    onClickOutline(side, ev) {
        if (this.props.readonly) {
            return;
        }
        if (this.marks.length >= MAX_MARKS) {
            this.notification.add(_t("A body map holds at most %s marks.", MAX_MARKS), {
                type: "warning",
            });
            return;
        }
        const svg = ev.currentTarget;
        let x;
        let y;
        const matrix = svg.getScreenCTM?.();
        if (matrix) {
            // In the drawing's own units, whatever size it is shown at.
            const point = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(
                matrix.inverse()
            );
            x = point.x;
            y = point.y;
        } else {
            const rect = svg.getBoundingClientRect();
            x = ((ev.clientX - rect.left) / rect.width) * WIDTH;
            y = ((ev.clientY - rect.top) / rect.height) * HEIGHT;
        }
        const mark = { side, x: toPercent(x, WIDTH), y: toPercent(y, HEIGHT), note: "" };
        this.focusMark = this.marks.length;
        this.update([...this.marks, mark]);
    }

    onNoteInput(index, ev) {
        const note = ev.target.value.slice(0, MAX_NOTE);
        this.update(this.marks.map((mark, i) => (i === index ? { ...mark, note } : mark)));
    }

    onRemove(index) {
        this.update(this.marks.filter((mark, i) => i !== index));
    }
}

export const bodyMapField = {
    component: BodyMapField,
    displayName: _t("Body map"),
    supportedTypes: ["json"],
};

registry.category("fields").add("safeguarding_body_map", bodyMapField);
