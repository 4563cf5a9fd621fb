"""Badges: layouts as data (layout.py), composed into drawing operations (compose.py), drawn by two pure
renderers, vector PDF (pdf.py, reportlab) and 1-bit printer rasters (raster.py, Pillow), plus sheets of
badges for pre-printing (sheets.py).

Kept light on purpose: the desk imports `kiosk.badges.layout` through the event configuration at start,
while reportlab and Pillow load only when a badge is first drawn.
"""
