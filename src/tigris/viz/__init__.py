"""Figures: one look for every PNG (matplotlib) and HTML (plotly) figure tigris draws."""
