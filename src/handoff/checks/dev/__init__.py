"""DEV: accelerator assumptions that break on the production team's machines.

A device index pinned in code (DEV001) picks a GPU that may not exist, or that another job
owns; `CUDA_VISIBLE_DEVICES` set from code (DEV002) overrides the scheduler's choice; CUDA used
with no availability check and no way to configure it (DEV003) fails on CPU-only hosts.
One module per rule; what they match is in `devices.py`.
"""
