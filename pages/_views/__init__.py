"""The cached views of each page, in modules imported once (a page script runs again on every rerun)."""
