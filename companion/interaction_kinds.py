"""The kinds of interaction Tend knows, in one tuple: the models' type is built from it, and the CLI offers
it as choices without importing the models (`tend serve` parses its arguments before it listens)."""

INTERACTION_KINDS = ("met", "call", "message", "email", "meeting", "coffee", "event", "intro", "helped_them",
                     "helped_me", "thanks", "note", "connected")
