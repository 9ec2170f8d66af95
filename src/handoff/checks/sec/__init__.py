"""SEC: credentials in code, notebooks, config files and credential files.

Every decision (is this name a credential, is this value a placeholder or a fake, does it look
random, where do credentials sit) comes from `names`, `values` and `places`; known key formats
come from the detect-secrets adapter. One secret on one line is reported once, by the most
specific rule: a private key (SEC003) before a known-format key (SEC002), before a password in a
URL (SEC004), before a value in a credential file (SEC005), before a value under a
credential-like name (SEC001) — the catalog's `supersedes:` says so and the suppress stage
applies it among enabled rules.
"""
