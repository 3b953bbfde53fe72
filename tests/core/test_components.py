"""Components as wrappers: a React, Vue or Svelte component whose prop flows into a
request makes a call wherever it is rendered with that prop, reported on the usage's
attribute; the component's own request with the unknown prop is not reported apart."""

from __future__ import annotations

import textwrap

from routelink.extract import extract_file
from routelink.facts import Arg, Lit, Obj, Ref
from tests.conftest import build_index

BACKEND = {
    "api/server.js": """
        const express = require('express');
        const app = express();
        app.get('/api/companies/', listCompanies);
        app.get('/api/contacts', listContacts);
        app.get('/api/users/:id/orders', listOrders);
        app.get('/api/tags', listTags);
        app.listen(3000);
    """,
}


def calls(index):
    """(file name, 1-based line, column, method, path, resolved, linked route paths)."""
    a = index.analysis()
    return sorted(
        (c.file.rsplit("/", 1)[-1], c.span.line + 1, c.span.column, c.method, c.path, c.resolved,
         tuple(a.routes[r].path for r in m.routes))
        for c, m in zip(a.calls, a.matches))


def findings(index, code):
    return sorted((f.file.rsplit("/", 1)[-1], f.span.line + 1, f.message)
                  for f in index.analysis().findings if f.code == code)


def line_of(files, name, needle):
    """1-based line and 0-based column of ``needle`` in ``files[name]`` (dedented)."""
    text = textwrap.dedent(files[name])
    start = text.index(needle)
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start) - 1


# ---------------------------------------------------------------------- React

REACT = {
    **BACKEND,
    "web/src/components/DataTable.tsx": """
        import { useEffect, useState } from 'react';

        type Props = { url: string; title?: string; pageSize?: number };

        export default function DataTable({ url, title, pageSize = 25 }: Props) {
          const [rows, setRows] = useState<any[]>([]);
          useEffect(() => {
            fetch(`${url}?page_size=${pageSize}`)
              .then((res) => res.json())
              .then((data) => setRows(data.results));
          }, [url, pageSize]);
          return (
            <table>
              <caption>{title}</caption>
              <tbody>{rows.map((r) => <tr key={r.id}><td>{r.name}</td></tr>)}</tbody>
            </table>
          );
        }
    """,
    "web/src/components/UserOrders.tsx": """
        import DataTable from './DataTable';

        export const UserOrders = (props: { userId: string; base: string }) => (
          <DataTable title="Orders" url={`${props.base}/users/${props.userId}/orders`} />
        );
    """,
    "web/src/pages/Companies.tsx": """
        import { useState } from 'react';
        import DataTable from '../components/DataTable';
        import { UserOrders } from '../components/UserOrders';

        export function Companies({ userId }: { userId: string }) {
          const [next, setNext] = useState<string>('');
          return (
            <div>
              <DataTable url="/api/companies/" title="Companies" />
              <DataTable
                title="Contacts"
                url={'/api/contacts'}
              />
              <DataTable url={next} />
              <UserOrders base="/api" userId={userId} />
            </div>
          );
        }
    """,
}


def test_react_component_rendered_twice_makes_two_calls_at_its_usages():
    index = build_index(REACT)
    got = calls(index)
    url1 = line_of(REACT, "web/src/pages/Companies.tsx", 'url="/api/companies/"')
    url2 = line_of(REACT, "web/src/pages/Companies.tsx", "url={'/api/contacts'}")
    assert ("Companies.tsx", *url1, "GET", "/api/companies/", True, ("/api/companies",)) in got
    assert ("Companies.tsx", *url2, "GET", "/api/contacts", True, ("/api/contacts",)) in got


def test_react_usage_with_an_unknown_prop_is_one_unresolved_call_there():
    index = build_index(REACT)
    line, col = line_of(REACT, "web/src/pages/Companies.tsx", "url={next}")
    unresolved = findings(index, "unresolved-call")
    assert [u for u in unresolved if u[0] == "Companies.tsx"] == [
        ("Companies.tsx", line,
         "The URL `next` could not be resolved statically: it holds prop 'url' of "
         "<DataTable>, which is given a value here that routelink cannot follow, so this GET "
         "call was not checked")]
    # the component's own request (its URL is the prop) is not reported apart
    assert not [c for c in calls(index) if c[0] == "DataTable.tsx"]
    assert not [u for u in unresolved if u[0] == "DataTable.tsx"]


def test_react_component_passing_its_prop_on_is_a_wrapper_too():
    index = build_index(REACT)
    line, col = line_of(REACT, "web/src/pages/Companies.tsx", 'base="/api"')
    assert ("Companies.tsx", line, col, "GET", "/api/users/{}/orders", True,
            ("/api/users/{id}/orders",)) in calls(index)
    assert not [c for c in calls(index) if c[0] == "UserOrders.tsx"]


def test_react_component_nothing_renders_keeps_its_request_as_a_hint_naming_the_prop():
    alone = {k: v for k, v in REACT.items() if k.endswith("DataTable.tsx")}
    line, _ = line_of(alone, "web/src/components/DataTable.tsx", "fetch(")
    assert findings(build_index(alone), "unresolved-call") == [
        ("DataTable.tsx", line,
         "The URL `${url}?page_size=${pageSize}` could not be resolved statically: it comes "
         "from prop 'url' of <DataTable>, which no indexed code renders, so this GET call "
         "was not checked")]
    # rendered by a component nothing renders: the hint is at that component's usage
    files = {k: v for k, v in REACT.items() if not k.endswith("Companies.tsx")}
    line, _ = line_of(files, "web/src/components/UserOrders.tsx", "url={")
    assert findings(build_index(files), "unresolved-call") == [
        ("UserOrders.tsx", line,
         "The URL `${props.base}/users/${props.userId}/orders` could not be resolved "
         "statically: it comes from prop 'base' of <UserOrders>, which no indexed code "
         "renders, so this GET call was not checked")]


def test_a_prop_that_only_fills_a_hole_keeps_the_request_where_it_is_written():
    files = {
        **BACKEND,
        "web/src/UserPanel.jsx": """
            export function UserPanel({ id, feed }) {
              const load = () => fetch(`/api/users/${id}/orders`);
              const more = () => fetch(feed);
              return <button onClick={load}>{id}</button>;
            }
        """,
    }
    got = calls(build_index(files))
    assert ("UserPanel.jsx", 3, 21, "GET", "/api/users/{}/orders", True,
            ("/api/users/{id}/orders",)) in got


def test_jsx_usage_facts():
    src = b"""import DataTable from './DataTable';
const rest = { title: 'X' };
export const Page = () => <main><DataTable url="/api/x" {...rest} dense /><div id="x" /></main>;
"""
    facts = extract_file("/ws/src/Page.jsx", src)
    [site] = [c for c in facts.calls if c.callee == Ref("DataTable")]
    assert site.args == (Obj((("url", Lit("/api/x")), ("dense", Lit("true"))), (Ref("rest"),)),)
    assert (site.span.line, site.span.column, site.span.end_column) == (2, 43, 55)
    assert (site.url_span.column, site.url_span.end_column) == (47, 55)
    assert site.raw == '"/api/x"'


# ---------------------------------------------------------------------- Vue 3

VUE = {
    **BACKEND,
    "web/package.json": '{ "name": "web", "private": true }',
    "web/src/components/DataTable.vue": """
        <template>
          <div class="data-table">
            <table v-if="!loading">
              <tr v-for="row in rows" :key="row.id"><td>{{ row.name }}</td></tr>
            </table>
          </div>
        </template>

        <script setup lang="ts">
        import { ref, onMounted, watch } from 'vue'
        import axios from 'axios'

        interface Props {
          url: string
          pageSize?: number
        }
        const props = withDefaults(defineProps<Props>(), { pageSize: 20 })
        const rows = ref([])
        const loading = ref(false)

        async function load(page = 1) {
          loading.value = true
          const { data } = await axios.get(props.url, { params: { page, page_size: props.pageSize } })
          rows.value = data.results
          loading.value = false
        }

        onMounted(load)
        watch(() => props.url, () => load())
        </script>

        <style scoped>
        .data-table { width: 100%; }
        </style>
    """,
    "web/src/components/TagList.vue": """
        <template>
          <ul><li v-for="t in tags" :key="t">{{ t }}</li></ul>
        </template>

        <script>
        export default {
          name: 'TagList',
          props: {
            endpoint: { type: String, required: true },
          },
          data() {
            return { tags: [] }
          },
          methods: {
            async fetchTags() {
              const res = await fetch(this.endpoint)
              this.tags = await res.json()
            },
          },
          mounted() {
            this.fetchTags()
          },
        }
        </script>
    """,
    "web/src/views/CompaniesView.vue": """
        <template>
          <section>
            <DataTable url="/api/companies/" />
            <data-table
              :url="'/api/users/' + userId + '/orders'"
              :page-size="50"
              @row-click="open"
            />
            <DataTable :url="contactsUrl" />
            <TagList endpoint="/api/tags" />
          </section>
        </template>

        <script setup lang="ts">
        import { computed } from 'vue'
        import { useRoute } from 'vue-router'
        import DataTable from '@/components/DataTable.vue'
        import TagList from '@/components/TagList.vue'

        const route = useRoute()
        const userId = route.params.id
        const contactsUrl = computed(() => `/api/contacts?owner=${userId}`)
        function open(row) {}
        </script>
    """,
}


def test_vue_script_setup_component_rendered_twice():
    index = build_index(VUE)
    got = calls(index)
    view = "web/src/views/CompaniesView.vue"
    first = line_of(VUE, view, 'url="/api/companies/"')
    second = line_of(VUE, view, ":url=\"'/api/users/'")
    assert ("CompaniesView.vue", *first, "GET", "/api/companies/", True, ("/api/companies",)) in got
    assert ("CompaniesView.vue", *second, "GET", "/api/users/{}/orders", True,
            ("/api/users/{id}/orders",)) in got


def test_vue_usage_with_an_unknown_prop_and_nothing_at_the_component():
    index = build_index(VUE)
    line, _ = line_of(VUE, "web/src/views/CompaniesView.vue", ':url="contactsUrl"')
    assert findings(index, "unresolved-call") == [
        ("CompaniesView.vue", line,
         "The URL `contactsUrl` could not be resolved statically: it holds prop 'url' of "
         "<DataTable>, which is given a value here that routelink cannot follow, so this GET "
         "call was not checked")]
    assert not [c for c in calls(index) if c[0] in ("DataTable.vue", "TagList.vue")]


def test_vue_options_api_component_reads_this_prop():
    index = build_index(VUE)
    line, col = line_of(VUE, "web/src/views/CompaniesView.vue", 'endpoint="/api/tags"')
    assert ("CompaniesView.vue", line, col, "GET", "/api/tags", True, ("/api/tags",)) in calls(index)


def test_vue_component_facts_keep_positions_of_the_file():
    text = textwrap.dedent(VUE["web/src/views/CompaniesView.vue"]).encode()
    facts = extract_file("/ws/web/src/views/CompaniesView.vue", text)
    sites = [c for c in facts.calls if c.callee in (Ref("DataTable"), Ref("TagList"))]
    assert [(c.callee.name, c.span.line, c.url_span.line, c.raw) for c in sites] == [
        ("DataTable", 3, 3, '"/api/companies/"'),
        ("DataTable", 5, 5, "'/api/users/' + userId + '/orders'"),
        ("DataTable", 9, 9, "contactsUrl"),
        ("TagList", 10, 10, '"/api/tags"'),
    ]
    # kebab-case props are camelCase; directives are not props
    assert sites[1].args[0].get("pageSize") == Lit("50")
    assert sites[1].args[0].get("onRowClick") is None
    component = extract_file("/ws/web/src/components/DataTable.vue",
                             textwrap.dedent(VUE["web/src/components/DataTable.vue"]).encode())
    [fn] = component.functions
    assert (fn.key, fn.params, fn.component) == ("<default>", ("props",), True)
    [get] = [c for c in component.calls if c.callee == Ref("axios", ("get",))]
    assert get.function == "<default>" and get.args[0] == Arg(0, None, ("url",))


def test_vue_props_by_name_in_the_template_and_destructured_props():
    files = {
        **BACKEND,
        "web/package.json": '{ "name": "web" }',
        "web/src/components/Paged.vue": """
            <script setup>
            const { source, size = 10 } = defineProps(['source', 'size'])
            const res = await fetch(`${source}?size=${size}`)
            </script>
        """,
        "web/src/components/UserOrders.vue": """
            <template>
              <Paged :source="`${base}/users/${userId}/orders`" />
            </template>
            <script setup lang="ts">
            import Paged from './Paged.vue'
            defineProps<{ base: string; userId: string }>()
            </script>
        """,
        "web/src/App.vue": """
            <template><user-orders base="/api" :user-id="me.id" /></template>
            <script setup>
            import UserOrders from './components/UserOrders.vue'
            import { useSession } from './session'
            const me = useSession()
            </script>
        """,
    }
    index = build_index(files)
    line, col = line_of(files, "web/src/App.vue", 'base="/api"')
    assert calls(index) == [("App.vue", line, col, "GET", "/api/users/{}/orders", True,
                             ("/api/users/{id}/orders",))]


# ---------------------------------------------------------------------- Svelte

SVELTE = {
    **BACKEND,
    "web/package.json": '{ "name": "web" }',
    "web/src/lib/DataTable.svelte": """
        <script lang="ts">
          import { onMount } from 'svelte';

          export let url: string;
          export let title = 'Items';
          let rows: any[] = [];

          onMount(async () => {
            const res = await fetch(url);
            rows = await res.json();
          });
        </script>

        <h2>{title}</h2>
        {#each rows as row}
          <p>{row.name}</p>
        {/each}
    """,
    "web/src/lib/Feed.svelte": """
        <script>
          let { source, limit = 10 } = $props();
          let items = $state([]);
          $effect(() => {
            fetch(`${source}?limit=${limit}`).then((r) => r.json()).then((d) => (items = d));
          });
        </script>
        <ul>{#each items as i}<li>{i}</li>{/each}</ul>
    """,
    "web/src/routes/+page.svelte": """
        <script>
          import DataTable from '$lib/DataTable.svelte';
          import Feed from '../lib/Feed.svelte';
          export let data;
          let picked = null;
        </script>

        <DataTable url="/api/companies/" title="Companies" />
        <DataTable url="/api/users/{data.user.id}/orders" />
        {#if data.tags}
          <Feed source="/api/tags" limit={5} />
        {/if}
        <DataTable url={picked} on:select={(e) => (picked = e.detail)} />
    """,
}


def test_svelte_components_export_let_and_props_rune():
    index = build_index(SVELTE)
    page = "web/src/routes/+page.svelte"
    got = calls(index)
    assert ("+page.svelte", *line_of(SVELTE, page, 'url="/api/companies/"'), "GET",
            "/api/companies/", True, ("/api/companies",)) in got
    assert ("+page.svelte", *line_of(SVELTE, page, 'url="/api/users/'), "GET",
            "/api/users/{}/orders", True, ("/api/users/{id}/orders",)) in got
    assert ("+page.svelte", *line_of(SVELTE, page, 'source="/api/tags"'), "GET",
            "/api/tags", True, ("/api/tags",)) in got
    line, _ = line_of(SVELTE, page, "url={picked}")
    assert findings(index, "unresolved-call") == [
        ("+page.svelte", line,
         "The URL `picked` could not be resolved statically: it holds prop 'url' of "
         "<DataTable>, which is given a value here that routelink cannot follow, so this GET "
         "call was not checked")]
    assert not [c for c in got if c[0] in ("DataTable.svelte", "Feed.svelte")]


# ---------------------------------------------------------------------- incremental


def test_editing_a_component_re_resolves_its_usages():
    index = build_index(VUE)
    path = "/ws/web/src/components/DataTable.vue"
    text = textwrap.dedent(VUE["web/src/components/DataTable.vue"])
    index.apply_changes({path: text.replace("axios.get(props.url,", "axios.get('/api/tags',").encode()})
    got = calls(index)
    assert [c for c in got if c[0] == "CompaniesView.vue" and c[4] != "/api/tags"] == []
    line, col = line_of(VUE, "web/src/components/DataTable.vue", "axios.get(")
    assert ("DataTable.vue", line, col, "GET", "/api/tags", True, ("/api/tags",)) in got
    fresh = build_index({**VUE, "web/src/components/DataTable.vue": text.replace(
        "axios.get(props.url,", "axios.get('/api/tags',")})
    assert index.snapshot() == fresh.snapshot()


def test_usage_reported_on_the_attribute_its_url_comes_from_and_empty_defaults():
    """Options API, the URL inside an object prop (`tableConfig.url`) whose default is a
    placeholder (''): a usage is reported on `:table-config`, never on `ref`/`title`."""
    files = {
        **BACKEND,
        "web/package.json": '{ "name": "web" }',
        "web/src/components/ListTable.vue": """
            <template><el-table :data="rows" /></template>
            <script>
            export default {
              name: 'ListTable',
              props: {
                title: { type: String, default: '' },
                tableConfig: { type: Object, default: () => ({}) },
                exportUrl: { type: String, default: '' },
              },
              data() {
                return { rows: [] }
              },
              methods: {
                load() {
                  this.$axios.get(this.tableConfig.url).then((res) => { this.rows = res })
                },
                exportAll() {
                  return this.$axios.post(this.exportUrl)
                },
              },
            }
            </script>
        """,
        "web/src/views/Users.vue": """
            <template>
              <ListTable ref="table" title="Tags" :table-config="{ url: '/api/tags' }" />
              <ListTable ref="other" title="Contacts" :table-config="tableConfig" />
            </template>
            <script>
            import ListTable from '@/components/ListTable.vue'
            export default {
              components: { ListTable },
              data() {
                return { tableConfig: { url: '/api/contacts' } }
              },
            }
            </script>
        """,
    }
    index = build_index(files)
    view = "web/src/views/Users.vue"
    first = line_of(files, view, ":table-config=\"{ url: '/api/tags' }\"")
    second = line_of(files, view, ':table-config="tableConfig"')
    got = [c for c in calls(index) if c[0] == "Users.vue"]
    assert ("Users.vue", *first, "GET", "/api/tags", True, ("/api/tags",)) in got
    # `tableConfig` is component state routelink does not follow: unresolved, on its attribute
    assert [f for f in findings(index, "unresolved-call") if f[0] == "Users.vue"] == [
        ("Users.vue", second[0], "The URL `tableConfig` could not be resolved statically: it "
                                 "holds prop 'tableConfig' of <ListTable>, which is given a "
                                 "value here that routelink cannot follow, so this GET call "
                                 "was not checked")]
    # `exportUrl` defaults to '': a placeholder, so exportAll's request belongs to the
    # usages, and those that do not give it do not make it (never a call to '/')
    assert len(got) == 2 and not [c for c in calls(index) if c[3] == "POST"]


def test_react_class_component_and_props_destructured_in_the_body():
    files = {
        **BACKEND,
        "web/src/components/DataTable.js": """
            import React, { Component } from 'react';
            import axios from 'axios';

            export default class DataTable extends Component {
              constructor(props) {
                super(props);
                this.state = { rows: [], page: 1, sorted: this.props.columns[0] };
              }

              componentDidMount() {
                this.fetchEntities();
              }

              fetchEntities() {
                const fetchUrl = `${this.props.url}?page=${this.state.page}`;
                axios.get(fetchUrl).then((res) => this.setState({ rows: res.data }));
              }

              render() {
                return <table>{this.state.rows.map((r) => <tr key={r.id} />)}</table>;
              }
            }
        """,
        "web/src/components/TagCloud.jsx": """
            import { useEffect, useState } from 'react';

            export default function TagCloud(props) {
              const { source, limit } = props;
              const [tags, setTags] = useState([]);
              useEffect(() => {
                fetch(`${source}?limit=${limit}`).then((r) => r.json()).then(setTags);
              }, [source, limit]);
              return <ul>{tags.map((t) => <li key={t}>{t}</li>)}</ul>;
            }
        """,
        "web/src/App.js": """
            import React, { Component } from 'react';
            import DataTable from './components/DataTable';
            import TagCloud from './components/TagCloud';

            export default class App extends Component {
              render() {
                const columns = ['id', 'name'];
                return (
                  <div>
                    <DataTable url="/api/contacts" columns={columns} />
                    <TagCloud source="/api/tags" limit={20} />
                  </div>
                );
              }
            }
        """,
    }
    index = build_index(files)
    app = "web/src/App.js"
    assert calls(index) == [
        ("App.js", *line_of(files, app, 'url="/api/contacts"'), "GET", "/api/contacts", True,
         ("/api/contacts",)),
        ("App.js", *line_of(files, app, 'source="/api/tags"'), "GET", "/api/tags", True,
         ("/api/tags",)),
    ]
    # the component's constructor read `this.props`: no fact keeps the props index
    facts = index.files["/ws/web/src/components/DataTable.js"].facts
    [cls] = facts.classes
    assert all(not isinstance(v, Arg) or v.index >= 0 for _, v in cls.fields)


def test_a_usage_whose_prop_reaches_a_fetch_and_a_link_keeps_the_fetch():
    """papermark: <ViewData viewData={viewData} /> renders <PDFViewer file={viewData.file} />
    (fetch(props.file)) and <LinkPreview linkUrl={viewData.file || ... || ""} /> (an
    <a href={linkUrl}>): the link, a navigation of the same method and path, must not take
    the place of the fetch and drop it with itself for want of evidence."""
    files = {
        **BACKEND,
        "web/src/components/PDFViewer.tsx": """
            import { useEffect } from 'react';
            export default function PDFViewer(props: any) {
              useEffect(() => {
                const load = async () => {
                  const response = await fetch(props.file);
                  return response.blob();
                };
                load();
              }, [props.file]);
              return <div className="pdf" />;
            }
        """,
        "web/src/components/LinkPreview.tsx": """
            export default function LinkPreview({ linkUrl, viewId }: { linkUrl: string; viewId?: string }) {
              const onClick = () => {
                if (viewId && linkUrl) {
                  fetch('/api/tags', { method: 'POST', body: JSON.stringify({ viewId, href: linkUrl }) });
                }
              };
              return linkUrl ? <a href={linkUrl} onClick={onClick}>{linkUrl}</a> : <span>No link</span>;
            }
        """,
        "web/src/components/ViewData.tsx": """
            import PDFViewer from './PDFViewer';
            import LinkPreview from './LinkPreview';
            export default function ViewData({ viewData, document }: any) {
              return viewData.fileType === 'link' ? (
                <LinkPreview linkUrl={viewData.file || document.versions[0]?.file || ''} viewId={viewData.viewId} />
              ) : (
                <PDFViewer file={viewData.file} viewId={viewData.viewId} />
              );
            }
        """,
        "web/src/pages/DocumentView.tsx": """
            import { useState } from 'react';
            import ViewData from '../components/ViewData';
            export default function DocumentView({ document }: any) {
              const [viewData, setViewData] = useState({ viewId: '' });
              const start = async () => {
                const response = await fetch('/api/contacts', { method: 'POST' });
                const { viewId, file, fileType } = await response.json();
                setViewData({ viewId, file, fileType });
              };
              return <div onClick={start}><ViewData viewData={viewData} document={document} /></div>;
            }
        """,
    }
    index = build_index(files)
    line, _ = line_of(files, "web/src/pages/DocumentView.tsx", "viewData={viewData}")
    assert [f for f in findings(index, "unresolved-call") if f[0] == "DocumentView.tsx"] == [
        ("DocumentView.tsx", line,
         "The URL `viewData` could not be resolved statically: it holds prop 'viewData' of "
         "<ViewData>, which is given a value here that routelink cannot follow, so this GET "
         "call was not checked")]
