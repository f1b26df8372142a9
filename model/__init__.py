"""The data model every layer shares: records, flags, errors, review states and settings.

It imports no other project package, so stages, the application layer and every front end can stand on it."""

# the version of the whole pipeline: stored with each record, so a newer release reads documents again
PIPELINE_VERSION = "0.1.0"
