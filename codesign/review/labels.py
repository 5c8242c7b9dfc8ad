"""Words for expert review, translated when shown."""

from __future__ import annotations

from codesign.i18n import lazy_gettext as _l

OUTCOMES = {
    "pass": _l("Pass"),
    "pass_with_notes": _l("Pass with notes"),
    "changes_requested": _l("Changes requested"),
    "block": _l("Block"),
}

OUTCOME_HINTS = {
    "pass": _l("Signs off: nothing needs to change."),
    "pass_with_notes": _l("Signs off, with notes the authors may act on."),
    "changes_requested": _l("The draft goes back to its authors with your reasons; you review it again after."),
    "block": _l("The draft goes back to its authors and cannot be approved until you review it again and sign off. "
                "A council vote cannot overrule a block from safeguarding or rights accuracy."),
}

ANSWERS = {
    "yes": _l("Yes"),
    "no": _l("No"),
    "na": _l("Not applicable"),
}
