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


ORVAL_MUTATOR = """
    import Axios, { AxiosError, AxiosRequestConfig } from 'axios';

    export const AXIOS_INSTANCE = Axios.create({ baseURL: import.meta.env.VITE_API_URL ?? '/api' });

    export const customInstance = <T>(config: AxiosRequestConfig, options?: AxiosRequestConfig): Promise<T> => {
      const source = Axios.CancelToken.source();
      const promise = AXIOS_INSTANCE({
        ...config,
        ...options,
        cancelToken: source.token,
      }).then(({ data }) => data);
      // @ts-ignore
      promise.cancel = () => {
        source.cancel('Query was cancelled');
      };
      return promise;
    };
"""

ORVAL_ENDPOINTS = """
    import { customInstance } from '../mutator/custom-instance';
    type SecondParameter<T extends (...args: any) => any> = Parameters<T>[1];

    export const listPets = (params?: ListPetsParams, options?: SecondParameter<typeof customInstance>) => {
      return customInstance<Pets>({ url: `/pets`, method: 'GET', params }, options);
    };

    export const createPets = (createPetsBody: CreatePetsBody, options?: SecondParameter<typeof customInstance>) => {
      return customInstance<void>(
        { url: `/pets`, method: 'POST', headers: { 'Content-Type': 'application/json' }, data: createPetsBody },
        options,
      );
    };

    export const showPetById = (petId: string, options?: SecondParameter<typeof customInstance>) => {
      return customInstance<Pet>({ url: `/pets/${petId}`, method: 'GET' }, options);
    };

    export const deletePet = (petId: string) => customInstance<void>({ url: `/pets/${petId}`, method: 'DELETE' });
"""


def test_orval_endpoints_through_a_custom_axios_mutator():
    assert calls_of({"src/api/mutator/custom-instance.ts": ORVAL_MUTATOR,
                     "src/api/endpoints/petstore.ts": ORVAL_ENDPOINTS}) == [
        ("DELETE", "/api/pets/{}", "axios", True),
        ("GET", "/api/pets", "axios", True),
        ("GET", "/api/pets/{}", "axios", True),
        ("POST", "/api/pets", "axios", True),
    ]


def test_the_mutator_body_is_not_a_call_of_its_own():
    # a plain wrapper: its requests are its call sites (none here: called out of sight)
    from tests.conftest import build_index

    a = build_index({"src/api/mutator/custom-instance.ts": ORVAL_MUTATOR}).analysis()
    assert [(c.path, c.resolved) for c in a.calls] == []


def test_openapi_fetch_and_openapi_react_query():
    assert calls_of({"src/lib/api.ts": """
        import createFetchClient from 'openapi-fetch';
        import createClient from 'openapi-react-query';
        import type { paths } from './schema';

        export const fetchClient = createFetchClient<paths>({ baseUrl: '/api/v1/' });
        export const $api = createClient(fetchClient);

        export async function getPost(postId: string) {
          const { data, error } = await fetchClient.GET('/blogposts/{post_id}', {
            params: { path: { post_id: postId } },
          });
          return data;
        }
        export const createPost = (body) => fetchClient.POST('/blogposts', { body });
    """, "src/components/Posts.tsx": """
        import { $api } from '../lib/api';
        export function Posts() {
          const { data } = $api.useQuery('get', '/blogposts');
          const { mutate } = $api.useMutation('delete', '/blogposts/{post_id}');
          return null;
        }
    """}) == [
        ("DELETE", "/api/v1/blogposts/{}", "openapi", True),
        ("GET", "/api/v1/blogposts", "openapi", True),
        ("GET", "/api/v1/blogposts/{}", "openapi", True),
        ("POST", "/api/v1/blogposts", "openapi", True),
    ]
