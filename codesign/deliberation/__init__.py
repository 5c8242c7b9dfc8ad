"""Deliberation: threaded and paragraph comments, supports, follows, flags and moderation."""
