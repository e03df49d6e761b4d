"""The fast field rendering writes exactly what WTForms writes, for every field of every
form in the app, empty, filled with hostile text, and with the attributes the macros add."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectFieldBase
from wtforms.meta import DefaultMeta
from wtforms.widgets import html_params

import advocacy
from advocacy.form_rendering import attributes
from advocacy.forms_util import SafeForm
from advocacy.stories.forms import StoryForm

HOSTILE = '"><script>alert(1)</script>&amp;\'é'


def every_form_class() -> list[type]:
    for module in pkgutil.walk_packages(advocacy.__path__, "advocacy."):
        if "migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [SafeForm]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


@pytest.mark.parametrize("kwargs", [
    {}, {"name": "x", "id": "f", "class_": "a b"}, {"checked": True, "readonly": False},
    {"data_counter": "true", "aria_describedby": "x-hint x-error", "value": HOSTILE},
    {"maxlength": 5000, "rows": 10, "for_": "y"}])
def test_attributes_match_html_params(kwargs):
    assert attributes(**kwargs) == html_params(**kwargs)


def test_every_field_renders_as_wtforms_does(app):
    classes = every_form_class()
    assert StoryForm in classes and len(classes) > 20
    compared = 0
    for data in ({}, "hostile"):
        for cls in classes:
            with app.test_request_context(method="POST"):
                form = cls(formdata=None) if data == {} else cls(formdata=MultiDict())
                for field in form:
                    if isinstance(field, SelectFieldBase) and field.choices is None:
                        field.choices = [("1", f"A {HOSTILE}"), ("2", "B")]
                    if data == "hostile":
                        value = HOSTILE
                        if isinstance(field, SelectFieldBase):
                            value = str(next(iter(field.iter_choices()))[0])
                        field.process(MultiDict({field.name: value}))
                    for extra in ({}, {"aria_describedby": "h e", "required": True,
                                       "aria-invalid": "true"}):
                        fast = field(**extra)
                        plain = DefaultMeta.render_field(form.meta, field, dict(extra))
                        assert fast == plain, (cls.__name__, field.name)
                        compared += 1
                    if isinstance(field, SelectFieldBase):
                        for option in field:  # radio and checkbox lists
                            assert option() == DefaultMeta.render_field(form.meta, option, {})
    assert compared > 200


def test_a_long_select_is_written_once_per_selection(app):
    from advocacy.caching import caches_of

    with app.test_request_context():
        outputs = {}
        for state in ("NY", "CA", "NY"):
            form = StoryForm(formdata=None, data={"state": state})
            fast = form.state(required=True)
            assert fast == DefaultMeta.render_field(form.meta, form.state, {"required": True})
            assert f'<option selected value="{state}">' in fast
            outputs.setdefault(state, fast)
        assert outputs["NY"] != outputs["CA"]
        assert len(caches_of(app).choice_fields) == 2  # NY and CA, NY again from the cache


def test_made_up_choices_render_but_fill_no_cache(app):
    """A stranger posting 5,000 invented impact areas or states gets the form back; the
    memo keeps only selections among the choices."""
    from advocacy.caching import caches_of

    invented = MultiDict([("impact_areas", f"x{n}") for n in range(5000)] + [("state", "ZZ")])
    with app.test_request_context(method="POST"):
        form = StoryForm(formdata=invented)
        assert form.impact_areas() == DefaultMeta.render_field(form.meta, form.impact_areas, {})
        assert form.state() == DefaultMeta.render_field(form.meta, form.state, {})
        assert len(caches_of(app).choice_fields) == 0
        chosen = StoryForm(formdata=MultiDict([("impact_areas", "jobs"), ("state", "NY")]))
        assert 'checked' in chosen.impact_areas() and "selected" in chosen.state()
        assert len(caches_of(app).choice_fields) == 2
