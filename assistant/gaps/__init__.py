"""Gap-analysis checklists: requirement by requirement, the evidence the records hold."""

from assistant.gaps.analysis import GapThresholds, run_gap_analysis, select_clauses
from assistant.gaps.export import CONTENT_TYPES, render
from assistant.gaps.models import Checklist, ChecklistItem

__all__ = ["CONTENT_TYPES", "Checklist", "ChecklistItem", "GapThresholds", "render",
           "run_gap_analysis", "select_clauses"]  # fmt: skip
