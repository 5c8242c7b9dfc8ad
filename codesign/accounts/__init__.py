"""Accounts: people (pseudonymous), organisations, sessions, and instance-wide roles."""
