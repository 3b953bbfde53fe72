"""Flask rules (routelink.frameworks.flask): route/verb decorators, blueprints and
register-time prefixes, app factories, add_url_rule with views, MethodView / Flask-RESTful /
Flask-RESTX resources, Werkzeug rule precedence and slash handling, rule syntax."""

from __future__ import annotations

import pytest
from routelink.frameworks.flask import flask_path

from tests.conftest import build_index, written_path

from .helpers import all_routes, facts, findings, routes


def test_route_decorators_methods_and_converters():
    f = facts("""
        from flask import Flask
        app = Flask(__name__)

        @app.route("/")
        def index(): ...

        @app.route("/users/<int:user_id>", methods=["GET", "PUT"])
        def user(user_id): ...

        @app.post("/users")
        def create(): ...

        @app.route("/files/<path:name>", methods=("DELETE",))
        def remove(name): ...

        @app.route("/legacy/", strict_slashes=False)
        def legacy(): ...
    """)
    got = [(r.method, written_path(r), r.handler, r.trailing_slash) for r in f.routes]
    assert sorted(got) == sorted([
        ("GET", "/", "index", "append"), ("GET", "/users/{user_id}", "user", "append"),
        ("PUT", "/users/{user_id}", "user", "append"), ("POST", "/users", "create", "append"),
        ("DELETE", "/files/{name+}", "remove", "append"), ("GET", "/legacy/", "legacy", "ignore")])
    (app,) = f.routers
    assert app.framework == "flask" and app.root_candidate


def test_blueprints_register_time_prefix_wins_and_nesting():
    got = routes({
        "shop/__init__.py": """
            from flask import Flask
            from .views import bp, admin, api

            def create_app():
                app = Flask(__name__)
                app.register_blueprint(bp)
                app.register_blueprint(admin, url_prefix="/backoffice")
                app.register_blueprint(api)
                return app
        """,
        "shop/views.py": """
            from flask import Blueprint
            bp = Blueprint("shop", __name__, url_prefix="/shop")
            admin = Blueprint("admin", __name__, url_prefix="/admin")
            api = Blueprint("api", __name__, url_prefix="/api")
            v1 = Blueprint("v1", __name__, url_prefix="/v1")
            api.register_blueprint(v1)

            @bp.route("/")
            def home(): ...

            @admin.get("/stats")
            def stats(): ...

            @v1.route("/orders/<order_id>", methods=["GET", "DELETE"])
            def order(order_id): ...
        """,
    })
    assert got == {("GET", "/shop/"), ("GET", "/backoffice/stats"),
                   ("GET", "/api/v1/orders/{order_id}"), ("DELETE", "/api/v1/orders/{order_id}")}


def test_factory_registering_through_helper_functions_and_local_imports():
    got = routes({
        "conduit/app.py": """
            from flask import Flask
            from conduit import user
            from conduit.extensions import register_api

            def create_app(config=None):
                app = Flask(__name__.split('.')[0])
                register_blueprints(app)
                register_api(app)
                return app

            def register_blueprints(app):
                from conduit.articles.views import blueprint as articles_bp
                app.register_blueprint(user.views.blueprint)
                app.register_blueprint(articles_bp, url_prefix="/api")
        """,
        "conduit/__init__.py": "",
        "conduit/user/__init__.py": "",
        "conduit/user/views.py": """
            from flask import Blueprint
            blueprint = Blueprint('user', __name__)
            @blueprint.route('/api/users', methods=('POST',))
            def register_user(): ...
        """,
        "conduit/articles/views.py": """
            from flask import Blueprint
            blueprint = Blueprint('articles', __name__)
            @blueprint.route('/articles/<slug>', methods=('GET',))
            def get_article(slug): ...
        """,
        "conduit/extensions.py": """
            from flask import Blueprint
            health = Blueprint('health', __name__)
            @health.route('/healthz')
            def healthz(): ...
            def register_api(app):
                app.register_blueprint(health)
        """,
    })
    assert got == {("POST", "/api/users"), ("GET", "/api/articles/{slug}"), ("GET", "/healthz")}


def test_add_url_rule_with_functions_and_method_views():
    got = routes({
        "app.py": """
            from flask import Flask
            from flask.views import MethodView, View
            from resources import ItemAPI, GroupAPI

            app = Flask(__name__)

            def ping(): ...
            app.add_url_rule("/ping", "ping", ping)
            app.add_url_rule("/echo", view_func=ping, methods=["POST"])

            class Page(View):
                def dispatch_request(self): ...

            app.add_url_rule("/items/", view_func=ItemAPI.as_view("items"))
            app.add_url_rule("/items/<int:id>", view_func=ItemAPI.as_view("item"),
                             methods=["GET", "DELETE"])
            app.add_url_rule("/groups", view_func=GroupAPI.as_view("groups"))
            app.add_url_rule("/about", view_func=Page.as_view("about"))
        """,
        "resources.py": """
            from flask.views import MethodView

            class BaseAPI(MethodView):
                def get(self, id=None): ...

            class ItemAPI(BaseAPI):
                def post(self): ...
                def put(self, id): ...

            class GroupAPI(MethodView):
                methods = ["GET", "POST"]
                def dispatch_request(self): ...
        """,
    })
    assert got == {("GET", "/ping"), ("POST", "/echo"),
                   ("GET", "/items/"), ("POST", "/items/"), ("PUT", "/items/"),
                   ("GET", "/items/{id}"), ("DELETE", "/items/{id}"),
                   ("GET", "/groups"), ("POST", "/groups"), ("GET", "/about")}


def test_method_view_routes_point_at_the_method():
    index_routes = all_routes({
        "app.py": """
            from flask import Flask
            from views import UserAPI
            app = Flask(__name__)
            app.add_url_rule("/users", view_func=UserAPI.as_view("users"))
        """,
        "views.py": """
            from flask.views import MethodView
            class UserAPI(MethodView):
                def get(self): ...

                def post(self): ...
        """,
    })
    where = {(r.method, r.file.rsplit("/", 1)[-1], r.span.line, r.handler) for r in index_routes}
    assert where == {("GET", "views.py", 3, "UserAPI.get"), ("POST", "views.py", 5, "UserAPI.post")}


def test_flask_restful_and_restx():
    got = routes({
        "api.py": """
            from flask import Flask, Blueprint
            from flask_restful import Api, Resource
            from resources import TodoList, Todo

            app = Flask(__name__)
            bp = Blueprint("api", __name__, url_prefix="/api")
            api = Api(bp)
            api.add_resource(TodoList, "/todos", "/todos/")
            api.add_resource(Todo, "/todos/<int:todo_id>", endpoint="todo")
            app.register_blueprint(bp)
        """,
        "resources.py": """
            from flask_restful import Resource
            class TodoList(Resource):
                def get(self): ...
                def post(self): ...
            class Todo(Resource):
                def get(self, todo_id): ...
                def delete(self, todo_id): ...
        """,
        "restx_app.py": """
            from flask import Flask
            from flask_restx import Api, Namespace, Resource

            app = Flask(__name__)
            api = Api(app, prefix="/v2", doc="/docs")
            cats = api.namespace("cats", description="Cats")
            dogs = Namespace("dogs", path="/canines")
            api.add_namespace(dogs)

            @cats.route("/")
            class CatList(Resource):
                def get(self): ...

            @cats.route("/<id>")
            @cats.param("id", "The cat identifier")
            class Cat(Resource):
                def get(self, id): ...
                def put(self, id): ...

            @dogs.route("/<int:id>/bark")
            class Bark(Resource):
                def post(self, id): ...
        """,
    })
    assert got == {("GET", "/api/todos"), ("POST", "/api/todos"), ("GET", "/api/todos/"),
                   ("POST", "/api/todos/"), ("GET", "/api/todos/{todo_id}"),
                   ("DELETE", "/api/todos/{todo_id}"),
                   ("GET", "/v2/cats/"), ("GET", "/v2/cats/{id}"), ("PUT", "/v2/cats/{id}"),
                   ("POST", "/v2/canines/{id}/bark")}


def test_werkzeug_precedence_is_not_registration_order():
    got = findings({
        "app.py": """
            from flask import Flask
            app = Flask(__name__)
            @app.route("/articles/<slug>")
            def article(slug): ...
            @app.route("/articles/feed")
            def feed(): ...
            @app.route("/articles/feed")
            def feed_again(): ...
        """,
    })
    assert not any(code == "shadowed-route" for code, _, _ in got)
    assert ("duplicate-route", "app.py", 7) in got


def test_trailing_slash_rules():
    base = {
        "app.py": """
            from flask import Flask
            app = Flask(__name__)
            @app.route("/projects/")
            def projects(): ...
            @app.route("/about")
            def about(): ...
        """,
        "web/api.js": """
            export const a = () => fetch('/projects');
            export const b = () => fetch('/about/');
        """,
    }
    got = findings(base)
    # /projects reaches /projects/ (308 redirect); /about/ does not reach /about
    assert {(c, f) for c, f, _ in got if c == "unmatched-call"} == {("unmatched-call", "api.js")}
    assert ("unmatched-call", "api.js", 2) in got
    strict_off = dict(base)
    strict_off["app.py"] = base["app.py"].replace(
        "app = Flask(__name__)", "app = Flask(__name__)\n            app.url_map.strict_slashes = False")
    assert not any(c == "unmatched-call" for c, _, _ in findings(strict_off))


def test_flask_smorest_blueprints_of_method_views():
    got = routes({
        "app.py": """
            from flask import Flask
            from flask_smorest import Api
            from resources.pet import blp as PetBlueprint
            app = Flask(__name__)
            api = Api(app)
            api.register_blueprint(PetBlueprint, url_prefix="/v1/pets")
        """,
        "resources/__init__.py": "",
        "resources/pet.py": """
            from flask.views import MethodView
            from flask_smorest import Blueprint
            blp = Blueprint("pets", "pets", url_prefix="/pets", description="Pets")

            @blp.route("/")
            class Pets(MethodView):
                @blp.response(200)
                def get(self): ...
                @blp.arguments(dict)
                def post(self, data): ...

            @blp.route("/<int:pet_id>")
            class PetById(MethodView):
                def get(self, pet_id): ...
                def delete(self, pet_id): ...
        """,
    })
    assert got == {("GET", "/v1/pets/"), ("POST", "/v1/pets/"), ("GET", "/v1/pets/{pet_id}"),
                   ("DELETE", "/v1/pets/{pet_id}")}


@pytest.mark.parametrize("raw, want", [
    ("/users/<int:user_id>", "/users/{user_id}"),
    ("/files/<path:filename>", "/files/{filename+}"),
    ("/articles/<slug>/comments/<cid>", "/articles/{slug}/comments/{cid}"),
    ("/pages/<any(about, help):page>", "/pages/{page}"),
    ("/sized/<string(length=2):code>/", "/sized/{code}/"),
    ("items", "/items"),
])
def test_flask_paths(raw, want):
    assert flask_path(raw) == want


def test_listen_port_of_app_run_and_the_default():
    from tests.conftest import backend_ports

    app = """
        import os
        from flask import Flask
        app = Flask(__name__)

        @app.route("/api/items")
        def items():
            return []
    """
    run = """
        if __name__ == "__main__":
            app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5001)), debug=True)
    """
    assert backend_ports({"api/app.py": app + run}) == {".": [5001], "other": [9000]}
    # `flask run` and `app.run()` listen on 5000
    assert backend_ports({"api/app.py": app}) == {".": [5000], "other": [9000]}


def test_listen_port_of_the_wsgi_servers_that_serve_an_app():
    from tests.conftest import backend_ports

    app = """
        from flask import Flask
        from gevent.pywsgi import WSGIServer
        from waitress import serve
        app = Flask(__name__)

        @app.route("/face-encodings", methods=["POST"])
        def encodings():
            return []
    """
    gevent = """
        if __name__ == "__main__":
            server = WSGIServer(("0.0.0.0", 8005), app)
            server.serve_forever()
    """
    assert backend_ports({"api/app.py": app + gevent}) == {".": [8005], "other": [9000]}
    assert backend_ports({"api/app.py": app + 'WSGIServer(":8006", app).serve_forever()\n'}) == {
        ".": [8006], "other": [9000]}
    assert backend_ports({"api/app.py": app + 'serve(app, host="0.0.0.0", port=8007)\n'}) == {
        ".": [8007], "other": [9000]}
    # waitress listens on 8080 when no port is given
    assert backend_ports({"api/app.py": app + "serve(app)\n"}) == {".": [8080], "other": [9000]}


def test_blueprints_built_by_a_project_subclass_keep_their_prefix():
    got = routes({
        "app/common/blueprint.py": """
            from flask import Blueprint

            class APIBlueprint(Blueprint):
                \"\"\"A blueprint under the versioned API prefix.\"\"\"

                def __init__(self, name, import_name, url_prefix="/api/v1", **kwargs):
                    super().__init__(name, import_name, url_prefix=url_prefix, **kwargs)
        """,
        "app/users/views.py": """
            from app.common.blueprint import APIBlueprint

            bp = APIBlueprint("users", __name__, url_prefix="/api/v1/users")

            @bp.get("/<int:user_id>")
            def show(user_id): ...
        """,
        "app/health.py": """
            from app.common.blueprint import APIBlueprint

            health = APIBlueprint("health", __name__)

            @health.route("/health")
            def ping(): ...
        """,
        "app/__init__.py": """
            from flask import Flask

            def create_app():
                app = Flask(__name__)
                from app.users.views import bp
                from app.health import health
                app.register_blueprint(bp)
                app.register_blueprint(health)
                return app
        """,
    })
    assert got == {("GET", "/api/v1/users/{user_id}"), ("GET", "/api/v1/health")}


MICROSERVICE = """
    from flask import Flask
    app = Flask(__name__)

    @app.route("/", methods=["POST"])
    def work():
        return {}

    @app.route("/health", methods=["GET"])
    def health():
        return {}

    if __name__ == "__main__":
        app.run(port=8000)
"""


def test_two_services_each_with_its_own_app_do_not_duplicate_each_other():
    files = {
        "service/__init__.py": "",
        "service/exif/__init__.py": "",
        "service/exif/main.py": MICROSERVICE,
        "service/thumbnail/__init__.py": "",
        "service/thumbnail/main.py": MICROSERVICE,
    }
    assert not [f for f in findings(files) if f[0] == "duplicate-route"]
    # within one app a duplicate still is one, named by an unambiguous path
    files["service/thumbnail/main.py"] = MICROSERVICE.replace('if __name__', '''@app.route("/health")
    def health_again():
        return {}

    if __name__''')
    index = build_index(files)
    got = [(f.file.rsplit("/", 2)[-2], f.message) for f in index.analysis().findings
           if f.code == "duplicate-route"]
    assert got == [("thumbnail", "GET /health is already declared at thumbnail/main.py:9; "
                                 "this declaration never runs")]


def test_method_view_whose_handlers_come_from_a_third_party_base_serves_any():
    got = routes({
        "app.py": """
            from flask import Flask
            from flask_uploads.views import ChunkedUploadView
            from flask.views import MethodView

            class AvatarUpload(ChunkedUploadView):
                max_bytes = 10_000_000

                def check_permissions(self, request): ...

            class Ping(MethodView):
                def get(self): ...

            app = Flask(__name__)
            app.add_url_rule("/upload/avatar", view_func=AvatarUpload.as_view("avatar"))
            app.add_url_rule("/ping", view_func=Ping.as_view("ping"))
        """,
    })
    assert got == {("ANY", "/upload/avatar"), ("GET", "/ping")}


def test_blueprints_returned_by_factory_functions_are_registered_where_called():
    files = {
        "shop/__init__.py": """
            from flask import Flask
            from .views import make_orders_blueprint

            def create_app(config):
                app = Flask(__name__)
                app.register_blueprint(make_orders_blueprint(config), url_prefix="/api/orders")
                return app
        """,
        "shop/views.py": """
            from flask import Blueprint, jsonify

            def make_orders_blueprint(config):
                bp = Blueprint("orders", __name__)

                @bp.route("/<int:order_id>", methods=["GET", "DELETE"])
                def order(order_id):
                    return jsonify({})

                return bp
        """,
    }
    assert routes(files) == {("GET", "/api/orders/{order_id}"), ("DELETE", "/api/orders/{order_id}")}
