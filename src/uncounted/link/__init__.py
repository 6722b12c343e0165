"""Record linkage across lists and scripts, with human judgements (see :mod:`.names`)."""
