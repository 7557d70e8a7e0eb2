"""Views: strategies and their decision support as people read them (one module per output kind)."""
