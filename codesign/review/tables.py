"""Tables of the review domain."""
