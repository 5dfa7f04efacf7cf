"""Extra dossier sections contributed by the apps above the dossier (the pilot program since 1.3, the
projects since 1.5).

The dossier sits below the apps whose records it may carry (import-linter layers: ``pilots`` above
``dossier``), so it cannot import them. Such an app registers a ``Section`` when Django is ready
(``AppConfig.ready``): the section's top-level key, the version it appears from, the Pydantic model of
one item, and how to export, cross-check and import it. The dossier then treats it like its own
sections: the full model (``full_model``) adds it to ``DossierDoc`` for validation, the API's response
model and the JSON Schema; export writes it; the cross-checks run its checks; the import runs its
importer inside the same transaction, after the core sections. See docs/dossier.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, create_model

from itisa.dossier.base import Problem, json_path

if TYPE_CHECKING:
    from itisa.dossier.schemas import DossierDoc
    from itisa.dossier.services._support import Ledger
    from itisa.registry.models import Alliance, Organisation

# every version of the format, oldest first (the schema's ``version`` accepts exactly these)
VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6")

ExportFn = Callable[..., list[dict[str, Any]]]
OrganisationsFn = Callable[..., set[str]]
CheckFn = Callable[[dict[str, Any], set[str]], list[Problem]]
ImportFn = Callable[..., None]


@dataclass(frozen=True)
class Section:
    """An extra top-level list of the dossier, defined by the app that owns its records.

    - ``export(alliance, *, include_restricted)``: the items as plain JSON data, in a deterministic
      order; ``include_restricted`` is False when the viewer may not see the confidential parts
      (e.g. expert reviews), which are then left out.
    - ``organisations(alliance, *, include_restricted)``: credit codes the exported items name; they
      travel in ``organisations`` even when they are not members.
    - ``check(data, usccs)``: problems of the raw JSON (run also when the shape is wrong elsewhere),
      each with its JSON path; ``usccs`` are the credit codes of ``organisations``.
    - ``load(ledger, *, alliance, items, orgs)``: write the validated items inside the import's
      transaction, after the core sections; count and audit through ``ledger``, refuse by raising
      ``Refused``. ``kinds`` are the kinds of object it counts.
    """

    name: str
    since: str
    item: type[BaseModel]
    label: Any  # what the section holds, plural, for messages (a lazy translation)
    description: str
    export: ExportFn
    organisations: OrganisationsFn
    check: CheckFn
    load: ImportFn
    kinds: tuple[str, ...]


_sections: dict[str, Section] = {}
_model: type[DossierDoc] | None = None


def register_section(section: Section) -> None:
    """Add a section; called from an ``AppConfig.ready``, before the full model is first used."""
    from itisa.dossier.schemas import DossierDoc

    if _sections.get(section.name) is section:
        return
    if section.name in _sections or section.name in DossierDoc.model_fields:
        raise ImproperlyConfigured(f"The dossier already has a section {section.name!r}.")
    if section.since not in VERSIONS:
        raise ImproperlyConfigured(f"Unknown dossier version {section.since!r} for {section.name!r}.")
    if _model is not None:
        raise ImproperlyConfigured(
            f"The dossier section {section.name!r} was registered after the full model was built; "
            "register sections in AppConfig.ready()."
        )
    _sections[section.name] = section


def sections() -> tuple[Section, ...]:
    """The registered sections, in the order they were registered (the order they are imported in)."""
    return tuple(_sections.values())


def section_kinds() -> tuple[str, ...]:
    """The kinds of object the registered sections count on import."""
    return tuple(kind for section in _sections.values() for kind in section.kinds)


def full_model() -> type[DossierDoc]:
    """``DossierDoc`` with every registered section as a list field (built once, when apps are ready)."""
    global _model
    if _model is not None:
        return _model
    from django.apps import apps

    from itisa.dossier.schemas import DossierDoc

    if not apps.ready:
        raise ImproperlyConfigured("The full dossier model is built only once every app is ready.")
    fields: dict[str, Any] = {
        s.name: (
            list[s.item],  # type: ignore[name-defined]
            Field(default_factory=list, description=f"Since {s.since}: {s.description}"),
        )
        for s in _sections.values()
    }
    _model = create_model(
        "DossierDoc", __base__=DossierDoc, __doc__=DossierDoc.__doc__, __module__=__name__, **fields
    )
    return _model


def version_index(version: Any) -> int:
    """The place of a format version among ``VERSIONS``; an unknown one comes after every known one."""
    return VERSIONS.index(version) if version in VERSIONS else len(VERSIONS)


def section_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """A section in a file older than its version, then each section's own cross-checks."""
    problems: list[Problem] = []
    version = version_index(data.get("version"))
    for section in _sections.values():
        if section.name in data and version < version_index(section.since):
            problems.append(
                Problem(
                    json_path((section.name,)),
                    _("%(label)s are carried from version %(version)s on.")
                    % {"label": section.label, "version": section.since},
                )
            )
    for section in _sections.values():
        problems += section.check(data, usccs)
    return problems


def export_sections(alliance: Alliance, *, include_restricted: bool) -> dict[str, list[dict[str, Any]]]:
    """Every registered section of ``alliance``'s dossier as plain data."""
    return {s.name: s.export(alliance, include_restricted=include_restricted) for s in _sections.values()}


def section_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """Credit codes the registered sections name (they travel in ``organisations``)."""
    codes: set[str] = set()
    for section in _sections.values():
        codes |= section.organisations(alliance, include_restricted=include_restricted)
    return codes


def import_sections(
    ledger: Ledger, *, alliance: Alliance, doc: BaseModel, orgs: dict[str, Organisation]
) -> None:
    """Run each section's importer on its validated items (the caller holds the transaction)."""
    for section in _sections.values():
        section.load(ledger, alliance=alliance, items=getattr(doc, section.name), orgs=orgs)
