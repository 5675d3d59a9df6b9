"""deckgen: one YAML outline in, a finished PowerPoint deck out."""
__version__ = "0.1.0"
