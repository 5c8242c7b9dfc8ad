"""`python -m codesign` runs the command-line interface."""

from codesign.cli import main

main()
