"""lcpdesk: a desktop tool for the people who lead Local Care Partnerships."""

__version__ = "0.1.0"
