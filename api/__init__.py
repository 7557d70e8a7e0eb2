"""The sq-opt HTTP API (FastAPI): the library does all the work, this package serves it."""
