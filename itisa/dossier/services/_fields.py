"""Which model fields a dossier carries."""

PERSON_FIELDS = ("name_zh", "name_en", "title", "phone", "email")
ORG_FIELDS = (
    "name_zh", "name_en", "uscc_confirmed_reason", "kind", "ownership", "province", "region_code", "address",
    "industry", "is_demo",
)  # fmt: skip
ALLIANCE_FIELDS = (
    "name_zh", "name_en", "short_name_zh", "short_name_en", "key_area", "emerging_industry", "industry", "scope",
    "province", "founded_on", "website", "status", "is_demo",
)  # fmt: skip
MEMBERSHIP_FIELDS = ("rank", "left_on", "left_reason")
NULLABLE_CHOICES = ("ownership", "key_area", "emerging_industry", "province")
KINDS = ("alliance", "organisation", "person", "membership", "status_change", "agreement")
