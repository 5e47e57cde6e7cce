from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import is_valid_path
from django.utils import translation


def has_fixed_url(path: str) -> bool:
    """Whether the path is routed outside i18n_patterns (login, the admin, /healthz): the
    same URL in every language. Only those resolve unprefixed while English is active."""
    other = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    with translation.override(other):
        return not translation.get_language_from_path(path) and is_valid_path(path)


def path_in(path: str, language: str) -> str:
    """One of our paths, with or without a language prefix, in the language."""
    current = translation.get_language_from_path(path)
    rest = path.removeprefix(f"/{current}") if current else path
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    return prefix + (rest or "/")


class LanguageMiddleware(LocaleMiddleware):
    """The language is the URL's: bokmål at the root, English under /en/ (i18n_patterns in
    registry/urls.py). Never the browser's Accept-Language (many Norwegians browse with an
    English-language phone, and the site speaks bokmål first) nor a cookie.

    Django's LocaleMiddleware already ignores both for URLs without a prefix when the default
    language has none, but it still marks those responses `Vary: Accept-Language`, which
    would make a cache keep one copy of a bokmål page per browser language. The pages with a
    fixed URL (login under /konto/) speak the language of where the visitor is going: the
    prefix of their `next`, bokmål without one.
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info)
        if not language and "next" in request.GET and has_fixed_url(request.path_info):
            language = translation.get_language_from_path(request.GET["next"])
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
