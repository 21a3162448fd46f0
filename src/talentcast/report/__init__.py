"""report stage: context (pure functions over the marts), SVG charts, rendering to HTML/PDF/MD/XLSX."""

from talentcast.report.context import PROVINCE_ID, Names, build_context
from talentcast.report.render import render_reports

__all__ = ["PROVINCE_ID", "Names", "build_context", "render_reports"]
