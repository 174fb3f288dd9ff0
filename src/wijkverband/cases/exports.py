"""The plan as a PDF for the kitchen table (fpdf2: pure Python, no system libraries).

The PDF holds what the plan page shows the same viewer: the selector already left out what the
viewer may not see (health-related notes without the health scope).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from fpdf import FPDF

from .constants import EntryKind
from .selectors import PlanView


def _latin1(text: str) -> str:
    # The built-in PDF fonts cover Latin-1; the euro sign and typographic quotes are mapped by hand.
    replaced = text.replace("€", "EUR").replace("–", "-").replace("—", "-").replace("’", "'").replace("“", '"')
    return replaced.replace("”", '"').encode("latin-1", "replace").decode("latin-1")


class _PlanPdf(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, _latin1(f"{self.footer_text} - {self.page_no()}"), align="C")


def plan_pdf(view: PlanView) -> bytes:
    plan = view.plan
    pdf = _PlanPdf(_("Wijkverband - confidential: only for the resident and the team"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, 7, _latin1(text))
        pdf.set_font("Helvetica", size=10)

    def line(text: str) -> None:
        pdf.multi_cell(width, 5.5, _latin1(text))

    heading(f"{plan.title} - {plan.resident.full_name}", 16)
    line(
        _("Status: %(status)s. Opened on %(opened)s. Printed on %(today)s.")
        % {
            "status": plan.get_status_display(),
            "opened": plan.opened_on.strftime("%d-%m-%Y"),
            "today": timezone.localdate().strftime("%d-%m-%Y"),
        }
    )
    for kind in EntryKind:
        heading(str(kind.label))
        for entry in view.entries.get(kind, []):
            line(f"- {entry.text}" + (f"  ({_('achieved')})" if entry.achieved_on else ""))
        if not view.entries.get(kind):
            line("-")
    heading(_("Team"))
    for participant in view.participants:
        who = participant.organisation.name if participant.organisation else participant.relation
        director = f" - {_('case director')}" if participant.is_case_director else ""
        line(f"- {participant.name} ({who}){director}")
    heading(_("Agreements"))
    for action in view.actions:
        roles = ", ".join(f"{role.participant.name}: {role.role}" for role in action.roles.all())
        line(
            f"- {action.description} | {action.owner.name} | {action.due_on.strftime('%d-%m-%Y')} | "
            f"{action.get_status_display()}" + (f" | {roles}" if roles else "")
        )
        if action.result:
            line(f"    {_('Result')}: {action.result}")
    heading(_("Meetings"))
    for meeting in view.meetings:
        line(f"- {meeting.held_on.strftime('%d-%m-%Y')} {meeting.get_kind_display()}")
        if meeting.notes:
            line(f"    {meeting.notes}")
    heading(_("Measurements"))
    for measurement in view.measurements:
        scores = ", ".join(
            f"{score.domain.name}: {score.value}" if score.domain else str(score.value)
            for score in measurement.scores.all()
        )
        line(f"- {measurement.measured_on.strftime('%d-%m-%Y')} {measurement.instrument.name}: {scores}")
    return bytes(pdf.output())
