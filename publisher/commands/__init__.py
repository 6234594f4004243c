"""The verbs of the ``publisher`` command, one module each; what they share is in selection.py
(which records and languages a command line means) and report.py (how problems and progress are shown)."""
