"""briefing-tui: the Textual reader, its command line, configuration and notes file."""

__version__ = "0.1.0"
