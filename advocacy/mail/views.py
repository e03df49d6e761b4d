"""``/unsubscribe/<token>``: leave a mailing list from a message's link, without
signing in. A GET shows what the link does and a button; a POST (the button, or a
mail program's RFC 8058 one-click POST, which carries no CSRF token: the signed token
is the authority) suppresses that list for that address at once."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request

from ..extensions import csrf, db
from ..forms_util import CsrfOnlyForm
from ..policy import ANYONE, guard
from ..tokens import InvalidToken
from . import unsubscribing

bp = guard(Blueprint("mail", __name__), ANYONE)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    try:
        hashed, mailing_list = unsubscribing.read_token(token)
    except InvalidToken as error:
        return render_template("mail/unsubscribe.html", problem=error.message), 404
    label = unsubscribing.LIST_LABELS.get(mailing_list, mailing_list)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    if request.method == "POST" and (one_click or CsrfOnlyForm().validate_on_submit()):
        unsubscribing.unsubscribe(hashed, mailing_list)
        db.session.commit()
        if one_click:
            return "", 204
        flash(f"Done: no more {label} to this address.", "success")
        return render_template("mail/unsubscribe.html", problem=None, done=True, label=label)
    return render_template("mail/unsubscribe.html", problem=None, done=False, label=label,
                           form=CsrfOnlyForm(), token=token)
