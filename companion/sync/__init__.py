"""Sync: every machine keeps its own full store, and changes meet through a CouchDB database.

hlc.py orders every write across machines; merge.py decides, in one pure function, what two replicas of
one document become."""
