"""Codesign: migrant advisory councils co-write role-play training scenarios."""

import os

# piccolo finds its engine and apps through this module, in the app, the CLI and the tests alike.
os.environ.setdefault("PICCOLO_CONF", "codesign.piccolo_conf")
