"""Settings screens for the organiser: the badge layout editor (layout_editor.py) and its parts."""
