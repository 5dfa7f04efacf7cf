"""Signals of governance, for apps in higher layers (admission and expulsion in membership).

``motion_closed`` is sent once a motion's outcome is final, inside that transaction (a receiver's
writes commit or roll back with it): when it closes, or, for a passed motion whose rules give a veto
window, when the window ends without a veto or a seat vetoes it. Arguments: ``motion``, ``by`` and
``carried`` (the decision binds: passed, and not vetoed).
"""

from django.dispatch import Signal

motion_closed = Signal()
