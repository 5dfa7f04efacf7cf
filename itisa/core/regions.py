"""Province-level divisions of GB/T 2260 《中华人民共和国行政区划代码》.

The six-digit region code inside a credit code and on an organisation starts with the
province's two digits; ``100000`` is used for organisations registered at national level.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    """Province-level divisions keyed by their two-digit GB/T 2260 prefix."""

    BEIJING = "11", _("Beijing")
    TIANJIN = "12", _("Tianjin")
    HEBEI = "13", _("Hebei")
    SHANXI = "14", _("Shanxi")
    INNER_MONGOLIA = "15", _("Inner Mongolia")
    LIAONING = "21", _("Liaoning")
    JILIN = "22", _("Jilin")
    HEILONGJIANG = "23", _("Heilongjiang")
    SHANGHAI = "31", _("Shanghai")
    JIANGSU = "32", _("Jiangsu")
    ZHEJIANG = "33", _("Zhejiang")
    ANHUI = "34", _("Anhui")
    FUJIAN = "35", _("Fujian")
    JIANGXI = "36", _("Jiangxi")
    SHANDONG = "37", _("Shandong")
    HENAN = "41", _("Henan")
    HUBEI = "42", _("Hubei")
    HUNAN = "43", _("Hunan")
    GUANGDONG = "44", _("Guangdong")
    GUANGXI = "45", _("Guangxi")
    HAINAN = "46", _("Hainan")
    CHONGQING = "50", _("Chongqing")
    SICHUAN = "51", _("Sichuan")
    GUIZHOU = "52", _("Guizhou")
    YUNNAN = "53", _("Yunnan")
    TIBET = "54", _("Tibet")
    SHAANXI = "61", _("Shaanxi")
    GANSU = "62", _("Gansu")
    QINGHAI = "63", _("Qinghai")
    NINGXIA = "64", _("Ningxia")
    XINJIANG = "65", _("Xinjiang")
    TAIWAN = "71", _("Taiwan")
    HONG_KONG = "81", _("Hong Kong")
    MACAO = "82", _("Macao")


NATIONAL_REGION_CODE = "100000"


def region_code_problem(region_code: str, province: str) -> str | None:
    """Return why a six-digit GB/T 2260 code does not fit the province, or None when it does."""
    if len(region_code) != 6 or not region_code.isdigit():
        return str(_("A GB/T 2260 region code has exactly six digits."))
    if region_code == NATIONAL_REGION_CODE:
        return None
    if region_code[:2] not in Province.values:
        return str(_("The first two digits do not name a province-level division."))
    if province and region_code[:2] != province:
        return str(_("The region code does not lie in the chosen province."))
    return None
