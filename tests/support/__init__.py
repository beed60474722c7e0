"""Shared test support: fixtures for stores, servers and the browser."""
