"""Who is who: one policy for whether two records are the same person (identity.py) and one form for
the signals it compares (phones.py). Capture, import, manual edits and merges all ask here."""
