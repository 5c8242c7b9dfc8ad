"""Benchmarks run against a real server on 127.0.0.1 (`just bench`); not part of the test suite."""
