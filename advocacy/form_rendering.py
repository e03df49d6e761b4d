"""Faster rendering of WTForms fields, the same HTML byte for byte.

WTForms builds every attribute with ``Markup.format`` (``wtforms.widgets.html_params``),
about 45 µs a field here; a form with a state picker (57 options) and a dozen fields
spent most of its render there. ``attributes`` below writes the same text with plain
string work, and ``FastRenderMeta.render_field`` (WTForms' hook for how a field is
rendered) lends each widget a twin that uses it: an ``Input`` through its
``html_params`` attribute, a ``Select`` through its ``render_option`` class method —
the two places WTForms offers for this — and a ``TextArea`` (which has neither) by the
same few steps as WTForms'. Other widgets render as WTForms does.
"""

from __future__ import annotations

import copy

from flask import has_app_context
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice, SelectFieldBase
from wtforms.meta import DefaultMeta
from wtforms.widgets import Input, ListWidget, Select, TextArea
from wtforms.widgets.core import clean_key  # WTForms' own key rule (class_ …)

from .caching import caches


def attributes(**kwargs) -> Markup:
    """``wtforms.widgets.html_params``, faster: sorted keys, ``True`` a bare attribute,
    ``False`` none, values escaped (quotes included)."""
    parts = []
    for key in sorted(kwargs):
        value = kwargs[key]
        if value is True:
            parts.append(clean_key(key))
        elif value is not False:
            parts.append(f'{clean_key(key)}="{escape(value)}"')
    return Markup(" ".join(parts))  # noqa: S704 - names are the code's, values escaped


def choice_memo_key(field, kwargs: dict, min_options: int, *widget: object) -> tuple | None:
    """What a choice field's HTML depends on: its choices, data and coercion (WTForms
    marks an option whose ``coerce(value)`` is, or is in, the data), name, id, flags,
    its own and the call's attributes, and the widget's settings. None for one with
    fewer than ``min_options`` choices, groups or per-option attributes, data that is not
    among its choices, or outside an app (the memo lives in the app's caches)."""
    choices = field.choices
    if (not isinstance(choices, list) or len(choices) < min_options
            or field.has_groups() or not has_app_context()):
        return None
    options = []
    for choice in choices:
        if not isinstance(choice, SelectChoice) or choice.render_kw:
            return None
        options.append((choice.value, choice.label))
    # Only data among the choices is kept: a form sent back with made-up values (any
    # number of them) renders, but fills no cache.
    values = {value for value, _ in options}
    data = tuple(field.data) if isinstance(field.data, list) else field.data
    try:
        if not all(item in values for item in (data if isinstance(data, tuple) else
                                                () if data is None else (data,))):
            return None
    except TypeError:  # unhashable data
        return None
    key = (type(field), field.name, field.id, field.coerce, data, tuple(options),
           tuple(sorted(vars(field.flags).items())),
           tuple(sorted((k, str(v)) for k, v in (field.render_kw or {}).items())),
           tuple(sorted((k, str(v)) for k, v in kwargs.items())), *widget)
    try:
        hash(key)
    except TypeError:  # data or a value that cannot be a key
        return None
    return key


def remembered(key: tuple | None, render):
    """``render()``, kept in the app's caches under ``key`` (None: not kept)."""
    if key is None:
        return render()
    return caches().remember(caches().choice_fields, key, render)


class FastSelect(Select):
    """A ``Select`` whose options are written by ``attributes``; a long one (a state
    picker) is written once per choice list, selection and attributes, then reused."""

    def __call__(self, field, **kwargs):
        key = choice_memo_key(field, kwargs, MEMO_MIN_OPTIONS, self.multiple)
        return remembered(key, lambda: Select.__call__(self, field, **kwargs))

    @classmethod
    def render_option(cls, choice, **kwargs):
        value = choice.value
        if isinstance(value, bool):
            value = str(value)
        options = {"value": value, **(choice.render_kw or {}), **kwargs}
        if choice.selected:
            options["selected"] = True
        label = escape(choice.label or choice.value)
        return Markup(f"<option {attributes(**options)}>{label}</option>")  # noqa: S704


class FastList(ListWidget):
    """A ``ListWidget`` of a choice field's checkboxes or radios, written once per choice
    list and selection (its options render through their fast twins)."""

    def __call__(self, field, **kwargs):
        key = None
        if isinstance(field, SelectFieldBase):
            key = choice_memo_key(field, kwargs, 2, self.html_tag, self.prefix_label,
                                  type(field.option_widget))
        return remembered(key, lambda: ListWidget.__call__(self, field, **kwargs))


class FastTextArea(TextArea):
    """WTForms' ``TextArea`` (the same steps), its attributes written by ``attributes``."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for k in dir(flags):
            if k in self.validation_attrs and k not in kwargs:
                kwargs[k] = getattr(flags, k)
        content = escape(field._value())
        return Markup(  # noqa: S704 - attributes and content escaped
            f"<textarea {attributes(name=field.name, **kwargs)}>\r\n{content}</textarea>")


MEMO_MIN_OPTIONS = 20

# id(widget) -> (widget, twin): the entry holds the widget, so its id is never reused
# while the entry lives. Widgets are made with their field classes, so this stays small;
# a process that keeps making new ones only refills it.
_twins: dict[int, tuple[object, object]] = {}
MAX_TWINS = 500


def _twin(widget):
    """The fast twin of a widget instance (made once; widgets are shared and stateless)."""
    entry = _twins.get(id(widget))
    if entry is None:
        twin = widget
        fast = {Select: FastSelect, TextArea: FastTextArea, ListWidget: FastList}
        if type(widget) in fast:
            twin = copy.copy(widget)
            twin.__class__ = fast[type(widget)]
        elif isinstance(widget, Input):
            twin = copy.copy(widget)
            twin.html_params = attributes
        if len(_twins) >= MAX_TWINS:
            _twins.clear()
        entry = _twins[id(widget)] = (widget, twin)
    return entry[1]


class FastRenderMeta(DefaultMeta):
    """Every form's meta: fields render through their widget's fast twin."""

    def render_field(self, field, render_kw):
        render_kw = {clean_key(k): v for k, v in render_kw.items()}
        other_kw = getattr(field, "render_kw", None)
        if other_kw is not None:
            render_kw = dict({clean_key(k): v for k, v in other_kw.items()}, **render_kw)
        return _twin(field.widget)(field, **render_kw)
