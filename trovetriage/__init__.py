"""TroveTriage: triage of stolen data troves for investigators."""

__version__ = "0.1.0"
