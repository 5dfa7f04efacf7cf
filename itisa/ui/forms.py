"""The base form of every page: Bootstrap classes, invalid marks, ``core.values``' rules and a service's
refusal on the form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from itisa.core.errors import DomainError
from itisa.core.values import ValueRefused, date_problem, is_blank, parse_amount, strip_text


class MoneyField(forms.CharField):
    """An amount of CNY as ``core.values.parse_amount`` reads it (ASCII digits, bounded by the column
    it goes into: ``max_digits``, ``decimal_places``); spaces are refused, not stripped, as in the API."""

    def __init__(self, *, max_digits: int, decimal_places: int = 2, **kwargs: Any) -> None:
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_amount(text, column=self)
        except ValueRefused as exc:
            raise ValidationError(exc.message, code="invalid") from exc


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
        if self.is_bound and hasattr(self, "cleaned_data"):
            self._apply_value_rules()
        self._mark_invalid()

    def _apply_value_rules(self) -> None:
        """Text loses invisible characters at its ends (blank text is not given: "required" if the field
        is), and dates stay within ``core.values``' bounds. (Django's fields already refuse NUL, and a
        form post cannot carry a lone surrogate.)"""
        for name, value in list(self.cleaned_data.items()):
            field = self.fields.get(name)
            if isinstance(value, str) and isinstance(field, forms.CharField) and field.strip:
                self.cleaned_data[name] = strip_text(value)
                if field.required and is_blank(value):
                    self.add_error(name, field.error_messages["required"])
            elif isinstance(value, dt.date) and (problem := date_problem(value)):
                self.add_error(name, problem)

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
