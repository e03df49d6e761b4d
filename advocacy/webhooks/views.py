"""A chapter's webhook settings and delivery log, under ``/coordinate``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..audit import record_audit
from ..chapters.services import chapter_in_scope
from ..extensions import db
from ..forms_util import CsrfOnlyForm, attempt
from ..listing import page_number
from ..policy import STAFF, guard
from . import services
from .delivery import SIGNATURE_HEADER
from .forms import WebhookForm

bp = guard(Blueprint("webhooks", __name__,
                         url_prefix="/coordinate/chapters/<chapter_slug>/webhook"),
           STAFF)


def _back(chapter):
    return redirect(url_for("webhooks.settings", chapter_slug=chapter.slug))


@bp.route("", methods=["GET", "POST"])
def settings(chapter_slug: str):
    chapter = chapter_in_scope(current_user, chapter_slug)
    form = WebhookForm(data={"url": chapter.webhook_url or ""})

    def save():
        secret_changed = services.configure(chapter, form.url.data or "", form.new_secret.data)
        record_audit(current_user, "webhook.updated", "chapter", chapter.id,
                     enabled=bool(chapter.webhook_url), new_secret=secret_changed)
        return secret_changed

    if form.validate_on_submit():
        saved, _ = attempt(form, save)
        if saved:
            flash("Webhook saved." if chapter.webhook_url else "Webhook turned off.", "success")
            return _back(chapter)
    return render_template("webhooks/coordinate/webhook.html", chapter=chapter, form=form,
                           action_form=CsrfOnlyForm(),
                           deliveries=services.delivery_log(chapter, page_number(request.args)),
                           header=SIGNATURE_HEADER), 400 if form.errors else 200


@bp.route("/test", methods=["POST"])
def send_test(chapter_slug: str):
    chapter = chapter_in_scope(current_user, chapter_slug)
    if CsrfOnlyForm().validate_on_submit() and services.ping(chapter):
        db.session.commit()
        flash("A test event is on its way; it appears below once sent.", "success")
    else:
        flash("Set an endpoint address first.", "error")
    return _back(chapter)


@bp.route("/deliveries/<int:delivery_id>/retry", methods=["POST"])
def retry(chapter_slug: str, delivery_id: int):
    chapter = chapter_in_scope(current_user, chapter_slug)
    if CsrfOnlyForm().validate_on_submit():
        services.retry(chapter, delivery_id)
        db.session.commit()
        flash("The delivery will be sent again.", "success")
    return _back(chapter)
