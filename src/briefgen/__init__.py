"""briefgen: turn long Chinese work reports into briefing materials."""

__version__ = "0.1.0"

__all__ = ["__version__"]
