"""Helpers for the tests and benchmarks only (error rates, a throwaway PostgreSQL server): not shipped."""
