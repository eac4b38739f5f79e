"""PySide6 desktop interface; all data work goes through core/."""
