"""Notifications: in-app notices with an unread count, and email digests through an outbox."""
