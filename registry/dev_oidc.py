"""A local OpenID Connect provider standing in for Feide, for development and tests.

It is oidc-provider-mock's provider (authorization, token, userinfo, JWKS, discovery and
`PUT /users/<sub>` to set a user's claims) plus Feide's groups API, `GET /groups/me/groups`,
which answers the "groups" claim of the user behind the bearer token, in Feide's format.

    python -m registry.dev_oidc --port 8001   # the demo users, for `make run`

Never used in production: the package is a development dependency.
"""

import argparse
import os
import secrets
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import flask
import oidc_provider_mock
import werkzeug.serving
from authlib.integrations import flask_oauth2
from oidc_provider_mock._app import require_oauth

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


def create_app(users: Sequence[oidc_provider_mock.User] = ()) -> flask.Flask:
    # Plain HTTP on localhost; authlib refuses it otherwise.
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    # Named after the mock's package, so Flask finds the mock's templates (the login form).
    app = flask.Flask(oidc_provider_mock.__name__)
    app.secret_key = secrets.token_bytes(16)
    oidc_provider_mock.init_app(app, user_claims=users)
    app.debug = False

    @app.get("/groups/me/groups")
    @require_oauth()
    def my_groups():
        user = flask_oauth2.current_token.get_user()
        return flask.jsonify(user.claims.get("groups", []))

    return app


@contextmanager
def run_in_thread(
    port: int = 0, users: Sequence[oidc_provider_mock.User] = (), host: str = DEFAULT_HOST
) -> Iterator[str]:
    """Serves the provider on a background thread; yields its base URL."""
    server = werkzeug.serving.make_server(host, port, create_app(users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def demo_users() -> list[oidc_provider_mock.User]:
    """The demo users, their schools' organisation numbers read from the database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    django.setup()
    from demo.users import DEMO_USERS, demo_claims
    from orgs.models import Organisation

    users = []
    for demo in DEMO_USERS:
        if not Organisation.objects.filter(name=demo.school).exists():
            print(
                f"dev_oidc: {demo.school} is not in the database (run load_demo_data); "
                f"{demo.sub} gets no school.",
                file=sys.stderr,
            )
        users.append(oidc_provider_mock.User(sub=demo.sub, claims=demo_claims(demo)))
    return users


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    users = demo_users()
    # werkzeug says so and exits if the port is taken (an earlier provider still running).
    server = werkzeug.serving.make_server(args.host, args.port, create_app(users), threaded=True)
    print(f"Development Feide provider on http://{args.host}:{server.server_port}/", flush=True)
    for user in users:
        print(f"  {user.sub}: {user.claims['name']}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
