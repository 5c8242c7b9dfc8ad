"""Tables of the listening domain."""
