"""Dues endpoints: fee schedules, invoices and payments."""

from ninja import Router

router = Router(tags=["dues"])
