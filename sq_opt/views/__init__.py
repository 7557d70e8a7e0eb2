"""Views of a plan for people: tables, workbooks, documents (no solving here)."""
