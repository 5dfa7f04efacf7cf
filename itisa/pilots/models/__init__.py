"""Models of the pilot program: calls, applications with their materials and history,
recommendations, the expert pool, assignments and reviews; findings on what data cannot decide."""

from itisa.pilots.models.applications import Application, ApplicationStatusChange, Material, Recommendation
from itisa.pilots.models.calls import Call
from itisa.pilots.models.findings import Finding, FindingQuestion
from itisa.pilots.models.reviews import Assignment, Expert, Review

__all__ = [
    "Application",
    "ApplicationStatusChange",
    "Assignment",
    "Call",
    "Expert",
    "Finding",
    "FindingQuestion",
    "Material",
    "Recommendation",
    "Review",
]
