"""Tools for the tests and the benchmarks, not for the running dashboard: synthetic data at any scale, the
Streamlit server and Chromium they drive, and the way a page is opened under AppTest."""
