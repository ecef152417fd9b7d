"""The quotes feature."""
