"""The actors feature."""
