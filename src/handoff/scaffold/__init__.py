"""`handoff scaffold DEST`: render `templates/package/` into a config-driven inference package.

context.py builds the template variables, render.py turns the template tree into files in
memory, bootstrap.py runs the rendered package's own scripts (example weights, golden files)
in a staging folder, research_model.py wires `--model`/`--weights`, write.py puts the files in
DEST without losing anything, and generate.py ties the steps together.
"""

from handoff.scaffold.errors import ScaffoldError
from handoff.scaffold.generate import ScaffoldRequest, ScaffoldResult, scaffold

__all__ = ["ScaffoldError", "ScaffoldRequest", "ScaffoldResult", "scaffold"]
