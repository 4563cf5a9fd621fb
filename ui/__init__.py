"""The PySide6 faces of the desk: windows and dialogs that call core operations, never SQL."""
