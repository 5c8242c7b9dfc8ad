"""Voting: council decisions on drafts and priority votes."""
