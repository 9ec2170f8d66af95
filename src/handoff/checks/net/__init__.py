"""NET: weights, tokenizers and data fetched from a hub or a URL at run time.

A production host often has no route to the Hugging Face Hub, GitHub releases or a dataset
mirror, and even when it has, what comes back may change under the same name. A hub load with a
literal id (NET001), a constructor's pretrained weights (NET002), a dataset download (NET003)
and a file fetched by URL (NET004) each make the code depend on a network and a third party at
run time. What they match is in `downloads.py` (Python calls) and `shell.py` (notebook magics,
shell scripts, command lines run from Python); each call is judged once, by the most specific
rule.
"""
