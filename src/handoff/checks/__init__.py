"""The detectors, one module per rule family; `registry.py` finds them and plugins."""
