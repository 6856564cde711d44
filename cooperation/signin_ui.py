"""The Data page's sign-in, drawn with Streamlit; the rules (accounts, counters, lockout) are `cooperation.auth`.

`editor(ctx)` is the page's one call: it draws the read-only notice, the sign-in form or the signed-in line
with its sign-out button, and returns the signed-in account's name (what every save records) or None.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from cooperation import auth
from cooperation.text import plain

EDITOR = "editor_session"  # (account key, account fingerprint)


def client_address() -> str | None:
    """The address Streamlit reports for this browser (None on the loopback or when unknown). Behind a reverse
    proxy it is the proxy's unless the proxy's forwarded headers are trusted (README, deployment)."""
    try:
        return st.context.ip_address
    except Exception:  # noqa: BLE001 (AppTest and bare runs have no connection)
        return None


def _accounts(ctx) -> dict[str, auth.Account] | None:
    try:
        return auth.load_accounts(auth.editors_path())
    except auth.AuthError as exc:
        st.error(ctx.t("signin.unavailable", problem=plain(str(exc))))
        return None


def _signed_in(accounts: dict[str, auth.Account]) -> auth.Account | None:
    """The account this session signed in to, if it still exists with the same password."""
    session = st.session_state.get(EDITOR)
    account = accounts.get(session[0]) if session else None
    if account is not None and account.fingerprint == session[1]:
        return account
    st.session_state.pop(EDITOR, None)
    return None


def _form(ctx, accounts: dict[str, auth.Account]) -> None:
    with st.form("signin"):
        st.subheader(ctx.t("signin.heading"))
        name = st.text_input(ctx.t("signin.name"), key="signin_name", max_chars=auth.MAX_NAME_LENGTH)
        password = st.text_input(
            ctx.t("signin.password"), type="password", key="signin_secret", max_chars=auth.MAX_PASSWORD_LENGTH
        )
        submitted = st.form_submit_button(ctx.t("signin.submit"), key="signin_submit")
    if not submitted:
        return
    try:
        outcome = auth.sign_in(accounts, auth.state_path(), name, password, client_address(), time.time())
    except (auth.AuthError, OSError) as exc:
        st.error(ctx.t("signin.unavailable", problem=plain(str(exc))))
        return
    if outcome.refused:
        st.error(ctx.t("signin.locked", minutes=max(1, math.ceil(outcome.wait_s / 60))))
    elif outcome.account is None:
        st.error(ctx.t("signin.failed"))
    else:
        st.session_state[EDITOR] = (auth.account_key(outcome.account.name), outcome.account.fingerprint)
        st.rerun()


def editor(ctx) -> str | None:
    """The signed-in editor's name, after drawing whatever this session needs to see about signing in."""
    accounts = _accounts(ctx)
    if accounts is None:
        return None
    if not accounts:
        st.info(ctx.t("signin.read_only"), icon=":material/lock:")
        return None
    account = _signed_in(accounts)
    if account is None:
        _form(ctx, accounts)
        return None
    left, right = st.columns([4, 1])
    left.caption(ctx.t("signin.signed_in_as", name=plain(account.name)))
    if right.button(ctx.t("signin.sign_out"), key="sign_out"):
        st.session_state.pop(EDITOR, None)
        st.rerun()
    return account.name
