"""Configuration, database plumbing, errors and pagination shared by every layer."""
