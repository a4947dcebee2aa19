"""Who may edit: password from st.secrets or the environment, read-only without one."""
from __future__ import annotations

import pytest

from cymap.ledger import auth


class MissingSecrets:
    """Like st.secrets when there is no secrets.toml: every lookup raises FileNotFoundError."""

    def __getitem__(self, key):
        raise FileNotFoundError("No secrets files found")


@pytest.fixture(autouse=True)
def no_env_password(monkeypatch):
    monkeypatch.delenv(auth.PASSWORD_KEY, raising=False)


def test_no_password_means_read_only_with_instructions():
    assert not auth.editing_enabled() and not auth.editing_enabled(MissingSecrets()) and not auth.editing_enabled({})
    assert not auth.check_password("")
    assert not auth.check_password("anything", MissingSecrets())
    for lang in ("zh", "en"):
        message = auth.read_only_message(lang)
        assert auth.PASSWORD_KEY in message and ".streamlit/secrets.toml" in message


def test_environment_password(monkeypatch):
    monkeypatch.setenv(auth.PASSWORD_KEY, "s3cret-口令")
    assert auth.editing_enabled(MissingSecrets())
    assert auth.check_password("s3cret-口令", MissingSecrets())
    assert not auth.check_password("s3cret", MissingSecrets())
    assert not auth.check_password("", MissingSecrets())


def test_secrets_take_precedence_over_the_environment(monkeypatch):
    monkeypatch.setenv(auth.PASSWORD_KEY, "from-env")
    secrets = {auth.PASSWORD_KEY: "from-secrets"}
    assert auth.check_password("from-secrets", secrets) and not auth.check_password("from-env", secrets)


def test_empty_configured_password_does_not_enable_editing(monkeypatch):
    monkeypatch.setenv(auth.PASSWORD_KEY, "")
    assert not auth.editing_enabled({auth.PASSWORD_KEY: ""})
    assert not auth.check_password("", {auth.PASSWORD_KEY: ""})


def test_comparison_is_constant_time(monkeypatch):
    calls = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    monkeypatch.setenv(auth.PASSWORD_KEY, "pw-long-enough")
    assert auth.check_password("pw-long-enough") and calls == [(b"pw-long-enough", b"pw-long-enough")]
