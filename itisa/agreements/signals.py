"""Signals of agreements, for apps in higher layers (admission in membership).

``version_effective`` is sent inside the signing transaction when a version takes effect, so that a
receiver's writes commit or roll back with it. Arguments: ``version`` and ``by``.
"""

from django.dispatch import Signal

version_effective = Signal()
