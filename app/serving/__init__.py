"""Serving the API from several processes: a supervisor that accepts, workers that serve."""
