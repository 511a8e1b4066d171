"""What one run of the app shows: built once by app.py and handed to the page it runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from insights.content.evidence import Linked, VerifyRule
from insights.content.frames import Catalog
from insights.pitch.plan import Pitch, PitchVocabulary
from insights.search import view as search_view
from insights.search.engine import SearchResult
from insights.view.compare import Choices
from insights.view.facets import Vocabulary
from insights.view.filters import Filtered
from insights.view.selection import Selection


@dataclass(frozen=True)
class View:
    """The catalog chosen, the sidebar's selection, the claims it keeps, today, and the pitch."""

    catalog: Catalog
    vocab: Vocabulary
    selection: Selection
    drafts: bool
    filtered: Filtered
    today: dt.date
    pitch: Pitch
    # Built once per catalog: what Compare may set side by side, and each linked claim's
    # evidence (the claims of other sources linked to it).
    compare_choices: Choices
    evidence: Mapping[str, tuple[Linked, ...]]
    # The age setting (INSIGHTS_STALE_AFTER_YEARS) from which every page marks "verify".
    stale_after: int
    # What the sidebar's search found over the whole catalog (None: no search), best first.
    search: SearchResult | None = None
    # The ids, pairs, challenges and remedies a pitch may name (None: made from the catalog).
    pitch_vocab: PitchVocabulary | None = None

    @property
    def rule(self) -> VerifyRule:
        """Return the one verify rule as this run applies it: the age setting, the evidence."""
        return VerifyRule(self.stale_after, self.evidence)

    @property
    def place_names(self) -> Mapping[str, str]:
        """Return each place id's name in this catalog."""
        return self.vocab.labels["places"]

    def narrow(self, extra: Selection) -> Filtered:
        """Return the claims in view that the extra selection also allows, with their sentence."""
        # Narrowing what the sidebar already kept gives the same rows and sentence as starting
        # over from every claim. The search is not run again: the claims in view are already
        # its, in its order.
        return search_view.apply_search(
            self.filtered.frame, self.vocab, (self.selection, extra), self.search, self.drafts
        )
