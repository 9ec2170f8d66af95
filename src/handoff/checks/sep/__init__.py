"""SEP: training and inference code mixed together.

A module that both trains and serves predictions (SEP001) ships the optimizer, the data
pipeline and the experiment tracker with every prediction; an inference module that imports
the training code or training-only libraries (SEP002) drags them into the serving image; a
repo that trains with no standalone way to predict (SEP003) leaves the production team to dig
inference out of a notebook or a training script. One module per rule; what a module does
(trains, serves, imports) is read once per file in `roles.py`.
"""
