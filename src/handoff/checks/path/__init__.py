"""PATH: machine-specific paths and service endpoints, in code, notebook magics, shell scripts
and committed config files.

Each of the four rules (one module each) reports its own code from two analyses made once per
file: `code_analysis` (what every string literal in Python is used as) and `text_analysis`
(magics, scripts, configs). Both decide with `locations`, `endpoints` and `scanning`.
"""
