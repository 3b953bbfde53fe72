"""Value flow through functions declared in functions: their own parameters are bound
where they are called, the enclosing function's parameters where it is called
(closures: ``Arg.outer``, ``FuncRef.closure``)."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_hook_returning_api_class_over_returned_request_methods():
    # mealie: getRequests(axiosInstance) returns { async get(url) {...} } over the
    # axios instance it is given; a hook builds an API class around it
    assert calls_of({
        "src/api-client.ts": """
            import axios from 'axios';
            import { RecipeApi } from './recipes';

            function getRequests(axiosInstance) {
              return {
                async get(url, params = {}) {
                  const response = await axiosInstance.get(url, params);
                  return { response, data: response.data };
                },
                async del(url) {
                  return await axiosInstance.delete(url);
                },
              };
            }

            export const useRequests = function () {
              const http = axios.create({ baseURL: '/api' });
              return getRequests(http);
            };

            export const useRecipeApi = function () {
              const requests = useRequests();
              return new RecipeApi(requests);
            };
        """,
        "src/recipes.ts": """
            class BaseAPI {
              constructor(requests) {
                this.requests = requests;
              }
            }
            export class RecipeApi extends BaseAPI {
              async getOne(slug) {
                return await this.requests.get(`/recipes/${slug}`);
              }
              async remove(slug) {
                return await this.requests.del(`/recipes/${slug}`);
              }
            }
        """,
    }) == [
        ("DELETE", "/api/recipes/{}", "axios", True),
        ("GET", "/api/recipes/{}", "axios", True),
    ]


def test_returned_shorthand_function_reads_the_outer_parameter():
    # `return { get }` of a local function over the hook's client parameter
    assert calls_of({
        "src/useApi.js": """
            import axios from 'axios';
            export function useApi(client) {
              function get(path) { return client.get(path); }
              return { get };
            }
        """,
        "src/page.js": """
            import axios from 'axios';
            import { useApi } from './useApi';
            const { get } = useApi(axios.create({ baseURL: '/v1' }));
            get('/users');
        """,
    }) == [("GET", "/v1/users", "axios", True)]


def test_component_local_wrapper_is_bound_at_its_calls():
    # idurar: a wrapper declared inside a component, called in a useEffect
    index = build_index({
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/invoice/summary', (req, res) => res.json({}));
            app.listen(8888);
        """,
        "web/src/request.js": """
            import axios from 'axios';
            axios.defaults.baseURL = 'http://localhost:8888/api/';
            const request = {
              summary: ({ entity }) => axios.get(entity + '/summary'),
            };
            export default request;
        """,
        "web/src/Dashboard.jsx": """
            import { useEffect } from 'react';
            import request from './request';

            export default function Dashboard() {
              const getStatsData = ({ entity }) => request.summary({ entity });
              useEffect(() => {
                getStatsData({ entity: 'invoice' });
                getStatsData({ entity: 'quote' });
              }, []);
              return null;
            }
        """,
    })
    a = index.analysis()
    assert sorted((c.method, c.path, c.span.line) for c in a.calls) == [
        ("GET", "/api/invoice/summary", 7), ("GET", "/api/quote/summary", 8)]
    assert sorted((f.code, f.span.line) for f in a.findings if f.file.endswith("Dashboard.jsx")) == [
        ("unmatched-call", 8)]


def test_nested_handler_reads_a_prop_and_its_own_parameter():
    # the prop `base` flows from where <ItemList> is rendered, the parameter `path`
    # from where the handler is called; a handler only passed (onClick={remove})
    # keeps its request in the component, its own parameter a hole
    assert calls_of({
        "src/ItemList.jsx": """
            import { useEffect } from 'react';
            import axios from 'axios';

            export function ItemList({ base }) {
              const load = (path) => axios.get(base + path);
              const remove = (id) => axios.delete(`${base}/items/${id}`);
              useEffect(() => { load('/items'); }, []);
              return <button onClick={remove}>x</button>;
            }
        """,
        "src/App.jsx": """
            import { ItemList } from './ItemList';
            export function App() {
              return <ItemList base="/api/v2" />;
            }
        """,
    }) == [
        ("DELETE", "/api/v2/items/{}", "axios", True),
        ("GET", "/api/v2/items", "axios", True),
    ]


def test_local_function_guarded_path_given_null_is_reported_where_written():
    # `next({ next: null })`: the guarded request is not made by that call; the request
    # whose URL the server supplies stays an unresolved hint where it is written
    index = build_index({
        "src/Page.jsx": """
            import axios from 'axios';
            export function Page() {
              async function next(page) {
                return page.next ? axios.get(page.next) : null;
              }
              return <button onClick={() => next({ next: null })}>More</button>;
            }
        """,
    })
    a = index.analysis()
    assert [(f.code, f.span.line) for f in a.findings] == [("unresolved-call", 4)]
