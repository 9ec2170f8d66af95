"""REQ: dependency manifests: missing (REQ001), unpinned (REQ002), undeclared imports
(REQ003), conflicting (REQ004), no Python version (REQ005), training tools in inference
manifests (REQ006), packages installed at run time (REQ007), known vulnerabilities (REQ008,
only with `--audit` / `--advisories`).

How the rules are built, and why:

* Manifest rules (REQ001, REQ002, REQ004, REQ005, REQ006, REQ008) are `RepoCheck`s. They need
  other files than the one they report on (a lock in the folder covers a range, a `-c`
  constraints file pins a line, a second manifest conflicts), so they read every manifest
  and lock once per run with `handoff.manifests` (`project.py`, shared through
  `RepoContext.shared`) and report at the requirement's own file and line.
* REQ003 needs what every code file imports: the `ImportFacts` analysis (`imports.py`)
  records each import as a fact; REQ003 is a `RepoCheck` that names it in `analyses`, so the
  engine walks it over code files whenever REQ003 is enabled, and the facts are cached with
  each file's results.
* REQ007 is per file: a `NodeCheck` for `subprocess`/`os.system` calls that also reads a
  notebook's `!pip`/`%pip` lines (`check_text`); commands are read in `pip_commands.py`.
* Versions are only ever compared with `packaging` (`versions.py`, `advisories.py`).
"""
