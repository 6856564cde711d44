"""The benchmarks: each script measures against a baseline taken in the same run (see benchmarks/README.md)."""
