"""Sign in with an API key (sector or planner), sign out, choose the language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.auth import authenticate
from api.web.access import db_of
from api.web.csrf import checked_form
from api.web.forms import text
from api.web.render import redirect, render, safe_next
from api.web.session import LANG_COOKIE, current_viewer, set_cookie, start_session
from api.web.words import WORDS

router = APIRouter(include_in_schema=False)


@router.get("/")
def root() -> Response:
    return RedirectResponse("/web/", status_code=307)


@router.get("/web")
def web_root() -> Response:
    return RedirectResponse("/web/", status_code=307)


@router.get("/web/signin")
def signin_page(request: Request, next: str | None = None) -> Response:
    viewer = current_viewer(request)
    if viewer.signed_in:
        return redirect(request, safe_next(next))
    return render(request, "signin.html", {"next": safe_next(next)})


@router.post("/web/signin")
async def signin(request: Request) -> Response:
    viewer = current_viewer(request)
    form = await checked_form(request, viewer)
    target = safe_next(text(form, "next"))
    key = text(form, "key")
    principal = authenticate(db_of(request), key) if key else None
    if principal is None:
        message = WORDS.t("signin.bad_key" if key else "form.required", viewer.lang)
        return render(
            request, "signin.html", {"next": target, "errors": {"key": [message]}}, status=401
        )
    response = redirect(request, target, "flash.signed_in")
    start_session(request, response, principal.key_id)
    return response


@router.post("/web/signout")
async def signout(request: Request) -> Response:
    viewer = current_viewer(request)
    await checked_form(request, viewer)
    response = redirect(request, "/web/signin", "flash.signed_out")
    start_session(request, response, None)
    return response


@router.post("/web/lang")
async def choose_lang(request: Request) -> Response:
    viewer = current_viewer(request)
    form = await checked_form(request, viewer)
    lang = "en" if text(form, "lang") == "en" else "fr"
    response = redirect(request, safe_next(text(form, "next")))
    set_cookie(request, response, LANG_COOKIE, lang, 365 * 24 * 3600)
    return response
