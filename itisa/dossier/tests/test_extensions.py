"""Sections of other apps (``itisa.dossier.extensions``): registered at start-up, part of the full model."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ImproperlyConfigured

from itisa.dossier import extensions
from itisa.dossier.schemas import DossierDoc, dossier_json_schema


def test_the_pilot_program_the_projects_and_the_results_register_their_sections() -> None:
    assert [(s.name, s.since) for s in extensions.sections()] == [
        ("pilot_applications", "1.3"),
        ("projects", "1.5"),
        ("results", "1.5"),
        ("background_ip", "1.5"),
        ("diffusion", "1.6"),
        ("standards", "1.6"),
        ("platforms", "1.6"),
        ("talent", "1.6"),
        ("financing", "1.6"),
    ]
    model = extensions.full_model()
    assert model is extensions.full_model()  # built once
    assert issubclass(model, DossierDoc)
    assert list(model.model_fields)[-9:] == [
        "pilot_applications",
        "projects",
        "results",
        "background_ip",
        "diffusion",
        "standards",
        "platforms",
        "talent",
        "financing",
    ]
    assert model.model_fields["version"].annotation == DossierDoc.model_fields["version"].annotation
    schema = dossier_json_schema()
    assert schema["title"] == "DossierDoc"
    assert schema["properties"]["pilot_applications"]["items"] == {"$ref": "#/$defs/PilotApplicationDoc"}
    assert schema["properties"]["projects"]["items"] == {"$ref": "#/$defs/ProjectDoc"}
    assert schema["properties"]["results"]["items"] == {"$ref": "#/$defs/ResultDoc"}
    assert schema["properties"]["background_ip"]["items"] == {"$ref": "#/$defs/BackgroundIPDoc"}
    assert schema["properties"]["version"]["enum"] == ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]


def test_a_section_cannot_take_the_name_of_another_or_come_late() -> None:
    extensions.full_model()
    section = extensions.sections()[0]
    extensions.register_section(section)  # the same section again (ready() run twice): nothing happens
    with pytest.raises(ImproperlyConfigured, match=r"^The dossier already has a section 'bodies'\.$"):
        extensions.register_section(dataclasses.replace(section, name="bodies"))
    with pytest.raises(
        ImproperlyConfigured, match=r"^The dossier already has a section 'pilot_applications'\.$"
    ):
        extensions.register_section(dataclasses.replace(section))
    with pytest.raises(ImproperlyConfigured, match=r"^Unknown dossier version '2\.0' for 'later'\.$"):
        extensions.register_section(dataclasses.replace(section, name="later", since="2.0"))
    with pytest.raises(ImproperlyConfigured, match=r"registered after the full model was built"):
        extensions.register_section(dataclasses.replace(section, name="later"))
    assert [s.name for s in extensions.sections()] == [
        "pilot_applications",
        "projects",
        "results",
        "background_ip",
        "diffusion",
        "standards",
        "platforms",
        "talent",
        "financing",
    ]
