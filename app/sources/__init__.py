"""The sources feature."""
