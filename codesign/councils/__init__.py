"""Councils: migrant advisory councils, their members and roles, and invitation codes."""
