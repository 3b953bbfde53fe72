"""NestJS (10/11): controllers, modules, the application, RouterModule, versioning,
global prefix, gateways. Sources are written the way Nest projects are laid out
(``src/main.ts``, ``src/app.module.ts``, one folder per feature module)."""

from __future__ import annotations

import pytest

from routelink.frameworks.nestjs import FRAMEWORK as NEST
from tests.conftest import build_index

MAIN = """
    import { NestFactory } from '@nestjs/core';
    import { AppModule } from './app.module';

    async function bootstrap() {
      const app = await NestFactory.create(AppModule);
      await app.listen(3000);
    }
    bootstrap();
"""

CATS_MODULE = """
    import { Module } from '@nestjs/common';
    import { CatsController } from './cats.controller';
    import { CatsService } from './cats.service';

    @Module({
      controllers: [CatsController],
      providers: [CatsService],
      exports: [CatsService],
    })
    export class CatsModule {}
"""

CATS_CONTROLLER = """
    import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
    import { CatsService } from './cats.service';

    @Controller('cats')
    export class CatsController {
      constructor(private readonly catsService: CatsService) {}

      @Get()
      findAll() {
        return this.catsService.findAll();
      }

      @Get(':id')
      findOne(@Param('id') id: string) {
        return this.catsService.findOne(id);
      }

      @Post()
      create(@Body() dto: unknown) {
        return this.catsService.create(dto);
      }

      @Delete(':id')
      remove(@Param('id') id: string) {}
    }
"""

APP_MODULE = """
    import { Module } from '@nestjs/common';
    import { CatsModule } from './cats/cats.module';

    @Module({ imports: [CatsModule] })
    export class AppModule {}
"""


def served(files: dict[str, str]) -> set[tuple[str, str]]:
    """(method, path) of every mounted route."""
    return {(r.method, r.path) for r in build_index(files).analysis().routes if r.mounted}


def every_route(files: dict[str, str]) -> set[tuple[str, str, bool]]:
    return {(r.method, r.path, r.mounted) for r in build_index(files).analysis().routes}


def findings(files: dict[str, str]) -> list[tuple[str, str, str]]:
    """(code, file name, message) of every finding, sorted."""
    a = build_index(files).analysis()
    return sorted((f.code, f.file.rsplit("/", 1)[-1], f.message) for f in a.findings)


def app(**overrides: str) -> dict[str, str]:
    """The cats application: main, root module, cats module and controller."""
    files = {
        "src/main.ts": MAIN,
        "src/app.module.ts": APP_MODULE,
        "src/cats/cats.module.ts": CATS_MODULE,
        "src/cats/cats.controller.ts": CATS_CONTROLLER,
        "src/cats/cats.service.ts": "export class CatsService { findAll() { return []; } }\n",
    }
    files.update(overrides)
    return files


@pytest.mark.parametrize("raw, expected", [
    ("", [""]),
    ("/", [""]),
    (":id", ["/{id}"]),
    ("/profile/", ["/profile"]),
    ("files/*", ["/files/{wild*}"]),
    ("files/{*splat}", ["/files/{splat+}", "/files"]),  # Nest 11 / path-to-regexp 8
    (":id/comments/:commentId?", ["/{id}/comments/{commentId}", "/{id}/comments"]),
])
def test_paths_follow_express_syntax_without_trailing_slash(raw, expected):
    assert [t for t, _ in NEST.convert_path(raw)] == expected


def test_controller_routes_under_the_module_tree():
    assert served(app()) == {("GET", "/cats"), ("GET", "/cats/{id}"), ("POST", "/cats"),
                             ("DELETE", "/cats/{id}")}


def test_every_route_decorator_and_path_form():
    files = app(**{"src/cats/cats.controller.ts": """
        import { All, Controller, Get, Head, Options, Patch, Put, Sse, Search } from '@nestjs/common';
        import { Observable } from 'rxjs';

        const BY_ID = ':id';

        @Controller(['cats', 'felines'])
        export class CatsController {
          @Put(BY_ID)
          replace() {}

          @Patch([':id/name', ':id/owner'])
          rename() {}

          @All('proxy/*')
          proxy() {}

          @Head()
          head() {}

          @Options()
          options() {}

          @Search()
          search() {}

          @Sse('events')
          events(): Observable<MessageEvent> { return null; }

          @Get('/')
          list() {}
        }
    """})
    paths = {(m, p) for m, p in served(files) if p.startswith("/cats")}
    assert paths == {
        ("PUT", "/cats/{id}"), ("PATCH", "/cats/{id}/name"), ("PATCH", "/cats/{id}/owner"),
        ("ANY", "/cats/proxy/{wild*}"), ("HEAD", "/cats"), ("OPTIONS", "/cats"),
        ("SEARCH", "/cats"), ("GET", "/cats/events"), ("GET", "/cats"),
    }
    assert ("GET", "/felines/events") in served(files)


def test_controller_options_object_and_empty_controller():
    files = app(**{
        "src/cats/cats.controller.ts": """
            import { Controller, Get } from '@nestjs/common';

            @Controller({ path: 'cats', host: 'admin.example.com' })
            export class CatsController {
              @Get('count')
              count() {}
            }
        """,
        "src/app.controller.ts": """
            import { Controller, Get } from '@nestjs/common';

            @Controller()
            export class AppController {
              @Get()
              getHello(): string { return 'Hello World!'; }
            }
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { AppController } from './app.controller';
            import { CatsModule } from './cats/cats.module';

            @Module({ imports: [CatsModule], controllers: [AppController] })
            export class AppModule {}
        """,
    })
    assert served(files) == {("GET", "/cats/count"), ("GET", "/")}


def test_paths_from_constants_of_other_modules():
    files = app(**{
        "src/common/routes.ts": """
            export const ROUTES = {
              CATS: 'cats',
              CAT_BY_ID: ':catId',
            };
            export const OWNERS = 'owners';

            export enum CatRoute {
              Toys = 'toys',
              Vets = 'vets',
            }
        """,
        "src/cats/cats.controller.ts": """
            import { Controller, Get } from '@nestjs/common';
            import { CatRoute, OWNERS, ROUTES } from '../common/routes';

            @Controller(ROUTES.CATS)
            export class CatsController {
              @Get(ROUTES.CAT_BY_ID)
              findOne() {}

              @Get(`${ROUTES.CAT_BY_ID}/${OWNERS}`)
              owners() {}

              @Get([CatRoute.Toys, CatRoute.Vets])
              extras() {}
            }
        """,
    })
    assert served(files) == {("GET", "/cats/{catId}"), ("GET", "/cats/{catId}/owners"),
                             ("GET", "/cats/toys"), ("GET", "/cats/vets")}


def test_modules_across_files_barrels_forward_refs_and_dynamic_modules():
    files = {
        "src/main.ts": MAIN,
        "src/app.module.ts": """
            import { Module, forwardRef } from '@nestjs/common';
            import { ConfigModule } from '@nestjs/config';
            import { UsersModule } from './users';
            import { AuthModule } from './auth/auth.module';
            import { FEATURE_MODULES } from './features';

            const CORE = [ConfigModule.forRoot({ isGlobal: true })];

            @Module({
              imports: [
                ...CORE,
                forwardRef(() => UsersModule),
                AuthModule.register({ jwtSecret: 'x' }),
                ...FEATURE_MODULES,
              ],
            })
            export class AppModule {}
        """,
        "src/users/index.ts": "export * from './users.module';\n",
        "src/users/users.module.ts": """
            import { Module } from '@nestjs/common';
            import { UsersController } from './users.controller';

            @Module({ controllers: [UsersController] })
            export class UsersModule {}
        """,
        "src/users/users.controller.ts": """
            import { Controller, Get } from '@nestjs/common';

            @Controller('users')
            export class UsersController {
              @Get('me')
              me() {}
            }
        """,
        "src/auth/auth.module.ts": """
            import { DynamicModule, Module } from '@nestjs/common';
            import { AuthController } from './auth.controller';

            @Module({})
            export class AuthModule {
              static register(options: { jwtSecret: string }): DynamicModule {
                return {
                  module: AuthModule,
                  controllers: [AuthController],
                  providers: [{ provide: 'OPTIONS', useValue: options }],
                };
              }
            }
        """,
        "src/auth/auth.controller.ts": """
            import { Controller, Post } from '@nestjs/common';

            @Controller('auth')
            export class AuthController {
              @Post('login')
              login() {}
            }
        """,
        "src/features.ts": "export const FEATURE_MODULES = [];\n",
    }
    assert served(files) == {("GET", "/users/me"), ("POST", "/auth/login")}


def test_a_controller_no_module_registers_is_unmounted_and_named_by_the_call():
    files = app(**{
        "src/cats/cats-admin.controller.ts": """
            import { Controller, Get, Post } from '@nestjs/common';

            @Controller('cats/admin')
            export class CatsAdminController {
              @Get('stats')
              stats() {}

              @Post('purge')
              purge() {}
            }
        """,
        "web/src/api/cats.ts": """
            export const stats = () => fetch('/cats/admin/stats');
            export const cats = () => fetch('/cats');
        """,
    })
    got = findings(files)
    assert ("unmounted-route", "cats-admin.controller.ts",
            "Controller 'CatsAdminController' is registered by no module: no module reachable from "
            "the root module lists it in its controllers, so its 2 routes are not served") in got
    unmatched = [m for code, _, m in got if code == "unmatched-call"]
    assert len(unmatched) == 1 and "'CatsAdminController'" in unmatched[0] \
        and "GET /cats/admin/stats" in unmatched[0]
    assert ("GET", "/cats/admin/stats", False) in every_route(files)


def test_a_module_nothing_imports_hides_its_controllers():
    files = app(**{
        "src/dogs/dogs.module.ts": """
            import { Module } from '@nestjs/common';
            import { DogsController } from './dogs.controller';

            @Module({ controllers: [DogsController] })
            export class DogsModule {}
        """,
        "src/dogs/dogs.controller.ts": """
            import { Controller, Get } from '@nestjs/common';

            @Controller('dogs')
            export class DogsController {
              @Get()
              findAll() {}
            }
        """,
    })
    unmounted = [(f, m) for code, f, m in findings(files) if code == "unmounted-route"]
    assert unmounted == [("dogs.module.ts", "Module 'DogsModule' is imported by no module reachable "
                          "from the root module: the 1 route of its controllers is not served")]


def test_without_an_application_every_module_nothing_imports_is_a_root():
    files = app()
    del files["src/main.ts"]
    files["src/stray.controller.ts"] = """
        import { Controller, Get } from '@nestjs/common';

        @Controller('stray')
        export class StrayController {
          @Get()
          get() {}
        }
    """
    routes = every_route(files)
    assert ("GET", "/cats/{id}", True) in routes and ("GET", "/stray", False) in routes


def test_global_prefix_and_its_exclusions():
    main = """
        import { NestFactory } from '@nestjs/core';
        import { RequestMethod } from '@nestjs/common';
        import { AppModule } from './app.module';

        async function bootstrap() {
          const app = await NestFactory.create(AppModule);
          const globalPrefix = 'api';
          app.setGlobalPrefix(globalPrefix, {
            exclude: [
              'health',
              { path: 'cats/:id', method: RequestMethod.DELETE },
              { path: 'cats', method: RequestMethod.POST },
            ],
          });
          await app.listen(process.env.PORT ?? 3000);
        }
        bootstrap();
    """
    files = app(**{
        "src/main.ts": main,
        "src/health.controller.ts": """
            import { Controller, Get } from '@nestjs/common';

            @Controller('health')
            export class HealthController {
              @Get()
              check() { return { status: 'ok' }; }
            }
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { CatsModule } from './cats/cats.module';
            import { HealthController } from './health.controller';

            @Module({ imports: [CatsModule], controllers: [HealthController] })
            export class AppModule {}
        """,
    })
    assert served(files) == {("GET", "/api/cats"), ("GET", "/api/cats/{id}"), ("POST", "/cats"),
                             ("DELETE", "/cats/{id}"), ("GET", "/health")}


def test_an_application_made_only_to_read_configuration_serves_nothing():
    main = """
        import { NestFactory } from '@nestjs/core';
        import { ConfigService } from '@nestjs/config';
        import { VersioningType } from '@nestjs/common';
        import { AppModule } from './app.module';

        async function bootstrap() {
          const configApp = await NestFactory.create(AppModule);
          const levels = configApp.get(ConfigService).get('LOG_LEVELS');
          await configApp.close();

          const server = await NestFactory.create(AppModule, { logger: levels });
          server.enableVersioning({ defaultVersion: '1', type: VersioningType.URI });
          server.setGlobalPrefix('api');
          await server.listen(3333);
        }
        bootstrap();
    """
    files = app(**{"src/main.ts": main, "src/stray.controller.ts": """
        import { Controller, Get } from '@nestjs/common';

        @Controller('stray')
        export class StrayController {
          @Get()
          get() {}
        }
    """})
    assert every_route(files) == {("GET", "/api/v1/cats", True), ("GET", "/api/v1/cats/{id}", True),
                                  ("POST", "/api/v1/cats", True), ("DELETE", "/api/v1/cats/{id}", True),
                                  ("GET", "/api/v1/stray", False)}


def test_configuration_in_a_setup_function_shared_with_the_e2e_tests():
    files = app(**{
        "src/setup-app.ts": """
            import { INestApplication, RequestMethod, ValidationPipe, VersioningType } from '@nestjs/common';
            import helmet from 'helmet';

            export function setupApp(app: INestApplication): INestApplication {
              app.use(helmet());
              app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
              app.setGlobalPrefix('api', { exclude: [{ path: 'cats', method: RequestMethod.POST }] });
              app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
              return app;
            }
        """,
        "src/main.ts": """
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';
            import { setupApp } from './setup-app';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              setupApp(app);
              await app.listen(3000);
            }
            bootstrap();
        """,
    })
    assert served(files) == {("GET", "/api/v1/cats"), ("GET", "/api/v1/cats/{id}"), ("POST", "/v1/cats"),
                             ("DELETE", "/api/v1/cats/{id}")}


def test_a_global_prefix_that_cannot_be_known_is_unresolved():
    files = app(**{"src/main.ts": """
        import { NestFactory } from '@nestjs/core';
        import { ConfigService } from '@nestjs/config';
        import { AppModule } from './app.module';

        async function bootstrap() {
          const app = await NestFactory.create(AppModule);
          const config = app.get(ConfigService);
          app.setGlobalPrefix(config.get('API_PREFIX'));
          await app.listen(3000);
        }
        bootstrap();
    """})
    routes = build_index(files).analysis().routes
    assert {r.path for r in routes} == {"/{?}/cats", "/{?}/cats/{id}"}
    assert not any(r.resolved for r in routes)


def test_a_global_prefix_from_config_service_is_its_environment_variable():
    main = """
        import { NestFactory } from '@nestjs/core';
        import { ConfigService } from '@nestjs/config';
        import { AppModule } from './app.module';

        async function bootstrap() {
          const app = await NestFactory.create(AppModule);
          const config = app.get(ConfigService);
          app.setGlobalPrefix(config.get<string>('API_PREFIX', 'api'));
          await app.listen(config.get('PORT'));
        }
        bootstrap();
    """
    assert ("GET", "/api/cats") in served(app(**{"src/main.ts": main}))
    dotenv = main.replace("config.get<string>('API_PREFIX', 'api')", "config.getOrThrow('API_PREFIX')")
    assert ("GET", "/v3/cats") in served(app(**{"src/main.ts": dotenv, ".env": "API_PREFIX=v3\n"}))


APP_CONFIG = """
    import { registerAs } from '@nestjs/config';

    export default registerAs('app', () => ({
      port: parseInt(process.env.PORT, 10) || 3000,
      globalPrefix: process.env.GLOBAL_PREFIX || 'api',
    }));
"""


@pytest.mark.parametrize("lookup", [
    "const { port, globalPrefix } = configService.get('app');\n  app.setGlobalPrefix(globalPrefix);",
    "app.setGlobalPrefix(configService.get<AppConfig>('app').globalPrefix);",
    "app.setGlobalPrefix(configService.get('app.globalPrefix'));",
    "const appConfig = configService.get('app');\n  app.setGlobalPrefix(appConfig.globalPrefix);",
])
def test_a_global_prefix_from_a_config_namespace_is_read_where_register_as_writes_it(lookup):
    main = f"""
        import {{ NestFactory }} from '@nestjs/core';
        import {{ ConfigService }} from '@nestjs/config';
        import {{ AppModule }} from './app.module';

        async function bootstrap() {{
          const app = await NestFactory.create(AppModule);
          const configService = app.get(ConfigService);
          {lookup}
          await app.listen(3000);
        }}
        bootstrap();
    """
    module = APP_MODULE.replace("imports: [", "imports: [ConfigModule.forRoot({ load: [appConfig] }), ").replace(
        "import { Module } from '@nestjs/common';", "import { Module } from '@nestjs/common';\n"
        "    import { ConfigModule } from '@nestjs/config';\n    import appConfig from './config/app.config';")
    files = app(**{"src/main.ts": main, "src/config/app.config.ts": APP_CONFIG, "src/app.module.ts": module})
    assert ("GET", "/api/cats") in served(files)
    assert ("GET", "/v2/cats") in served({**files, ".env": "GLOBAL_PREFIX=v2\n"})
    # the namespace named by a constant of the config file (nest-admin's `appRegToken`)
    by_token = APP_CONFIG.replace("registerAs('app',", "registerAs(appRegToken,").replace(
        "export default", "export const appRegToken = 'app';\n    export default")
    assert ("GET", "/api/cats") in served({**files, "src/config/app.config.ts": by_token})


def test_an_unreadable_config_namespace_names_the_global_prefix_in_the_hint():
    main = """
        import { NestFactory } from '@nestjs/core';
        import { ConfigService } from '@nestjs/config';
        import { AppModule } from './app.module';

        async function bootstrap() {
          const app = await NestFactory.create(AppModule);
          const configService = app.get(ConfigService);
          const { globalPrefix } = configService.get('app');
          app.setGlobalPrefix(globalPrefix);
          await app.listen(3000);
        }
        bootstrap();
    """
    hints = [m for code, _, m in findings(app(**{"src/main.ts": main})) if code == "unresolved-route"]
    assert hints and all("could not be resolved statically: the global prefix from "
                         "configService.get('app') (no file registers the config namespace 'app' "
                         "with registerAs);" in m for m in hints)
    computed = APP_CONFIG.replace("process.env.GLOBAL_PREFIX || 'api'", "readPrefix()")
    hints = [m for code, _, m in findings(app(**{"src/main.ts": main, "src/config/app.config.ts": computed}))
             if code == "unresolved-route"]
    assert hints and all("(its value in app.config.ts is not static)" in m for m in hints)


VERSIONED_MAIN = """
    import { NestFactory } from '@nestjs/core';
    import { VersioningType } from '@nestjs/common';
    import { AppModule } from './app.module';

    async function bootstrap() {
      const app = await NestFactory.create(AppModule);
      app.setGlobalPrefix('api');
      app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1'%s });
      await app.listen(3000);
    }
    bootstrap();
"""


def test_uri_versioning_default_controller_and_method_versions():
    files = app(**{
        "src/main.ts": VERSIONED_MAIN % "",
        "src/cats/cats.controller.ts": """
            import { Controller, Get, Version, VERSION_NEUTRAL } from '@nestjs/common';

            @Controller('cats')
            export class CatsController {
              @Get()
              findAll() {}

              @Version('2')
              @Get(':id')
              findOne() {}

              @Get('legacy')
              @Version(['1', '2'])
              legacy() {}

              @Version(VERSION_NEUTRAL)
              @Get('ping')
              ping() {}
            }
        """,
        "src/dogs.controller.ts": """
            import { Controller, Get } from '@nestjs/common';

            @Controller({ path: 'dogs', version: '3' })
            export class DogsController {
              @Get()
              findAll() {}
            }
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { CatsModule } from './cats/cats.module';
            import { DogsController } from './dogs.controller';

            @Module({ imports: [CatsModule], controllers: [DogsController] })
            export class AppModule {}
        """,
    })
    assert served(files) == {
        ("GET", "/api/v1/cats"), ("GET", "/api/v2/cats/{id}"), ("GET", "/api/v1/cats/legacy"),
        ("GET", "/api/v2/cats/legacy"), ("GET", "/api/cats/ping"), ("GET", "/api/v3/dogs"),
    }


@pytest.mark.parametrize("options, expected", [
    (", prefix: 'version-'", "/api/version-1/cats"),
    (", prefix: false", "/api/1/cats"),
])
def test_uri_version_prefix(options, expected):
    assert ("GET", expected) in served(app(**{"src/main.ts": VERSIONED_MAIN % options}))


def test_header_versioning_changes_no_path():
    main = (VERSIONED_MAIN % "").replace("VersioningType.URI", "VersioningType.HEADER")
    assert ("GET", "/api/cats") in served(app(**{"src/main.ts": main}))


def test_versioning_without_enable_versioning_changes_no_path():
    files = app(**{"src/cats/cats.controller.ts": """
        import { Controller, Get, Version } from '@nestjs/common';

        @Controller('cats')
        export class CatsController {
          @Version('2')
          @Get()
          findAll() {}
        }
    """})
    assert served(files) == {("GET", "/cats")}


ADMIN = {
    "src/admin/admin.module.ts": """
        import { Module } from '@nestjs/common';
        import { CatsModule } from '../cats/cats.module';
        import { AdminController } from './admin.controller';

        @Module({ imports: [CatsModule], controllers: [AdminController] })
        export class AdminModule {}
    """,
    "src/admin/admin.controller.ts": """
        import { Controller, Get } from '@nestjs/common';

        @Controller()
        export class AdminController {
          @Get('overview')
          overview() {}
        }
    """,
    "src/admin/metrics/metrics.module.ts": """
        import { Module } from '@nestjs/common';
        import { MetricsController } from './metrics.controller';

        @Module({ controllers: [MetricsController] })
        export class MetricsModule {}
    """,
    "src/admin/metrics/metrics.controller.ts": """
        import { Controller, Get } from '@nestjs/common';

        @Controller('metrics')
        export class MetricsController {
          @Get()
          all() {}
        }
    """,
}


def test_router_module_paths_with_children_apply_to_each_modules_own_controllers():
    files = app(**ADMIN, **{"src/app.module.ts": """
        import { Module } from '@nestjs/common';
        import { RouterModule } from '@nestjs/core';
        import { AdminModule } from './admin/admin.module';
        import { MetricsModule } from './admin/metrics/metrics.module';
        import { CatsModule } from './cats/cats.module';

        @Module({
          imports: [
            CatsModule,
            AdminModule,
            MetricsModule,
            RouterModule.register([
              {
                path: 'admin',
                module: AdminModule,
                children: [{ path: 'metrics-v2', module: MetricsModule }],
              },
            ]),
          ],
        })
        export class AppModule {}
    """})
    # CatsModule, imported by AdminModule too, keeps its own path
    assert served(files) == {
        ("GET", "/cats"), ("GET", "/cats/{id}"), ("POST", "/cats"), ("DELETE", "/cats/{id}"),
        ("GET", "/admin/overview"), ("GET", "/admin/metrics-v2/metrics"),
    }


def test_router_module_route_tree_in_its_own_file_with_global_prefix_and_version():
    files = app(**ADMIN, **{
        "src/main.ts": VERSIONED_MAIN % "",
        "src/app.routes.ts": """
            import { Routes } from '@nestjs/core';
            import { AdminModule } from './admin/admin.module';
            import { MetricsModule } from './admin/metrics/metrics.module';

            export const routes: Routes = [
              { path: 'admin', module: AdminModule, children: [MetricsModule] },
            ];
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { RouterModule } from '@nestjs/core';
            import { AdminModule } from './admin/admin.module';
            import { MetricsModule } from './admin/metrics/metrics.module';
            import { routes } from './app.routes';

            @Module({ imports: [AdminModule, MetricsModule, RouterModule.register(routes)] })
            export class AppModule {}
        """,
    })
    got = served(files)
    assert ("GET", "/api/v1/admin/overview") in got and ("GET", "/api/v1/admin/metrics") in got
    assert ("GET", "/api/v1/cats/{id}") in got


def test_router_module_children_from_a_spread_and_shorthand_module_lists():
    files = app(**{**ADMIN,
        "src/admin/admin.module.ts": """
            import { Module } from '@nestjs/common';
            import { RouterModule } from '@nestjs/core';
            import { AdminController } from './admin.controller';
            import { MetricsModule } from './metrics/metrics.module';

            const modules = [MetricsModule];
            const controllers = [AdminController];

            @Module({
              imports: [...modules, RouterModule.register([{ path: 'admin', module: AdminModule, children: [...modules] }])],
              controllers,
            })
            export class AdminModule {}
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { AdminModule } from './admin/admin.module';

            @Module({ imports: [AdminModule] })
            export class AppModule {}
        """,
    })
    assert served(files) == {("GET", "/admin/overview"), ("GET", "/admin/metrics")}


def test_comments_between_decorators():
    files = app(**{"src/cats/cats.controller.ts": """
        import { Controller, Get, UseGuards } from '@nestjs/common';
        import { ApiTags } from '@nestjs/swagger';

        @ApiTags('cats')
        // @UseGuards(ThrottlerGuard)
        @Controller('cats')
        export class CatsController {
          @Get('img')
          @ApiTags('img')
          // @Throttle({ default: { limit: 2, ttl: 600000 } })
          async image() {}
        }
    """})
    assert served(files) == {("GET", "/cats/img")}


def test_routes_of_a_base_controller_are_served_by_each_subclass():
    files = app(**{
        "src/common/crud.controller.ts": """
            import { Get, Param, Post } from '@nestjs/common';

            export abstract class CrudController<T> {
              @Get()
              findAll() {}

              @Get(':id')
              findOne(@Param('id') id: string) {}
            }
        """,
        "src/cats/cats.controller.ts": """
            import { Controller, Post } from '@nestjs/common';
            import { CrudController } from '../common/crud.controller';

            @Controller('cats')
            export class CatsController extends CrudController<unknown> {
              @Post('adopt')
              adopt() {}
            }
        """,
    })
    a = build_index(files).analysis()
    assert {(r.method, r.path, r.handler) for r in a.routes} == {
        ("GET", "/cats", "CrudController.findAll"), ("GET", "/cats/{id}", "CrudController.findOne"),
        ("POST", "/cats/adopt", "CatsController.adopt")}
    assert not [f for f in a.findings if f.code == "unmounted-route"]


def test_request_mapping_decorators_re_exported_by_a_barrel_and_module_metadata_constants():
    files = app(**{
        "src/common/http.ts": "export { Controller, Get, RequestMapping, RequestMethod } from '@nestjs/common';\n",
        "src/cats/cats.controller.ts": """
            import { Controller, Get, RequestMapping, RequestMethod } from '../common/http';

            @Controller('cats')
            export class CatsController {
              @Get()
              findAll() {}

              @RequestMapping({ path: 'bulk', method: RequestMethod.PUT })
              bulk() {}

              @RequestMapping({ path: 'any', method: RequestMethod.ALL })
              any() {}
            }
        """,
        "src/cats/cats.module.ts": """
            import { Module, ModuleMetadata } from '@nestjs/common';
            import { CatsController } from './cats.controller';

            const metadata: ModuleMetadata = { controllers: [CatsController] };

            @Module(metadata)
            export class CatsModule {}
        """,
    })
    assert served(files) == {("GET", "/cats"), ("PUT", "/cats/bulk"), ("ANY", "/cats/any")}


def test_nest_router_route_trees():
    files = app(**ADMIN, **{
        "src/routes.ts": """
            import { Routes } from 'nest-router';
            import { AdminModule } from './admin/admin.module';

            export const routes: Routes = [{ path: '/admin', module: AdminModule }];
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { RouterModule } from 'nest-router';
            import { AdminModule } from './admin/admin.module';
            import { routes } from './routes';

            @Module({ imports: [RouterModule.forRoutes(routes), AdminModule] })
            export class AppModule {}
        """,
    })
    assert ("GET", "/admin/overview") in served(files)


def test_decorators_of_other_libraries_are_not_nest_routes():
    files = {
        "src/users.controller.ts": """
            import { Controller, Get, Param } from 'routing-controllers';

            @Controller('/users')
            export class UserController {
              @Get('/:id')
              getOne(@Param('id') id: number) {}
            }
        """,
    }
    assert every_route(files) == set()


def test_a_custom_controller_decorator_is_read_like_controller():
    files = app(**{"src/cats/cats.controller.ts": """
        import { Get } from '@nestjs/common';
        import { ApiController } from '../common/api-controller.decorator';

        @ApiController('cats')
        export class CatsController {
          @Get()
          findAll() {}
        }
    """})
    assert served(files) == {("GET", "/cats")}


def test_go_to_handler_lands_on_the_method():
    index = build_index(app())
    route = next(r for r in index.analysis().routes if r.path == "/cats/{id}")
    assert route.handler == "CatsController.findOne"
    assert route.span.line == 13  # the @Get(':id') decorator (0-based)
    assert route.handler_span.line == 14 and route.handler_file is None  # findOne(...)


def test_calls_link_and_a_wrong_method_is_reported():
    files = app(**{"web/src/api/cats.ts": """
        import axios from 'axios';

        const api = axios.create({ baseURL: '/' });
        export const getCat = (id: string) => api.get(`/cats/${id}`);
        export const renameCat = (id: string, name: string) => api.patch(`/cats/${id}`, { name });
    """})
    a = build_index(files).analysis()
    linked = {(c.method, c.path): [a.routes[i].handler for i in m.routes] for c, m in zip(a.calls, a.matches)}
    assert linked[("GET", "/cats/{}")] == ["CatsController.findOne"]
    assert any(f.code == "method-mismatch" for f in a.findings)


def test_websocket_gateways():
    files = app(**{
        "src/events/events.gateway.ts": """
            import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';

            @WebSocketGateway({ namespace: 'events', cors: { origin: '*' } })
            export class EventsGateway {
              @SubscribeMessage('identity')
              identity(@MessageBody() data: number) { return data; }
            }
        """,
        "src/events/chat.gateway.ts": """
            import { WebSocketGateway } from '@nestjs/websockets';

            @WebSocketGateway(81, { path: '/chat' })
            export class ChatGateway {}
        """,
        "src/events/stray.gateway.ts": """
            import { WebSocketGateway } from '@nestjs/websockets';

            @WebSocketGateway()
            export class StrayGateway {}
        """,
        "src/events/events.module.ts": """
            import { Module } from '@nestjs/common';
            import { ChatGateway } from './chat.gateway';
            import { EventsGateway } from './events.gateway';

            @Module({ providers: [EventsGateway, ChatGateway] })
            export class EventsModule {}
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { CatsModule } from './cats/cats.module';
            import { EventsModule } from './events/events.module';

            @Module({ imports: [CatsModule, EventsModule] })
            export class AppModule {}
        """,
    })
    a = build_index(files).analysis()
    ws = {(r.path, r.mounted, r.handler) for r in a.routes if r.method == "WS"}
    assert ws == {("/socket.io", True, "EventsGateway"), ("/chat", True, "ChatGateway"),
                  ("/socket.io", False, "StrayGateway")}
    assert any(f.code == "unmounted-route" and "Gateway 'StrayGateway'" in f.message for f in a.findings)


def test_ws_adapter_gateway_without_path_serves_the_root_and_global_prefix_does_not_apply():
    files = app(**{
        "src/main.ts": """
            import { NestFactory } from '@nestjs/core';
            import { WsAdapter } from '@nestjs/platform-ws';
            import { AppModule } from './app.module';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api');
              app.useWebSocketAdapter(new WsAdapter(app));
              await app.listen(3000);
            }
            bootstrap();
        """,
        "src/events.gateway.ts": """
            import { WebSocketGateway } from '@nestjs/websockets';

            @WebSocketGateway()
            export class EventsGateway {}
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { CatsModule } from './cats/cats.module';
            import { EventsGateway } from './events.gateway';

            @Module({ imports: [CatsModule], providers: [EventsGateway] })
            export class AppModule {}
        """,
    })
    assert ("WS", "/") in served(files) and ("GET", "/api/cats") in served(files)


def test_fastify_platform_routes_are_strict_about_the_trailing_slash():
    main = MAIN.replace("NestFactory.create(AppModule)",
                        "NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter())")
    index = build_index(app(**{"src/main.ts": main}))
    assert {r.trailing_slash for r in index.analysis().routes} == {"strict"}
    express = build_index(app())
    assert {r.trailing_slash for r in express.analysis().routes} == {"ignore"}
    # an adapter made in another module: the application's type says Fastify
    typed = MAIN.replace("NestFactory.create(AppModule)",
                         "NestFactory.create<NestFastifyApplication>(AppModule, fastifyApp)")
    index = build_index(app(**{"src/main.ts": typed}))
    assert {r.trailing_slash for r in index.analysis().routes} == {"strict"}
    lenient = MAIN.replace("NestFactory.create(AppModule)",
                           "NestFactory.create(AppModule, new FastifyAdapter({ ignoreTrailingSlash: true }))")
    index = build_index(app(**{"src/main.ts": lenient}))
    assert {r.trailing_slash for r in index.analysis().routes} == {"ignore"}


def test_fastify_platform_ranks_static_routes_before_parameters_whatever_the_order():
    controller = """
        import { Controller, Get, Post } from '@nestjs/common';

        @Controller('cats')
        export class CatsController {
          @Get(':id')
          findOne() { return {}; }

          @Get('search')
          search() { return []; }

          @Get('*')
          fallback() { return null; }

          @Get('latest')
          latest() { return {}; }
        }
    """
    fastify = MAIN.replace("NestFactory.create(AppModule)",
                           "NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter())")
    on_fastify = findings(app(**{"src/main.ts": fastify, "src/cats/cats.controller.ts": controller}))
    assert [f for f in on_fastify if f[0] == "shadowed-route"] == []
    # on Express (the default platform) declaration order decides
    on_express = findings(app(**{"src/cats/cats.controller.ts": controller}))
    assert sorted(m.split(" is never")[0] for code, _, m in on_express if code == "shadowed-route") == [
        "GET /cats/latest", "GET /cats/search"]


def test_an_edit_of_main_moves_every_route_and_equals_a_fresh_index():
    files = app()
    index = build_index(files)
    assert ("GET", "/cats") in {(r.method, r.path) for r in index.analysis().routes}
    new_main = MAIN.replace("await app.listen(3000);", "app.setGlobalPrefix('api/v2');\n      await app.listen(3000);")
    import textwrap

    index.apply_changes({"/ws/src/main.ts": textwrap.dedent(new_main).encode()})
    got = {(r.method, r.path) for r in index.analysis().routes}
    assert ("GET", "/api/v2/cats") in got and ("GET", "/cats") not in got
    fresh = build_index({**files, "src/main.ts": new_main})
    assert index.snapshot() == fresh.snapshot()


# Edits a Nest developer makes on examples/nestjs-vue: register the forgotten controller,
# drop a module import, change the global prefix or its exclusions, version a route,
# add a RouterModule path, half-type a decorator.
EDITS = [
    (b"  controllers: [HealthController],", b"  controllers: [HealthController, AdminController],"),
    (b"import { HealthController } from './health/health.controller';",
     b"import { HealthController } from './health/health.controller';\n"
     b"import { AdminController } from './admin/admin.controller';"),
    (b"    AuthorsModule,\n", b""),
    (b"app.setGlobalPrefix('api', { exclude: ['health'] });", b"app.setGlobalPrefix('api/v1');"),
    (b"app.enableVersioning({ type: VersioningType.URI });",
     b"app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });"),
    (b"@Controller('authors')", b"@Controller({ path: 'authors', version: '3' })"),
    (b"  @Get(':id')\n", b"  @Get(':id"),  # half-typed
    (b"      controllers: [LoansController],", b""),
    (b"    LoansModule.forRoot({ maxLoansPerReader: 3 }),",
     b"    LoansModule.forRoot({ maxLoansPerReader: 3 }),\n"
     b"    RouterModule.register([{ path: 'library', module: LoansModule }]),"),
    (b"import { Module } from '@nestjs/common';\nimport { AuthorsModule }",
     b"import { Module } from '@nestjs/common';\nimport { RouterModule } from '@nestjs/core';\n"
     b"import { AuthorsModule }"),
]


@pytest.mark.parametrize("seed", range(6))
def test_incremental_edits_equal_a_fresh_index(seed):
    import random

    from routelink.index import WorkspaceIndex
    from tests.conftest import EXAMPLES

    base = EXAMPLES / "nestjs-vue"
    originals = {f"/ws/{p.relative_to(base).as_posix()}": p.read_bytes() for p in sorted(base.rglob("*"))
                 if p.is_file() and p.suffix in (".ts", ".vue", ".json")}

    def fresh(files):
        index = WorkspaceIndex(roots=["/ws"])
        index.apply_changes(dict(files))
        return index

    rng = random.Random(seed)
    files = dict(originals)
    index = fresh(files)
    backend = sorted(p for p in originals if "/backend/src/" in p)
    for _ in range(20):
        path = rng.choice(backend)
        roll = rng.random()
        if roll < 0.1:
            change = {path: None}
        elif roll < 0.2:
            change = {path: originals[path]}
        else:
            current = files.get(path, originals[path])
            change = {path: current + b"\n// touched\n"}
            for old, new in rng.sample(EDITS, len(EDITS)):
                if old in current:
                    change = {path: current.replace(old, new, 1)}
                    break
                if new and new in current:
                    change = {path: current.replace(new, old, 1)}
                    break
        for p, data in change.items():
            if data is None:
                files.pop(p, None)
            else:
                files[p] = data
        index.apply_changes(change)
        assert index.snapshot() == fresh(files).snapshot()


def test_listen_port_of_the_application():
    from tests.conftest import backend_ports

    assert backend_ports({
        "api/package.json": '{ "name": "api" }',
        "api/src/cats.controller.ts": """
            import { Controller, Get } from '@nestjs/common';
            @Controller('cats')
            export class CatsController { @Get() findAll() { return []; } }
        """,
        "api/src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { CatsController } from './cats.controller';
            @Module({ controllers: [CatsController] })
            export class AppModule {}
        """,
        "api/src/main.ts": """
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';
            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api');
              await app.listen(process.env.PORT ?? 3000);
            }
            bootstrap();
        """,
    }) == {"api": [3000], "other": [9000]}
