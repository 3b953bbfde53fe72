"""Angular's HttpClient: services and components that get the client by dependency
injection, URLs from class fields and environment files (with angular.json
fileReplacements), injection tokens, functional and class interceptors that prepend a
base URL, and Angular CLI / Nx dev proxies. Sources follow the layout of the RealWorld
Angular app (``src/app/core``, ``src/app/features/*/services``) and of Nx workspaces
(``apps/*``, ``libs/*``, ``project.json``)."""

from __future__ import annotations

import json
import textwrap

import pytest

from routelink.index import WorkspaceIndex
from tests.conftest import build_index, calls_of

# ---------------------------------------------------------------------- backends

NEST_MAIN = """
    import { NestFactory } from '@nestjs/core';
    import { AppModule } from './app.module';

    async function bootstrap() {
      const app = await NestFactory.create(AppModule);
      app.setGlobalPrefix('api');
      await app.listen(3000);
    }
    bootstrap();
"""

NEST_MODULE = """
    import { Module } from '@nestjs/common';
    import { ArticleController } from './article/article.controller';
    import { UserController } from './user/user.controller';

    @Module({ controllers: [ArticleController, UserController] })
    export class AppModule {}
"""

NEST_ARTICLES = """
    import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';

    @Controller('articles')
    export class ArticleController {
      @Get()
      findAll() {}

      @Get('feed')
      getFeed() {}

      @Get(':slug')
      findOne(@Param('slug') slug: string) {}

      @Post()
      create(@Body() body: unknown) {}

      @Put(':slug')
      update(@Param('slug') slug: string) {}

      @Delete(':slug')
      delete(@Param('slug') slug: string) {}

      @Post(':slug/favorite')
      favorite(@Param('slug') slug: string) {}
    }
"""

NEST_USERS = """
    import { Body, Controller, Get, Post, Put } from '@nestjs/common';

    @Controller()
    export class UserController {
      @Get('user')
      findMe() {}

      @Put('user')
      update(@Body() dto: unknown) {}

      @Post('users')
      create(@Body() dto: unknown) {}

      @Post('users/login')
      login(@Body() dto: unknown) {}
    }
"""

NEST = {
    "backend/src/main.ts": NEST_MAIN,
    "backend/src/app.module.ts": NEST_MODULE,
    "backend/src/article/article.controller.ts": NEST_ARTICLES,
    "backend/src/user/user.controller.ts": NEST_USERS,
}

EXPRESS = """
    const express = require('express');
    const app = express();
    app.get('/users', listUsers);
    app.get('/users/:id', getUser);
    app.post('/users', createUser);
    app.get('/health', health);
    app.listen(3000);
"""

# ---------------------------------------------------------------------- frontend

APP_CONFIG = """
    import { ApplicationConfig } from '@angular/core';
    import { provideRouter } from '@angular/router';
    import { provideHttpClient, withInterceptors } from '@angular/common/http';
    import { routes } from './app.routes';
    import { apiInterceptor } from './core/interceptors/api.interceptor';
    import { tokenInterceptor } from './core/interceptors/token.interceptor';

    export const appConfig: ApplicationConfig = {
      providers: [
        provideRouter(routes),
        provideHttpClient(withInterceptors([apiInterceptor, tokenInterceptor])),
      ],
    };
"""

API_INTERCEPTOR = """
    import { HttpInterceptorFn } from '@angular/common/http';

    export const apiInterceptor: HttpInterceptorFn = (req, next) => {
      const apiReq = req.clone({ url: `https://api.realworld.show/api${req.url}` });
      return next(apiReq);
    };
"""

TOKEN_INTERCEPTOR = """
    import { inject } from '@angular/core';
    import { HttpInterceptorFn } from '@angular/common/http';
    import { JwtService } from '../auth/services/jwt.service';

    export const tokenInterceptor: HttpInterceptorFn = (req, next) => {
      const token = inject(JwtService).getToken();
      const request = req.clone({
        setHeaders: { ...(token ? { Authorization: `Token ${token}` } : {}) },
      });
      return next(request);
    };
"""

ARTICLES_SERVICE = """
    import { Injectable } from '@angular/core';
    import { HttpClient, HttpParams } from '@angular/common/http';
    import { Observable } from 'rxjs';
    import { map } from 'rxjs/operators';
    import { Article } from '../models/article.model';

    @Injectable({ providedIn: 'root' })
    export class ArticlesService {
      constructor(private readonly http: HttpClient) {}

      query(config: { type: string; filters: Record<string, string> }): Observable<unknown> {
        let params = new HttpParams();
        return this.http.get<{ articles: Article[] }>(
          '/articles' + (config.type === 'feed' ? '/feed' : ''),
          { params },
        );
      }

      get(slug: string): Observable<Article> {
        return this.http.get<{ article: Article }>(`/articles/${slug}`).pipe(map(d => d.article));
      }

      delete(slug: string): Observable<void> {
        return this.http.delete<void>(`/articles/${slug}`);
      }

      create(article: Partial<Article>): Observable<Article> {
        return this.http.post<{ article: Article }>('/articles/', { article }).pipe(map(d => d.article));
      }

      update(article: Partial<Article>): Observable<Article> {
        return this.http
          .put<{ article: Article }>(`/articles/${article.slug}`, { article })
          .pipe(map(d => d.article));
      }

      favorite(slug: string): Observable<Article> {
        return this.http.post<{ article: Article }>(`/articles/${slug}/favorite`, {});
      }
    }
"""

USER_SERVICE = """
    import { Injectable, inject } from '@angular/core';
    import { HttpClient } from '@angular/common/http';
    import { Router } from '@angular/router';

    @Injectable({ providedIn: 'root' })
    export class UserService {
      private readonly http = inject(HttpClient);
      private readonly router = inject(Router);

      login(credentials: { email: string; password: string }) {
        return this.http.post<{ user: unknown }>('/users/login', { user: credentials });
      }

      register(credentials: unknown) {
        return this.http.post('/users', { user: credentials });
      }

      getCurrentUser() {
        return this.http.get('/user');
      }

      update(user: unknown) {
        return this.http.patch('/user', { user });
      }

      logout(): void {
        void this.router.navigate(['/']);
      }
    }
"""


def realworld(**overrides: str) -> dict[str, str]:
    """The RealWorld Angular frontend (Angular 18, standalone) with a NestJS backend."""
    files = {
        **NEST,
        "frontend/src/app/app.config.ts": APP_CONFIG,
        "frontend/src/app/core/interceptors/api.interceptor.ts": API_INTERCEPTOR,
        "frontend/src/app/core/interceptors/token.interceptor.ts": TOKEN_INTERCEPTOR,
        "frontend/src/app/features/article/services/articles.service.ts": ARTICLES_SERVICE,
        "frontend/src/app/core/auth/services/user.service.ts": USER_SERVICE,
    }
    files.update(overrides)
    return files


def links(index) -> dict[tuple[str, str], list[str]]:
    a = index.analysis()
    return {(c.method or "ANY", c.path): sorted(a.routes[i].path for i in m.routes)
            for c, m in zip(a.calls, a.matches)}


def test_realworld_services_get_the_functional_interceptors_base_url():
    index = build_index(realworld())
    assert links(index) == {
        ("GET", "/api/articles"): ["/api/articles"],
        ("GET", "/api/articles/feed"): ["/api/articles/feed"],
        ("GET", "/api/articles/{}"): ["/api/articles/{slug}"],
        ("DELETE", "/api/articles/{}"): ["/api/articles/{slug}"],
        ("POST", "/api/articles/"): ["/api/articles"],
        ("PUT", "/api/articles/{}"): ["/api/articles/{slug}"],
        ("POST", "/api/articles/{}/favorite"): ["/api/articles/{slug}/favorite"],
        ("POST", "/api/users/login"): ["/api/users/login"],
        ("POST", "/api/users"): ["/api/users"],
        ("GET", "/api/user"): ["/api/user"],
        ("PATCH", "/api/user"): [],
    }
    a = index.analysis()
    assert {c.client for c in a.calls} == {"angular"}
    patch = next(c for c in a.calls if c.method == "PATCH")
    assert patch.raw == "'/user'" and patch.base_path == "/api"
    findings = sorted((f.code, f.file.rsplit("/", 1)[-1]) for f in a.findings
                      if f.code in ("unmatched-call", "method-mismatch"))
    assert findings == [("method-mismatch", "user.service.ts")]
    assert patch.method_style == "member"  # the quick fix rewrites `patch` in place


def test_an_unregistered_interceptor_adds_nothing_and_each_registration_form_counts():
    # the interceptor exists but app.config.ts does not register it
    config = APP_CONFIG.replace("withInterceptors([apiInterceptor, tokenInterceptor])",
                                "withInterceptors([tokenInterceptor])")
    paths = {p for _, p in links(build_index(realworld(**{"frontend/src/app/app.config.ts": config})))}
    assert "/articles/{}" in paths and "/api/articles/{}" not in paths
    # bootstrapApplication in main.ts with an inline interceptor
    main = """
        import { bootstrapApplication } from '@angular/platform-browser';
        import { provideHttpClient, withInterceptors } from '@angular/common/http';
        import { environment } from './environments/environment';
        import { AppComponent } from './app/app.component';

        bootstrapApplication(AppComponent, {
          providers: [
            provideHttpClient(withInterceptors([
              (req, next) => next(req.clone({ url: environment.apiUrl + req.url })),
            ])),
          ],
        });
    """
    files = realworld(**{"frontend/src/main.ts": main,
                         "frontend/src/environments/environment.ts":
                             "export const environment = { production: false, apiUrl: 'http://localhost:3000/api' };\n"})
    del files["frontend/src/app/app.config.ts"]
    assert ("GET", "/api/user") in links(build_index(files))


CLASS_INTERCEPTOR = """
    import { Inject, Injectable } from '@angular/core';
    import { HttpEvent, HttpHandler, HttpInterceptor, HttpRequest } from '@angular/common/http';
    import { Observable } from 'rxjs';
    import { API_URL } from '../tokens';

    @Injectable()
    export class ApiPrefixInterceptor implements HttpInterceptor {
      constructor(@Inject(API_URL) private readonly baseUrl: string) {}

      intercept(request: HttpRequest<unknown>, next: HttpHandler): Observable<HttpEvent<unknown>> {
        if (!/^(http|https):/i.test(request.url)) {
          request = request.clone({ url: this.baseUrl + request.url });
        }
        return next.handle(request);
      }
    }
"""

APP_MODULE = """
    import { NgModule } from '@angular/core';
    import { BrowserModule } from '@angular/platform-browser';
    import { HTTP_INTERCEPTORS, HttpClientModule } from '@angular/common/http';
    import { environment } from '../environments/environment';
    import { AppComponent } from './app.component';
    import { ApiPrefixInterceptor } from './core/api-prefix.interceptor';
    import { ErrorInterceptor } from './core/error.interceptor';
    import { API_URL } from './tokens';

    @NgModule({
      declarations: [AppComponent],
      imports: [BrowserModule, HttpClientModule],
      providers: [
        { provide: API_URL, useValue: environment.serverUrl + '/api/v1' },
        { provide: HTTP_INTERCEPTORS, useClass: ApiPrefixInterceptor, multi: true },
        { provide: HTTP_INTERCEPTORS, useClass: ErrorInterceptor, multi: true },
      ],
      bootstrap: [AppComponent],
    })
    export class AppModule {}
"""


def test_class_interceptor_registered_in_ngmodule_with_an_injection_token():
    files = {
        "web/src/app/tokens.ts": """
            import { InjectionToken } from '@angular/core';
            export const API_URL = new InjectionToken<string>('API_URL');
        """,
        "web/src/app/core/api-prefix.interceptor.ts": CLASS_INTERCEPTOR,
        "web/src/app/core/error.interceptor.ts": """
            import { Injectable } from '@angular/core';
            import { HttpInterceptor } from '@angular/common/http';
            @Injectable()
            export class ErrorInterceptor implements HttpInterceptor {
              intercept(req, next) { return next.handle(req); }
            }
        """,
        "web/src/app/app.module.ts": APP_MODULE,
        "web/src/environments/environment.ts": """
            export const environment = { production: false, serverUrl: 'http://localhost:8080' };
        """,
        "web/src/app/orders/orders.service.ts": """
            import { Injectable } from '@angular/core';
            import { HttpClient } from '@angular/common/http';

            @Injectable({ providedIn: 'root' })
            export class OrdersService {
              constructor(private http: HttpClient) {}
              list() { return this.http.get('/orders'); }
              external() { return this.http.get('https://api.github.com/repos/x/y'); }
            }
        """,
    }
    assert calls_of(files) == [("GET", "/api/v1/orders", "angular", True)]


def test_token_value_in_a_service_field_with_a_factory_default_and_a_provider():
    service = """
        import { Inject, Injectable } from '@angular/core';
        import { HttpClient } from '@angular/common/http';
        import { BASE_URL } from './tokens';

        @Injectable({ providedIn: 'root' })
        export class ReportsService {
          constructor(private http: HttpClient, @Inject(BASE_URL) private baseUrl: string) {}
          list() { return this.http.get(`${this.baseUrl}/reports`); }
        }
    """
    tokens = """
        import { InjectionToken } from '@angular/core';
        export const BASE_URL = new InjectionToken<string>('base url', {
          providedIn: 'root',
          factory: () => '/api',
        });
    """
    files = {"web/src/app/reports.service.ts": service, "web/src/app/tokens.ts": tokens}
    assert calls_of(files) == [("GET", "/api/reports", "angular", True)]
    files["web/src/app/app.config.ts"] = """
        import { ApplicationConfig } from '@angular/core';
        import { BASE_URL } from './tokens';
        export const appConfig: ApplicationConfig = {
          providers: [{ provide: BASE_URL, useFactory: () => '/backend' }],
        };
    """
    assert calls_of(files) == [("GET", "/backend/reports", "angular", True)]


def test_string_tokens_in_an_ngmodule_and_a_standalone_config():
    module = """
        import { NgModule } from '@angular/core';
        import { HttpClientModule } from '@angular/common/http';
        import { environment } from '../environments/environment';
        import { UsersService } from './users.service';
        @NgModule({
          imports: [HttpClientModule],
          providers: [UsersService, { provide: 'API_BASE', useValue: environment.apiUrl }],
        })
        export class AppModule {}
    """
    files = {
        "web/src/environments/environment.ts": "export const environment = { apiUrl: 'http://localhost:3000/api' };",
        "web/src/app/users.service.ts": """
            import { Inject, Injectable, inject } from '@angular/core';
            import { HttpClient } from '@angular/common/http';
            @Injectable()
            export class UsersService {
              private files = inject('FILES_URL');
              constructor(private http: HttpClient, @Inject('API_BASE') private base: string) {}
              list() { return this.http.get(`${this.base}/users`); }
              upload(body: FormData) { return this.http.post(`${this.files}/upload`, body); }
            }
        """,
        "web/src/app/app.module.ts": module,
        "web/src/app/app.config.ts": """
            import { ApplicationConfig } from '@angular/core';
            import { provideHttpClient } from '@angular/common/http';
            export const appConfig: ApplicationConfig = {
              providers: [provideHttpClient(), { provide: 'FILES_URL', useFactory: () => '/files' }],
            };
        """,
        # a token constant of the same name is another token
        "web/src/app/tokens.ts": """
            import { InjectionToken } from '@angular/core';
            export const API_BASE = new InjectionToken<string>('api', { factory: () => '/other' });
        """,
    }
    assert calls_of(files) == [
        ("GET", "/api/users", "angular", True),
        ("POST", "/files/upload", "angular", True),
    ]

OLD_API_SERVICE = """
    import { Injectable } from '@angular/core';
    import { HttpClient, HttpParams } from '@angular/common/http';
    import { Observable } from 'rxjs';
    import { environment } from '../../../environments/environment';

    @Injectable()
    export class ApiService {
      constructor(private http: HttpClient) {}

      get(path: string, params: HttpParams = new HttpParams()): Observable<any> {
        return this.http.get(`${environment.api_url}${path}`, { params });
      }

      put(path: string, body: Object = {}): Observable<any> {
        return this.http.put(`${environment.api_url}${path}`, JSON.stringify(body));
      }

      post(path: string, body: Object = {}): Observable<any> {
        return this.http.post(`${environment.api_url}${path}`, JSON.stringify(body));
      }

      delete(path): Observable<any> {
        return this.http.delete(`${environment.api_url}${path}`);
      }
    }
"""

OLD_ARTICLES_SERVICE = """
    import { Injectable } from '@angular/core';
    import { Observable } from 'rxjs';
    import { ApiService } from './api.service';

    @Injectable()
    export class ArticlesService {
      constructor(private apiService: ApiService) {}

      get(slug): Observable<any> {
        return this.apiService.get('/articles/' + slug);
      }

      destroy(slug) {
        return this.apiService.delete('/articles/' + slug);
      }

      save(article): Observable<any> {
        if (article.slug) {
          return this.apiService.put('/articles/' + article.slug, { article });
        }
        return this.apiService.post('/articles/', { article });
      }
    }
"""

ANGULAR_JSON = {
    "version": 1,
    "projects": {
        "conduit": {
            "projectType": "application",
            "root": "",
            "sourceRoot": "src",
            "architect": {
                "build": {
                    "builder": "@angular-devkit/build-angular:browser",
                    "options": {"main": "src/main.ts", "tsConfig": "tsconfig.app.json"},
                    "configurations": {
                        "production": {
                            "fileReplacements": [{"replace": "src/environments/environment.ts",
                                                  "with": "src/environments/environment.prod.ts"}],
                        },
                    },
                },
                "serve": {
                    "builder": "@angular-devkit/build-angular:dev-server",
                    "options": {"browserTarget": "conduit:build"},
                },
            },
        },
    },
}


def old_realworld(angular_json: dict) -> dict[str, str]:
    """The RealWorld Angular app of Angular 8-14: services call an ApiService wrapper."""
    return {
        **NEST,
        "frontend/angular.json": json.dumps(angular_json, indent=2),
        "frontend/src/app/core/services/api.service.ts": OLD_API_SERVICE,
        "frontend/src/app/core/services/articles.service.ts": OLD_ARTICLES_SERVICE,
        "frontend/src/environments/environment.ts":
            "export const environment = {\n  production: false,\n  api_url: 'http://localhost:3000/api'\n};\n",
        "frontend/src/environments/environment.prod.ts":
            "export const environment = {\n  production: true,\n  api_url: 'https://conduit.example.com/backend/api'\n};\n",
    }


def test_services_calling_an_injected_api_service_wrapper_are_the_requests():
    index = build_index(old_realworld(ANGULAR_JSON))
    a = index.analysis()
    got = sorted((c.method, c.path, c.file.rsplit("/", 1)[-1]) for c in a.calls)
    assert got == [
        ("DELETE", "/api/articles/{}", "articles.service.ts"),
        ("GET", "/api/articles/{}", "articles.service.ts"),
        ("POST", "/api/articles/", "articles.service.ts"),
        ("PUT", "/api/articles/{}", "articles.service.ts"),
    ]
    assert all(m.routes for m in a.matches)


def test_file_replacements_of_the_default_build_configuration():
    with_default = json.loads(json.dumps(ANGULAR_JSON))
    with_default["projects"]["conduit"]["architect"]["build"]["defaultConfiguration"] = "production"
    got = {c.path for c in build_index(old_realworld(with_default)).analysis().calls}
    # environment.prod.ts replaces environment.ts in the production build, the default
    assert got == {"/backend/api/articles/{}", "/backend/api/articles/"}
    # no default configuration: `ng build` uses the options, environment.ts stays
    got = {c.path for c in build_index(old_realworld(ANGULAR_JSON)).analysis().calls}
    assert got == {"/api/articles/{}", "/api/articles/"}


def test_class_fields_from_environment_and_every_request_member():
    service = """
        import { Injectable, inject } from '@angular/core';
        import { HttpClient, HttpRequest } from '@angular/common/http';
        import { environment } from '../environments/environment';

        @Injectable({ providedIn: 'root' })
        export class FilesService {
          private http = inject(HttpClient);
          private apiUrl = environment.apiUrl + '/files';

          list() { return this.http.request('GET', this.apiUrl); }
          upload(file: File) {
            const req = new HttpRequest('POST', `${this.apiUrl}/upload`, file, { reportProgress: true });
            return this.http.request(req);
          }
          exists(id: string) { return this.http.head(`${this.apiUrl}/${id}`); }
          allowed() { return this.http.options(this.apiUrl); }
          legacy() { return this.http.jsonp(`${this.apiUrl}/legacy`, 'callback'); }
          remove(id: string) { return this.http.delete(`${this.apiUrl}/${id}`); }
        }
    """
    files = {"web/src/app/files.service.ts": service,
             "web/src/environments/environment.ts": "export const environment = { apiUrl: '/api' };\n"}
    assert calls_of(files) == [
        ("DELETE", "/api/files/{}", "angular", True),
        ("GET", "/api/files", "angular", True),
        ("GET", "/api/files/legacy", "angular", True),
        ("HEAD", "/api/files/{}", "angular", True),
        ("OPTIONS", "/api/files", "angular", True),
        ("POST", "/api/files/upload", "angular", True),
    ]
    index = build_index(files)
    first = next(c for c in index.analysis().calls if c.method == "GET" and c.path == "/api/files")
    # `request('GET', url)`: the URL is the second argument, the method a literal to fix
    assert first.raw == "this.apiUrl" and first.method_style == "literal"


def test_components_injecting_the_client_inline_and_a_client_that_skips_interceptors():
    component = """
        import { Component, OnInit, inject } from '@angular/core';
        import { HttpBackend, HttpClient } from '@angular/common/http';

        @Component({ selector: 'app-health', standalone: true, template: '' })
        export class HealthComponent implements OnInit {
          private readonly raw: HttpClient;
          constructor(handler: HttpBackend, private http: HttpClient) {
            this.raw = new HttpClient(handler);
          }
          ngOnInit() {
            this.http.get('/users').subscribe();
            this.raw.get('/health').subscribe();
            inject(HttpClient).post('/users', {}).subscribe();
          }
        }
    """
    files = {
        "api/server.js": EXPRESS,
        "web/src/app/app.config.ts": """
            import { provideHttpClient, withInterceptors } from '@angular/common/http';
            export const appConfig = { providers: [provideHttpClient(withInterceptors([
              (req, next) => next(req.url.startsWith('http') ? req : req.clone({ url: `/v2${req.url}` })),
            ]))] };
        """,
        "web/src/app/health.component.ts": component,
    }
    assert sorted((m, p) for m, p, _, _ in calls_of(files)) == [
        ("GET", "/health"), ("GET", "/v2/users"), ("POST", "/v2/users")]


def test_angular_core_calls_are_still_not_recorded():
    index = build_index({"web/src/app/app.component.ts": """
        import { Component, inject, signal } from '@angular/core';
        import { Router } from '@angular/router';
        @Component({ selector: 'app-root', template: '' })
        export class AppComponent {
          count = signal(0);
          router = inject(Router);
          go() { this.router.navigate(['/users']); }
        }
    """})
    facts = index.files["/ws/web/src/app/app.component.ts"].facts
    assert all(c.callee.name not in ("signal", "inject") for c in facts.calls)
    assert index.analysis().calls == []


# ---------------------------------------------------------------------- dev proxies


PROXY = {"/api": {"target": "http://localhost:3000", "secure": False,
                  "pathRewrite": {"^/api": ""}, "changeOrigin": True}}


def proxied_app(proxy_name: str = "proxy.conf.json", proxy_text: str | None = None) -> dict[str, str]:
    angular_json = json.loads(json.dumps(ANGULAR_JSON))
    serve = angular_json["projects"]["conduit"]["architect"]["serve"]
    serve["options"]["proxyConfig"] = proxy_name
    return {
        "api/server.js": EXPRESS,
        "web/angular.json": json.dumps(angular_json),
        f"web/{proxy_name}": proxy_text if proxy_text is not None else json.dumps(PROXY),
        "web/src/environments/environment.ts": "export const environment = { apiUrl: '/api' };\n",
        "web/src/app/users.service.ts": """
            import { Injectable } from '@angular/core';
            import { HttpClient } from '@angular/common/http';
            import { environment } from '../environments/environment';

            @Injectable({ providedIn: 'root' })
            export class UsersService {
              private readonly url = `${environment.apiUrl}/users`;
              constructor(private http: HttpClient) {}
              list() { return this.http.get(this.url); }
              one(id: number) { return this.http.get(`${this.url}/${id}`); }
              create(user: unknown) { return this.http.post(this.url, user); }
              stats() { return this.http.get('/api/stats'); }
              direct() { return this.http.get('http://localhost:3000/health'); }
            }
        """,
    }


def test_angular_cli_proxy_rewrites_relative_calls_before_matching():
    index = build_index(proxied_app())
    assert links(index) == {
        ("GET", "/users"): ["/users"],
        ("GET", "/users/{}"): ["/users/{id}"],
        ("POST", "/users"): ["/users"],
        ("GET", "/stats"): [],
        ("GET", "/health"): ["/health"],
    }
    a = index.analysis()
    one = next(c for c in a.calls if c.path == "/users/{}")
    assert one.proxied_from == "/api/users/{}" and one.raw == "`${this.url}/${id}`"
    assert one.proxy.context == "/api" and one.proxy.target == "http://localhost:3000"
    direct = next(c for c in a.calls if c.path == "/health")
    assert direct.proxied_from == ""  # an absolute URL does not go through the dev server
    unmatched = [f.message for f in a.findings if f.code == "unmatched-call"]
    assert unmatched == ["No route serves GET /stats (/api/stats through the dev proxy '/api' "
                         "to http://localhost:3000)"]


def test_proxy_config_in_javascript_read_statically():
    text = """
        const target = process.env.API_TARGET || 'http://localhost:3000';
        const PROXY_CONFIG = [
          {
            context: ['/api', '/auth'],
            target,
            secure: false,
            pathRewrite: { '^/api': '' },
            onProxyReq: (proxyReq) => proxyReq.setHeader('x-dev', '1'),
          },
        ];
        module.exports = PROXY_CONFIG;
    """
    index = build_index(proxied_app("src/proxy.conf.js", textwrap.dedent(text)))
    assert ("GET", "/users/{}") in links(index)
    assert "/ws/web/src/proxy.conf.js" not in index.files  # a config, not a source


def test_proxy_pathrewrite_function_leaves_the_path_unresolved():
    text = "module.exports = { '/api': { target: 'http://localhost:3000', pathRewrite: (p) => p.replace('/api', '') } };\n"
    index = build_index(proxied_app("proxy.conf.js", text))
    a = index.analysis()
    one = next(c for c in a.calls if c.proxied_from == "/api/users/{}")
    assert one.path == "/api/users/{}" and not one.resolved and "function" in one.unknown


NX_FILES = {
    "nx.json": '{ "npmScope": "acme" }',
    "package.json": '{ "name": "acme", "private": true }',
    "apps/api/src/main.js": EXPRESS,
    "apps/api/project.json": json.dumps({"name": "api", "projectType": "application",
                                         "targets": {"serve": {"executor": "@nx/js:node"}}}),
    "apps/shop/project.json": json.dumps({
        "name": "shop", "projectType": "application", "sourceRoot": "apps/shop/src",
        "targets": {
            "build": {"executor": "@angular-devkit/build-angular:application",
                      "defaultConfiguration": "production", "configurations": {"production": {}}},
            "serve": {"executor": "@angular-devkit/build-angular:dev-server",
                      "options": {"proxyConfig": "apps/shop/proxy.conf.json"},
                      "defaultConfiguration": "development"},
        }}),
    "apps/shop/proxy.conf.json": json.dumps({"/api": {"target": "http://localhost:3333",
                                                      "pathRewrite": {"^/api": ""}}}),
    "apps/shop/src/app/app.config.ts": """
        import { ApplicationConfig } from '@angular/core';
        import { provideHttpClient } from '@angular/common/http';
        export const appConfig: ApplicationConfig = { providers: [provideHttpClient()] };
    """,
    "libs/shop/data-access/project.json": json.dumps({"name": "shop-data-access", "projectType": "library",
                                                      "sourceRoot": "libs/shop/data-access/src"}),
    "libs/shop/data-access/src/lib/users.service.ts": """
        import { Injectable, inject } from '@angular/core';
        import { HttpClient } from '@angular/common/http';

        @Injectable({ providedIn: 'root' })
        export class UsersService {
          private readonly http = inject(HttpClient);
          getAll() { return this.http.get<unknown[]>('/api/users'); }
          getOne(id: string) { return this.http.get(`/api/users/${id}`); }
        }
    """,
}


def test_nx_workspace_proxy_applies_to_the_app_and_its_libraries():
    index = build_index(NX_FILES)
    assert links(index) == {("GET", "/users"): ["/users"], ("GET", "/users/{}"): ["/users/{id}"]}


def test_nx_interceptor_of_one_app_does_not_reach_another_app():
    files = dict(NX_FILES)
    del files["apps/shop/proxy.conf.json"]
    files["apps/admin/project.json"] = json.dumps({"name": "admin", "projectType": "application"})
    files["apps/admin/src/app/app.config.ts"] = """
        import { provideHttpClient, withInterceptors } from '@angular/common/http';
        export const appConfig = { providers: [provideHttpClient(withInterceptors([
          (req, next) => next(req.clone({ url: '/admin-api' + req.url })),
        ]))] };
    """
    files["apps/admin/src/app/audit.service.ts"] = """
        import { Injectable } from '@angular/core';
        import { HttpClient } from '@angular/common/http';
        @Injectable({ providedIn: 'root' })
        export class AuditService {
          constructor(private http: HttpClient) {}
          list() { return this.http.get('/audit'); }
        }
    """
    got = {(c.file.split("/")[3], c.path) for c in build_index(files).analysis().calls}
    # two apps: the library is served by neither for certain, and keeps its own paths
    assert got == {("admin", "/admin-api/audit"), ("shop", "/api/users"), ("shop", "/api/users/{}")}


# ---------------------------------------------------------------------- incremental


def _fresh(files: dict[str, bytes]) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=["/ws"])
    index.apply_changes(dict(files))
    return index


def _as_bytes(files: dict[str, str]) -> dict[str, bytes]:
    return {f"/ws/{k}": textwrap.dedent(v).encode() for k, v in files.items()}


@pytest.mark.parametrize("path,old,new", [
    ("web/src/environments/environment.ts", b"apiUrl: '/api'", b"apiUrl: '/backend'"),
    ("web/proxy.conf.json", b'"^/api": ""', b'"^/api": "/v1"'),
    ("web/proxy.conf.json", b'"/api"', b'"/other"'),
    ("web/angular.json", b'"proxyConfig": "proxy.conf.json"', b'"proxyConfig": "missing.json"'),
])
def test_incremental_equals_fresh_when_environment_or_proxy_changes(path, old, new):
    files = _as_bytes(proxied_app())
    index = _fresh(files)
    key = f"/ws/{path}"
    assert old in files[key]
    files[key] = files[key].replace(old, new)
    before = {c.path for c in index.analysis().calls}
    index.apply_changes({key: files[key]})
    assert index.snapshot() == _fresh(files).snapshot()
    assert {c.path for c in index.analysis().calls} != before


@pytest.mark.parametrize("path,old,new", [
    ("frontend/src/app/core/interceptors/api.interceptor.ts",
     b"https://api.realworld.show/api", b"https://api.realworld.show/v2"),
    ("frontend/src/app/app.config.ts", b"withInterceptors([apiInterceptor, tokenInterceptor])",
     b"withInterceptors([tokenInterceptor])"),
    ("frontend/src/app/core/interceptors/api.interceptor.ts", b"req.clone(", b"req.cloned("),
])
def test_incremental_equals_fresh_when_an_interceptor_changes(path, old, new):
    files = _as_bytes(realworld())
    index = _fresh(files)
    key = f"/ws/{path}"
    assert old in files[key]
    files[key] = files[key].replace(old, new)
    index.apply_changes({key: files[key]})
    assert index.snapshot() == _fresh(files).snapshot()
    # and back
    files[key] = files[key].replace(new, old)
    index.apply_changes({key: files[key]})
    assert index.snapshot() == _fresh(files).snapshot()


def test_json_report_and_hover_of_a_proxied_call():
    from routelink.config import Config
    from routelink.ide.report import json_report
    from routelink.ide.snapshot import Snapshot

    index = build_index(proxied_app())
    report = json_report(index, Config(), ["."], 0.0)
    one = next(c for c in report["calls"] if c["path"] == "/users/{}")
    assert one["raw"] == "`${this.url}/${id}`" and one["routes"]
    assert one["proxy"] == {"path": "/api/users/{}", "context": "/api",
                            "target": "http://localhost:3000", "config": "web/proxy.conf.json",
                            "config_root": 0}
    assert "proxy" not in next(c for c in report["calls"] if c["path"] == "/health")
    call = next(c for c in index.analysis().calls if c.path == "/users/{}")
    hover = Snapshot.of_index(index, Config()).hover(call.file, call.span.line, call.span.column + 1)
    assert "- sent as `/api/users/{}`: the dev proxy `/api` of web/proxy.conf.json forwards it " \
           "to http://localhost:3000 as `/users/{}`" in hover.markdown


def test_base_url_from_an_injected_utility_service_and_a_computed_origin():
    # Angular-JumpStart style: the base URL is what a service method returns, either the
    # environment's or `${location.protocol}//${location.hostname}${port}`
    utilities = """
        import { Injectable, Inject } from '@angular/core';
        import { environment } from '../../environments/environment';

        @Injectable({ providedIn: 'root' })
        export class UtilitiesService {
          constructor(@Inject('Window') private window: Window) { }
          getApiUrl() {
            if (environment.apiUrl) {
              return environment.apiUrl;
            }
            const port = this.window.location.port ? ':' + this.window.location.port : '';
            return `${this.window.location.protocol}//${this.window.location.hostname}${port}`;
          }
        }
    """
    data = """
        import { inject, Injectable } from '@angular/core';
        import { HttpClient } from '@angular/common/http';
        import { UtilitiesService } from './utilities.service';

        @Injectable({ providedIn: 'root' })
        export class DataService {
          private http = inject(HttpClient);
          private utilitiesService = inject(UtilitiesService);
          baseUrl = this.utilitiesService.getApiUrl();
          customersBaseUrl = this.baseUrl + '/api/customers';
          getCustomer(id: number) { return this.http.get(this.customersBaseUrl + '/' + id); }
        }
    """
    files = {"web/src/app/core/utilities.service.ts": utilities,
             "web/src/app/core/data.service.ts": data,
             "web/src/environments/environment.ts":
                 "export const environment = { production: false, apiUrl: 'http://localhost:8080' };\n"}
    assert calls_of(files) == [("GET", "/api/customers/{}", "angular", True)]


NSWAG_CLIENT = """
    import { Injectable, Inject, Optional, InjectionToken } from '@angular/core';
    import { HttpClient, HttpHeaders } from '@angular/common/http';
    import { Observable } from 'rxjs';

    export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL');

    @Injectable({ providedIn: 'root' })
    export class UsersClient {
        private http: HttpClient;
        private baseUrl: string;

        constructor(@Inject(HttpClient) http: HttpClient, @Optional() @Inject(API_BASE_URL) baseUrl?: string) {
            this.http = http;
            this.baseUrl = baseUrl ?? "";
        }

        get(id: number): Observable<unknown> {
            let url_ = this.baseUrl + "/api/Users/{id}";
            if (id === undefined || id === null)
                throw new Error("The parameter 'id' must be defined.");
            url_ = url_.replace("{id}", encodeURIComponent("" + id));
            url_ = url_.replace(/[?&]$/, "");
            let options_ : any = { observe: "response", responseType: "blob",
                                   headers: new HttpHeaders({ "Accept": "application/json" }) };
            return this.http.request("get", url_, options_);
        }

        list(page: number | undefined): Observable<unknown> {
            let url_ = this.baseUrl + "/api/Users?";
            if (page !== undefined && page !== null)
                url_ += "page=" + encodeURIComponent("" + page) + "&";
            url_ = url_.replace(/[?&]$/, "");
            return this.http.request("delete", url_, {});
        }
    }
"""


def test_nswag_generated_client_with_a_base_url_token():
    files = {
        "web/src/app/api/api.client.ts": NSWAG_CLIENT,
        "web/src/app/app.config.ts": """
            import { ApplicationConfig } from '@angular/core';
            import { API_BASE_URL } from './api/api.client';
            export const appConfig: ApplicationConfig = {
              providers: [{ provide: API_BASE_URL, useValue: 'http://localhost:5000' }],
            };
        """,
    }
    assert calls_of(files) == [("DELETE", "/api/Users", "angular", True),
                               ("GET", "/api/Users/{}", "angular", True)]


CRUD_FILES = {
    "web/src/app/core/base.service.ts": """
        import { inject } from '@angular/core';
        import { HttpClient } from '@angular/common/http';
        import { Observable } from 'rxjs';
        import { environment } from '../../environments/environment';

        export abstract class BaseService<T> {
          protected readonly url: string;
          constructor(protected http: HttpClient, endpoint: string) {
            this.url = `${environment.apiUrl}/${endpoint}`;
          }
          getAll(): Observable<T[]> { return this.http.get<T[]>(this.url); }
          getById(id: string): Observable<T> { return this.http.get<T>(`${this.url}/${id}`); }
          create(item: T): Observable<T> { return this.http.post<T>(this.url, item); }
        }

        export abstract class CrudService<T> {
          protected abstract endpoint: string;
          protected http = inject(HttpClient);
          list(): Observable<T[]> { return this.http.get<T[]>(`${environment.apiUrl}/${this.endpoint}`); }
        }
    """,
    "web/src/app/users/users.service.ts": """
        import { Injectable } from '@angular/core';
        import { HttpClient } from '@angular/common/http';
        import { BaseService } from '../core/base.service';

        @Injectable({ providedIn: 'root' })
        export class UsersService extends BaseService<User> {
          constructor(http: HttpClient) { super(http, 'users'); }
          search(q: string) { return this.http.get(`${this.url}/search`, { params: { q } }); }
        }
    """,
    "web/src/app/tags/tags.service.ts": """
        import { Injectable } from '@angular/core';
        import { CrudService } from '../core/base.service';

        @Injectable({ providedIn: 'root' })
        export class TagsService extends CrudService<Tag> {
          protected endpoint = 'tags';
        }
    """,
    "web/src/environments/environment.ts": "export const environment = { apiUrl: '/api' };\n",
}


def test_generic_crud_services_extended_per_resource():
    got = sorted((c.method, c.path, c.file.rsplit("/", 1)[-1]) for c in build_index(CRUD_FILES).analysis().calls)
    assert got == [
        ("GET", "/api/tags", "base.service.ts"),
        ("GET", "/api/users", "base.service.ts"),
        ("GET", "/api/users/search", "users.service.ts"),
        ("GET", "/api/users/{}", "base.service.ts"),
        ("POST", "/api/users", "base.service.ts"),
    ]


@pytest.mark.parametrize("change", ["rename", "add", "delete"])
def test_incremental_equals_fresh_when_a_subclass_changes(change):
    files = _as_bytes(CRUD_FILES)
    index = _fresh(files)
    users = "/ws/web/src/app/users/users.service.ts"
    if change == "rename":
        files[users] = files[users].replace(b"'users'", b"'people'")
        index.apply_changes({users: files[users]})
    elif change == "add":
        orders = "/ws/web/src/app/orders/orders.service.ts"
        files[orders] = files[users].replace(b"UsersService", b"OrdersService").replace(b"'users'", b"'orders'")
        index.apply_changes({orders: files[orders]})
    else:
        del files[users]
        index.apply_changes({users: None})
    assert index.snapshot() == _fresh(files).snapshot()


def test_http_resource_signals_api():
    component = """
        import { Component, input } from '@angular/core';
        import { httpResource } from '@angular/common/http';

        @Component({ selector: 'app-user', template: '' })
        export class UserComponent {
          id = input.required<string>();
          user = httpResource<User>(() => `/api/users/${this.id()}`);
          config = httpResource.text(() => '/api/config');
          saved = httpResource(() => ({ url: '/api/users', method: 'POST', body: {} }));
        }
    """
    assert calls_of({"web/src/app/user.component.ts": component}) == [
        ("GET", "/api/config", "angular", True),
        ("GET", "/api/users/{}", "angular", True),
        ("POST", "/api/users", "angular", True),
    ]


def test_interceptor_base_known_only_at_run_time_and_static_assets():
    files = {
        "api/server.js": EXPRESS,
        "web/src/app/config.service.ts": """
            import { Injectable } from '@angular/core';
            import { HttpClient } from '@angular/common/http';
            @Injectable({ providedIn: 'root' })
            export class ConfigService {
              apiUrl: string;
              constructor(private http: HttpClient) {}
              load() {
                return this.http.get<{ apiUrl: string }>('assets/config.json')
                  .subscribe(c => (this.apiUrl = c.apiUrl));
              }
            }
        """,
        "web/src/app/api.interceptor.ts": """
            import { Injectable } from '@angular/core';
            import { HttpEvent, HttpHandler, HttpInterceptor, HttpRequest } from '@angular/common/http';
            import { ConfigService } from './config.service';
            @Injectable()
            export class ApiInterceptor implements HttpInterceptor {
              constructor(private config: ConfigService) {}
              intercept(req: HttpRequest<unknown>, next: HttpHandler) {
                return next.handle(req.clone({ url: this.config.apiUrl + req.url }));
              }
            }
        """,
        "web/src/app/app.module.ts": """
            import { NgModule } from '@angular/core';
            import { HTTP_INTERCEPTORS } from '@angular/common/http';
            import { ApiInterceptor } from './api.interceptor';
            @NgModule({ providers: [{ provide: HTTP_INTERCEPTORS, useClass: ApiInterceptor, multi: true }] })
            export class AppModule {}
        """,
        "web/src/app/users.service.ts": """
            import { Injectable } from '@angular/core';
            import { HttpClient } from '@angular/common/http';
            @Injectable({ providedIn: 'root' })
            export class UsersService {
              constructor(private http: HttpClient) {}
              list() { return this.http.get('/users'); }
              translations(lang: string) { return this.http.get(`/assets/i18n/${lang}.json`); }
            }
        """,
    }
    # the prefix is a run-time value: taken for an origin; files under /assets/ are static
    assert calls_of(files) == [("GET", "/users", "angular", True)]
    assert links(build_index(files)) == {("GET", "/users"): ["/users"]}


def test_functional_resolvers_and_guards_injecting_the_client():
    resolvers = """
        import { inject } from '@angular/core';
        import { HttpClient } from '@angular/common/http';
        import { ResolveFn } from '@angular/router';

        export const userResolver: ResolveFn<unknown> = (route) => {
          const http = inject(HttpClient);
          return http.get(`/api/users/${route.params['id']}`);
        };

        export function loadTags() {
          return inject(HttpClient).get<string[]>('/api/tags');
        }
    """
    assert calls_of({"web/src/app/resolvers.ts": resolvers}) == [
        ("GET", "/api/tags", "angular", True), ("GET", "/api/users/{}", "angular", True)]
