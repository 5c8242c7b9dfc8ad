"""Tables of the library domain."""
