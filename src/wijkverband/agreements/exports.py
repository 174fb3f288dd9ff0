"""The annual report of a coalition as a PDF (fpdf2): DIN, agreements, KPIs with traffic lights,
framework quotas and the aggregated societal return with its caveats. No personal data: the
societal return is the aggregate with the minimum group size already applied."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from fpdf import FPDF

from wijkverband.organisations.models import Coalition

from . import selectors

LIGHTS = {"green": "groen", "orange": "oranje", "red": "rood", "grey": "-"}


def _latin1(text: str) -> str:
    replaced = text.replace("€", "EUR").replace("–", "-").replace("—", "-").replace("’", "'").replace("→", "->")
    return replaced.replace("−", "-").encode("latin-1", "replace").decode("latin-1")


def euro(amount: Decimal | None) -> str:
    if amount is None:
        return "-"
    whole = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {whole}"


def annual_report_pdf(coalition: Coalition, *, year: int) -> bytes:
    pdf = FPDF(format="A4")
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

    report = selectors.annual_report(coalition, year=year)
    heading(_("Annual report %(year)s - %(name)s") % {"year": year, "name": coalition.name}, 16)
    line(_("Printed on %(today)s.") % {"today": timezone.localdate().strftime("%d-%m-%Y")})
    din = report.din
    heading(_("Ambition and goals"))
    line(din.agreement.ambition if din.agreement else "-")
    for goal in din.strategic_goals:
        line(f"- {goal.title}")
        for operational in goal.operational_goals.all():
            line(f"    - {operational.title}")
    heading(_("KPIs"))
    for row in report.kpis:
        line(
            f"- {row.kpi.name} ({row.kpi.unit}): {row.value if row.value is not None else '-'} / "
            f"{_('target')} {row.target if row.target is not None else '-'} - {LIGHTS[row.light]}"
        )
    heading(_("Performance agreements"))
    for view in report.performance:
        line(f"- {view.agreement.title} ({view.agreement.get_status_display()})")
        for commitment in report.commitments_of_year(view):
            line(f"    {commitment.organisation.name}: {commitment.action} ({commitment.get_status_display()})")
    heading(_("Framework agreements"))
    for framework in report.frameworks:
        line(f"- {framework.agreement.target_group}")
        for quota in report.quotas_of_year(framework):
            line(f"    {quota.organisation}: {quota.delivered} / {quota.quota} ({_('shortfall')} {quota.shortfall})")
    heading(_("Societal return (micro-analyses)"))
    overview = report.impact
    if overview.total.is_suppressed:
        line(
            _("Fewer than %(minimum)s analysed cases: no figures are shown, so no one can be singled out.")
            % {"minimum": overview.minimum}
        )
    else:
        line(
            _("%(count)s cases: %(spent)s spent against %(avoided)s avoided.")
            % {
                "count": overview.total.count,
                "spent": euro(overview.total.spent),
                "avoided": euro(overview.total.avoided),
            }
        )
    for caveat in overview.caveats:
        line(f"* {caveat}")
    return bytes(pdf.output())
