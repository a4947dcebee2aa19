"""Who may edit: an editor password from Streamlit secrets or the environment.

Without a configured password the app is read-only and says how to turn editing on. The
password is compared in constant time (hmac.compare_digest) so its length or prefix cannot be
probed by timing. A configured password shorter than MIN_PASSWORD_LENGTH characters (spaces at
either end not counted) does not turn editing on: the read-only message says why. Wrong guesses
are slowed down process-wide (LoginThrottle): each failure waits 1, 2, 4 … up to 30 seconds,
and attempts are taken one at a time, so opening more sessions does not guess faster.
Usable without Streamlit: the app passes `st.secrets` in.
"""
from __future__ import annotations

import hmac
import os
import threading
import time
from collections.abc import Callable, Mapping

PASSWORD_KEY = "CYMAP_EDITOR_PASSWORD"  # the st.secrets key and the environment variable
MIN_PASSWORD_LENGTH = 8
FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0

TOO_SHORT_HELP = {
    "zh": (f"只读模式：编辑口令 {PASSWORD_KEY} 太短（至少 {MIN_PASSWORD_LENGTH} 个字符，首尾空格不计），"
           "编辑未启用。请设置更长的口令后重启应用。"),
    "en": (f"Read-only: the editor password {PASSWORD_KEY} is too short (at least {MIN_PASSWORD_LENGTH} "
           "characters, not counting spaces at either end), so editing stays off. Set a longer one and restart "
           "the app."),
}

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


def strong_enough(password: str | None) -> bool:
    return password is not None and len(password.strip()) >= MIN_PASSWORD_LENGTH


def editing_enabled(secrets: Mapping | None = None) -> bool:
    return strong_enough(configured_password(secrets))


def check_password(given: str, secrets: Mapping | None = None) -> bool:
    """True when `given` is the configured password; always False when none (or a too short
    one) is configured. Not throttled: the app logs in through `THROTTLE.attempt`."""
    expected = configured_password(secrets)
    if not strong_enough(expected) or not given:
        return False
    return hmac.compare_digest(str(given).encode("utf-8"), expected.encode("utf-8"))


class LoginThrottle:
    """Slow down password guessing: after the n-th failure in a row the attempt waits
    delay(n) = 1 s × 2^(n-1), at most 30 s, before it answers; attempts are serialised by a lock
    (one process serves every session), and a success resets the count."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._sleep = sleep
        self._lock = threading.Lock()
        self.failures = 0

    @staticmethod
    def delay(failures: int) -> float:
        return min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - 1)) if failures > 0 else 0.0

    def attempt(self, given: str, secrets: Mapping | None = None) -> bool:
        with self._lock:
            if check_password(given, secrets):
                self.failures = 0
                return True
            self.failures += 1
            self._sleep(self.delay(self.failures))
            return False


THROTTLE = LoginThrottle()  # the app's, shared by every session of the process


def read_only_message(lang: str = "zh", secrets: Mapping | None = None) -> str:
    """Why editing is off and how to turn it on."""
    password = configured_password(secrets)
    if password is not None and not strong_enough(password):
        return TOO_SHORT_HELP.get(lang, TOO_SHORT_HELP["en"])
    return ENABLE_EDITING_HELP.get(lang, ENABLE_EDITING_HELP["en"])
