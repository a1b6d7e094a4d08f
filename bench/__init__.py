"""Benchmarks, run by hand; each script prints its figures."""
