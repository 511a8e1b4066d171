"""Whether a claim stands alone on a slide: the one table of openings and remarks it may not hold.

A rep puts a claim on a slide by itself, so it cannot lean on the sentence before it ("Its…",
"Those firms…", "As a result…") nor speak to the rep ("(no year given)", "…it names").
Load refuses such a claim in a published pack; review lists it as blocking a draft's publishing.
"""

from __future__ import annotations

import re

# Openings that need the previous sentence, as a claim would begin with them (case kept, so
# "IT services" is not "It"). English first, then Spanish.
LEANING_OPENINGS = (
    # English
    "Its",
    "It",
    "Those",
    "These",
    "This",
    "That",
    "They",
    "Their",
    "Them",
    "He",
    "She",
    "His",
    "Her",
    "Such",
    "Both",
    "However",
    "Also",
    "Moreover",
    "Furthermore",
    "In addition",
    "Therefore",
    "Thus",
    "Hence",
    "As a result",
    "As such",
    "Likewise",
    "Similarly",
    "Meanwhile",
    "The director",
    "The publisher's",
    "The same",
    "The former",
    "The latter",
    # Spanish
    "Su",
    "Sus",
    "Este",
    "Esta",
    "Estos",
    "Estas",
    "Esto",
    "Ese",
    "Esa",
    "Esos",
    "Esas",
    "Ello",
    "Dicho",
    "Dicha",
    "Ambos",
    "Ambas",
    "Además",
    "Sin embargo",
    "Por lo tanto",
    "Por ello",
    "Por eso",
    "Así",
    "Como resultado",
    "El director",
    "La directora",
)
# Remarks addressed to the rep, found anywhere in a claim (case ignored).
REP_REMARKS = (
    "(no year",
    "(no date",
    "(verify",
    "(check",
    "(see ",
    "(note",
    "(todo",
    "(tbc",
    "it names",
    "three more",
    "verify before",
    "sin fecha",
)

_LONGEST_FIRST = sorted(LEANING_OPENINGS, key=len, reverse=True)
_OPENING = re.compile("^(?:" + "|".join(re.escape(o) for o in _LONGEST_FIRST) + r")\b")
# Quotes and marks a claim may open with before its first word.
_LEAD = " \"'\u201c\u2018\u00bf\u00a1("
_REMARK = re.compile("|".join(re.escape(r) for r in REP_REMARKS), re.IGNORECASE)


def find_leaning(text: str) -> list[str]:
    """Return why a claim's text would not stand alone on a slide (empty when it does)."""
    found = []
    opening = _OPENING.match(text.lstrip(_LEAD))
    if opening is not None:
        found.append(
            f"opens with {opening[0]!r}, which leans on a sentence before it; name the subject "
            "so the claim stands alone on a slide"
        )
    found += [
        f"holds {remark[0]!r}, a remark to the rep, not a claim; put it in the source's bias "
        "note or drop it"
        for remark in _REMARK.finditer(text)
    ]
    return found
