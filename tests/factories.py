"""factory_boy factories shared by every app's tests. Credit codes are generated to pass both checks."""

from __future__ import annotations

import datetime as dt

import factory

from itisa.accounts.models import User
from itisa.core.identifiers import USCC_ALPHABET, make_uscc
from itisa.membership.models import Membership
from itisa.registry.models import Alliance, Organisation, Person


def synthetic_uscc(n: int, region: str = "110108") -> str:
    """A valid synthetic code for test organisation number ``n`` (body 'T' + 7 characters)."""
    digits = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = ""
    value = n
    for _ in range(7):
        body = digits[value % 10] + body
        value //= 10
    assert all(c in USCC_ALPHABET for c in body)
    return make_uscc("9", "1", region, "T" + body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("correct-horse-battery")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name_zh = factory.Sequence(lambda n: f"法人{n}")
    name_en = factory.Sequence(lambda n: f"Representative {n}")
    title = "董事长"
    phone = "010-12345678"
    email = factory.Sequence(lambda n: f"rep{n}@example.cn")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_zh = factory.Sequence(lambda n: f"测试单位{n}有限公司")
    name_en = factory.Sequence(lambda n: f"Test Unit {n} Co., Ltd.")
    uscc = factory.Sequence(lambda n: synthetic_uscc(n + 1))
    kind = "enterprise"
    ownership = "private"
    province = "11"
    region_code = "110108"
    address = "北京市海淀区"
    industry = "C"
    legal_representative = factory.SubFactory(PersonFactory)
    is_demo = True


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    code = factory.Sequence(lambda n: f"AL{n}")
    name_zh = factory.Sequence(lambda n: f"测试产业技术创新战略联盟{n}")
    name_en = factory.Sequence(lambda n: f"Test Industrial Technology Innovation Strategic Alliance {n}")
    key_area = "manufacturing"
    industry = "C"
    scope = "national"
    province = ""
    founded_on = dt.date(2010, 1, 1)
    status = "established"
    is_demo = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    alliance = factory.SubFactory(AllianceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    rank = "ordinary"
    joined_on = dt.date(2011, 1, 1)
