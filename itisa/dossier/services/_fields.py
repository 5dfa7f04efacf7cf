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
KINDS = (
    "alliance", "organisation", "person", "membership", "status_change", "agreement",
    "body", "rule_set", "seat", "meeting", "motion", "vote", "staff", "liability", "application",
    "book", "fund",
)  # fmt: skip
BODY_FIELDS = ("kind", "body_type", "name_en", "duties_zh", "is_demo")
RULE_SET_FIELDS = (
    "preset", "quorum_comparison", "threshold_comparison", "threshold_base", "abstentions_count_as_present",
    "notice_days", "adopted_on", "matter", "chair_casting_vote", "veto_days",
)  # fmt: skip
# the model's numerator/denominator columns of each fraction of a rule set
FRACTION_COLUMNS = {"quorum": "quorum", "threshold": "threshold", "extraordinary_share": "extraordinary"}
SEAT_FIELDS = ("role", "term_end", "is_demo")
MEETING_FIELDS = (
    "kind", "ends_at", "location", "convened_by", "notice_given_at", "status", "minutes_zh", "minutes_recorded_at",
    "is_demo",
)  # fmt: skip
# what a motion is: fixed when it is put, the same here and in the dossier or a conflict
MOTION_FACTS = ("title_zh", "text_zh", "method", "deadline", "opened_at")
# where it ended: written once, when the motion closes or is withdrawn
MOTION_OUTCOME = ("status", "closed_at")
TALLY_FIELDS = ("yes", "no", "abstain", "attending", "present", "quorum_met", "passed", "outcome")
RESOLUTION_FIELDS = ("responsible", "due_on", "status", "note", "effect", "veto_until", "effective_at")
STAFF_FIELDS = ("position", "full_time", "employer_name", "until", "is_demo")
APPLICATION_DATA = (
    "name_zh", "kind", "ownership", "province", "region_code", "industry", "address", "legal_rep_name",
    "contact_name", "contact_phone", "contact_email", "intended_contribution", "rank", "is_demo",
)  # fmt: skip
