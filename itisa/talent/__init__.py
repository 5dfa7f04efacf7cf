"""Joint training programmes and staff exchanges between members (Art. 5)."""
