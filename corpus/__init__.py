"""The corpus: originals by content hash, the pipeline's records, matches, flags, review decisions and the audit
log in SQL (SQLite by default, PostgreSQL for shared deployments), and full-text search over it all."""
