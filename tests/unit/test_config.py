"""Config layers: defaults → instance/config.py → ADVOCACY_* environment."""

from __future__ import annotations

import stat

from advocacy import create_app
from advocacy.config import SETTINGS, normalize_database_url


def test_layers_override_in_order(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "LOG_LEVEL = 'WARNING'\nMAX_CONTENT_LENGTH = 2048\nSECRET_KEY = 'from-instance'\n"
    )
    monkeypatch.setenv("ADVOCACY_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("ADVOCACY_MAX_CONTENT_LENGTH", "4096")
    monkeypatch.delenv("ADVOCACY_SECRET_KEY", raising=False)
    app = create_app()
    assert app.instance_path == str(instance)
    assert app.config["LOG_LEVEL"] == "WARNING"          # instance over default
    assert app.config["MAX_CONTENT_LENGTH"] == 4096      # environment over instance
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "sqlite:///" + str(instance / "advocacy.sqlite3")
    )


def test_environment_database_url_and_https(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVOCACY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ADVOCACY_DATABASE_URL", "postgresql://u@127.0.0.1:5/x")
    monkeypatch.setenv("ADVOCACY_HTTPS", "1")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1:5/x"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("ADVOCACY_SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path / "inst")})
    key_file = tmp_path / "inst" / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 64
    second = create_app({"INSTANCE_PATH": str(tmp_path / "inst")})
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_no_secret_key_in_the_code():
    assert SETTINGS["SECRET_KEY"][0] is None


def test_normalize_database_url():
    assert normalize_database_url("postgres://a/b") == "postgresql+psycopg://a/b"
    assert normalize_database_url("sqlite:///x") == "sqlite:///x"
    assert normalize_database_url("postgresql+psycopg://a/b") == "postgresql+psycopg://a/b"


def test_every_setting_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for name in SETTINGS:
        assert f"ADVOCACY_{name}" in readme, name
