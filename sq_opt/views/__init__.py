"""Views: strategies, follow-ups and their decision support as people read them (one module per
output kind: text tables, workbooks, the HTML meeting pack); no solving here."""
