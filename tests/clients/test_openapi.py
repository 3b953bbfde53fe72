"""Generated OpenAPI clients recognised by the { method, url } they pass."""

from __future__ import annotations

from tests.conftest import calls_of


def test_generated_openapi_client_request_calls():
    assert calls_of({
        "src/client/core/request.ts": """
            export const request = <T>(config: OpenAPIConfig, options: ApiRequestOptions): CancelablePromise<T> => {
              return new CancelablePromise(async (resolve, reject) => { /* axios inside */ });
            };
        """,
        "src/client/sdk.gen.ts": """
            import { request as __request } from './core/request';
            import { OpenAPI } from './core/OpenAPI';
            export class ItemsService {
              public static readItem(data: ItemsReadItemData) {
                return __request(OpenAPI, { method: 'GET', url: '/api/v1/items/{id}', path: { id: data.id } });
              }
              public static createItem(data: ItemsCreateItemData) {
                return __request(OpenAPI, { method: 'POST', url: '/api/v1/items/', body: data.requestBody });
              }
            }
        """,
    }) == [
        ("GET", "/api/v1/items/{}", "openapi", True),
        ("POST", "/api/v1/items/", "openapi", True),
    ]

def test_hey_api_generated_sdk_calls():
    assert calls_of({"src/client/sdk.gen.ts": """
        import { client } from './client.gen';
        export class UsersService {
          public static readUserMe(options?: Options<usersReadUserMeData>) {
            return (options?.client ?? client).get<usersReadUserMeResponses>({ url: '/api/v1/users/me', ...options });
          }
          public static deleteUser(options: Options<usersDeleteUserData>) {
            return (options.client ?? client).delete({ responseType: 'json', url: '/api/v1/users/{user_id}', ...options });
          }
        }
    """}) == [
        ("DELETE", "/api/v1/users/{}", "openapi", True),
        ("GET", "/api/v1/users/me", "openapi", True),
    ]
