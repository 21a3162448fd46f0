"""talentcast: talent-demand forecasts for vocational-education majors."""

__version__ = "0.1.0"
