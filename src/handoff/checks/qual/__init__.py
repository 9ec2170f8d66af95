"""QUAL: the code quality gates the receiving team runs (black, isort, pylint, bandit), and
whether the repo configures any such tool at all."""
