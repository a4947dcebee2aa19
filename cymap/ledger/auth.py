"""Who may edit: an editor password from Streamlit secrets or the environment.

Without a configured password the app is read-only and says how to turn editing on. The
password is compared in constant time (hmac.compare_digest) so its length or prefix cannot be
probed by timing. Usable without Streamlit: the app passes `st.secrets` in.
"""
from __future__ import annotations

import hmac
import os
from collections.abc import Mapping

PASSWORD_KEY = "CYMAP_EDITOR_PASSWORD"  # the st.secrets key and the environment variable

ENABLE_EDITING_HELP = {
    "zh": (f"只读模式：未设置编辑口令。要启用编辑，请设置环境变量 {PASSWORD_KEY}，"
           f"或在 .streamlit/secrets.toml 中写入 {PASSWORD_KEY} = \"…\"，然后重启应用。"),
    "en": (f"Read-only: no editor password is set. To enable editing, set the environment variable "
           f"{PASSWORD_KEY}, or put {PASSWORD_KEY} = \"…\" in .streamlit/secrets.toml, then restart the app."),
}


def configured_password(secrets: Mapping | None = None) -> str | None:
    """The editor password: st.secrets first, then the environment; None when neither is set."""
    if secrets is not None:
        try:
            value = secrets[PASSWORD_KEY]
        except (KeyError, FileNotFoundError, AttributeError):  # no secrets.toml, or no such key
            value = None
        if value:
            return str(value)
    return os.environ.get(PASSWORD_KEY) or None


def editing_enabled(secrets: Mapping | None = None) -> bool:
    return configured_password(secrets) is not None


def check_password(given: str, secrets: Mapping | None = None) -> bool:
    """True when `given` is the configured password; always False when none is configured."""
    expected = configured_password(secrets)
    if expected is None or not given:
        return False
    return hmac.compare_digest(str(given).encode("utf-8"), expected.encode("utf-8"))


def read_only_message(lang: str = "zh") -> str:
    return ENABLE_EDITING_HELP.get(lang, ENABLE_EDITING_HELP["en"])
