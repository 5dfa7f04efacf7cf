"""Signals of governance, for apps in higher layers (admission and expulsion in membership).

``motion_closed`` is sent inside the closing transaction, after the tally is stored: a receiver's
writes commit or roll back with the closing itself. Arguments: ``motion`` and ``by``.
"""

from django.dispatch import Signal

motion_closed = Signal()
