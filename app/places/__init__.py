"""The places feature."""
