"""Accounts of the shared ledger: who may log in, and what each may change.

Roles: `viewer` reads; `district_editor` changes rows touching its districts only (a row touches a
district when the geocoder puts it there in the current division or in the 2023 division — a row
on 渝北区's old ground is a 渝北区 row and a 两江新区 row); `editor` changes every row; `admin` also
imports whole ledgers. Accounts are managed with `python -m cymap user add|remove|list` by whoever
holds the database's credentials.

Passwords are stored as Argon2id hashes (argon2-cffi), never as text; at least
auth.MIN_PASSWORD_LENGTH characters. Failed logins are slowed down per name typed, in the database
(so every app process behind a proxy shares the count): after the n-th failure in a row the name
is refused for min(30, 2^(n-1)) seconds without checking the password; a success resets it. An
unknown name costs the same hash check as a known one, so timing does not tell which names exist.

A `Session` is a login with an end: it expires SESSION_MINUTES (CYMAP_SESSION_MINUTES, default 30)
after its last use and is then logged out.
"""
from __future__ import annotations

import functools

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cymap.ledger.auth import MIN_PASSWORD_LENGTH
from cymap.ledger.store import StoreError

ROLES = ("viewer", "district_editor", "editor", "admin")
WRITERS = ("district_editor", "editor", "admin")
FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0
SESSION_MINUTES = 30.0
HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash checked for unknown names, so a login takes as long whether or not the name exists.
    Made on first login, not at import: hashing costs ~0.1 s, which every CLI command paid."""
    return HASHER.hash("cymap: a password nobody has")


class AccountError(StoreError):
    """An account cannot be added, found or used as asked; the message says why."""


class PermissionRefused(StoreError):
    """The account may not make this change; nothing was saved."""


class LoginFailed(AccountError):
    pass


class LoginThrottled(LoginFailed):
    """Too many wrong passwords for this name: try again after `retry_in` seconds."""

    def __init__(self, message: str, retry_in: float, name: str = "") -> None:
        super().__init__(message, "login_throttled", name=repr(name), seconds=f"{retry_in:.0f}")
        self.retry_in = retry_in


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    districts: tuple[str, ...] = ()

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_change(self, touched: Iterable[str]) -> bool:
        """May this account change a row that touches these districts (both divisions)?"""
        if self.role in ("editor", "admin"):
            return True
        return self.role == "district_editor" and bool(set(self.districts) & set(touched))

    def __str__(self) -> str:
        where = f" ({'、'.join(self.districts)})" if self.districts else ""
        return f"{self.name}: {self.role}{where}"


def require_account(who) -> Account:
    """The shared ledger records accounts: a typed name (or nothing) is refused."""
    if not isinstance(who, Account):
        raise PermissionRefused("the shared ledger records who changed what by account: log in with your account "
                                "(app: Edit tab; CLI: --user NAME, password from CYMAP_PASSWORD or the prompt); "
                                "nothing was saved", "needs_account")
    return who


def check_write(account: Account, project_id: str, touched: Iterable[str]) -> None:
    """Refuse a change of one row the account may not make, saying why."""
    touched = sorted(set(touched))
    if not account.can_write:
        raise PermissionRefused(f"account {account.name} is a {account.role} and may not change the ledger; "
                                "nothing was saved", "may_not_write", account=account.name, role=account.role)
    if not account.may_change(touched):
        where = "、".join(touched) or "no district (its location did not resolve)"
        raise PermissionRefused(f"account {account.name} may change rows of {'、'.join(account.districts)} only; "
                                f"project {project_id} is in {where}; nothing was saved", "other_district",
                                account=account.name, districts=list(account.districts), id=project_id,
                                touched=list(touched))


def check_admin(account: Account, what: str) -> None:
    if not account.is_admin:
        raise PermissionRefused(f"{what} needs an admin account; {account.name} is a {account.role}; "
                                "nothing was saved", "needs_admin", what=what, account=account.name, role=account.role)


def check_password_strength(password: str) -> None:
    if len(str(password or "").strip()) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters (spaces at either end "
                           "not counted)", "password_short", length=MIN_PASSWORD_LENGTH)


def delay(failures: int) -> float:
    """Seconds a name is refused after its n-th failure in a row: 1, 2, 4 … 30."""
    return min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (failures - 1)) if failures > 0 else 0.0


class Accounts:
    """The accounts table of one database (a psycopg_pool.ConnectionPool)."""

    def __init__(self, pool) -> None:
        self.pool = pool

    def add(self, name: str, password: str, role: str, districts: Iterable[str] = ()) -> Account:
        name = str(name or "").strip()
        districts = tuple(dict.fromkeys(d for d in districts if d))
        if not name:
            raise AccountError("an account needs a name", "account_no_name")
        if role not in ROLES:
            raise AccountError(f"role {role!r} is not a role — allowed: {', '.join(ROLES)}", "not_role",
                               value=repr(role))
        if role == "district_editor" and not districts:
            raise AccountError("a district_editor needs at least one district (--district NAME, repeatable)",
                               "editor_needs_district")
        if role != "district_editor" and districts:
            raise AccountError(f"only a district_editor has districts; a {role} changes every row or none",
                               "districts_not_for_role", role=role)
        check_password_strength(password)
        with self.pool.connection() as connection:
            inserted = connection.execute(
                "INSERT INTO accounts (name, password_hash, role, districts) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (name) DO NOTHING RETURNING name", (name, HASHER.hash(password), role, list(districts)),
            ).fetchone()
        if inserted is None:
            raise AccountError(f"there is already an account {name!r}; remove it first to change it", "account_exists",
                               name=repr(name))
        return Account(name, role, districts)

    def remove(self, name: str) -> bool:
        with self.pool.connection() as connection:
            gone = connection.execute("DELETE FROM accounts WHERE name = %s RETURNING name", (name,)).fetchone()
            connection.execute("DELETE FROM login_failures WHERE name = %s", (name,))
        return gone is not None

    def list(self) -> list[Account]:
        with self.pool.connection() as connection:
            rows = connection.execute("SELECT name, role, districts FROM accounts ORDER BY name").fetchall()
        return [Account(name, role, tuple(districts)) for name, role, districts in rows]

    def login(self, name: str, password: str) -> Account:
        """The account, if the password is right; LoginThrottled while the name is slowed down."""
        name = str(name or "").strip()
        with self.pool.connection() as connection, connection.transaction():
            connection.execute("INSERT INTO login_failures (name) VALUES (%s) ON CONFLICT DO NOTHING", (name,))
            failures, wait = connection.execute(
                "SELECT failures, greatest(0, extract(epoch FROM retry_after - clock_timestamp()))::float8 "
                "FROM login_failures WHERE name = %s FOR UPDATE", (name,)).fetchone()
            if wait > 0:
                raise LoginThrottled(f"too many wrong passwords for {name!r}: try again in {wait:.0f} s", wait, name)
            row = connection.execute("SELECT password_hash, role, districts FROM accounts WHERE name = %s",
                                     (name,)).fetchone()
            if _verify(row[0] if row else _dummy_hash(), password) and row is not None:
                connection.execute("DELETE FROM login_failures WHERE name = %s", (name,))
                return Account(name, row[1], tuple(row[2]))
            connection.execute("UPDATE login_failures SET failures = %s, retry_after = clock_timestamp() + "
                               "make_interval(secs => %s) WHERE name = %s", (failures + 1, delay(failures + 1), name))
        raise LoginFailed("wrong account name or password", "login_failed")


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, str(password or ""))
    except (VerificationError, InvalidHashError):
        return False


def session_seconds() -> float:
    try:
        return float(os.environ.get("CYMAP_SESSION_MINUTES", SESSION_MINUTES)) * 60
    except ValueError:
        return SESSION_MINUTES * 60


@dataclass(frozen=True)
class Session:
    """A login that ends `ttl` seconds after its last use."""

    account: Account
    expires: float
    ttl: float = field(default=SESSION_MINUTES * 60)

    @classmethod
    def start(cls, account: Account, now: float | None = None, ttl: float | None = None) -> Session:
        ttl = session_seconds() if ttl is None else ttl
        return cls(account, (time.time() if now is None else now) + ttl, ttl)

    def valid(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) < self.expires

    def renewed(self, now: float | None = None) -> Session:
        return replace(self, expires=(time.time() if now is None else now) + self.ttl)


def current_session(session: Session | None, now: float | None = None) -> Session | None:
    """The session renewed by this use, or None when there is none or it has expired."""
    if session is None or not session.valid(now):
        return None
    return session.renewed(now)


# What the app's login says (the Edit tab of a shared ledger), in zh and en.
LOGIN_TEXT = {
    "account": {"zh": "账号", "en": "Account"},
    "logged_in": {"zh": "已登录：{account}", "en": "Logged in: {account}"},
    "logout": {"zh": "退出登录", "en": "Log out"},
    "expired": {"zh": "登录已过期（长时间未操作），请重新登录。",
                "en": "Your session expired (unused for a while); log in again."},
    "viewer": {"zh": "此账号只能查看，不能修改台账。", "en": "This account may view the ledger, not change it."},
}


def login_text(key: str, lang: str = "zh") -> str:
    return LOGIN_TEXT[key].get(lang, LOGIN_TEXT[key]["en"])
