"""Forms of the accounts feature."""

from wtforms import BooleanField, EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..forms_util import SafeForm


class LoginForm(SafeForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ClaimForm(SafeForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField("Choose a password", validators=[
        DataRequired(), Length(min=10, max=1024, message="Use at least 10 characters.")],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"})


class ConfirmForm(SafeForm):
    confirm = BooleanField("Yes, I understand", validators=[
        DataRequired(message="Tick the box to confirm.")])


class EmailOnlyForm(SafeForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class NewPasswordForm(SafeForm):
    password = PasswordField("New password", validators=[
        DataRequired(), Length(min=10, max=1024, message="Use at least 10 characters.")],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Repeat the password", validators=[
        DataRequired(), EqualTo("password", message="The two passwords differ.")],
        render_kw={"autocomplete": "new-password"})
