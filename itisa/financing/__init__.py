"""Financing needs, recommendations, credit lines, drawdowns and repayments (Art. 10)."""
