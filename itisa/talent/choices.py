"""The kinds of joint training programme (国科发政〔2008〕770号 Art. 5: talent exchange and joint training)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    """What kind of joint training a programme is."""

    POSTGRADUATE = "postgraduate", _("Joint postgraduate training")
    COURSE = "course", _("Training course")
    JOINT_LAB = "joint_lab", _("Joint laboratory staff")
    POSTDOC = "postdoc", _("Post-doctoral research station")
    OTHER = "other", _("Other joint training")
