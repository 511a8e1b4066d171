"""Benchmarks with targets: every figure measured beside its floor in the same run, as a ratio."""
