"""The base form of every page: Bootstrap classes, invalid marks and a service's refusal on the form."""

from __future__ import annotations

from typing import Any

from django import forms

from itisa.core.errors import DomainError


class StyledForm(forms.Form):
    """Adds Bootstrap classes to every widget; marks fields with errors as invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def _mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-errors"

    def apply_domain_error(self, exc: DomainError) -> None:
        """Show a service's refusal: field messages next to their fields, the rest at the top."""
        placed = False
        for field, messages in exc.fields.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
            placed = True
        unplaced = not placed or any(f not in self.fields for f in exc.fields)
        if unplaced and exc.message not in self.non_field_errors():
            self.add_error(None, exc.message)
        self._mark_invalid()
