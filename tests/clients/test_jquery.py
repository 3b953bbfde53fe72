"""jQuery: $.ajax with settings (method or type), $.ajax(url, settings), $.get/$.post/
$.getJSON, the jQuery global and the jquery package, wrappers two levels deep."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_ajax_forms_and_shorthands():
    assert calls_of({"public/js/app.js": """
        $(function () {
          $('#save').on('click', function () {
            $.ajax({ url: '/api/notes', type: 'POST', data: $('#form').serialize() });
          });
          $.ajax({ url: '/api/notes/' + noteId, method: 'DELETE' }).done(refresh);
          $.ajax('/api/notes/' + noteId, { type: 'PUT', data: body });
          $.ajax({ url: '/api/notes', dataType: 'json' });
          $.get('/api/tags', { q: term }, render);
          $.post('/api/tags', { name: name });
          jQuery.getJSON('/api/stats');
          $.get({ url: '/api/me', cache: false });
          $('.note').fadeOut();
        });
    """}) == [
        ("DELETE", "/api/notes/{}", "jquery", True),
        ("GET", "/api/me", "jquery", True),
        ("GET", "/api/notes", "jquery", True),
        ("GET", "/api/stats", "jquery", True),
        ("GET", "/api/tags", "jquery", True),
        ("POST", "/api/notes", "jquery", True),
        ("POST", "/api/tags", "jquery", True),
        ("PUT", "/api/notes/{}", "jquery", True),
    ]


def test_imported_jquery_and_a_local_dollar_that_is_not_jquery():
    assert calls_of({"src/a.js": """
        import $ from 'jquery';
        export const load = () => $.getJSON('/api/items');
    """, "src/scrape.js": """
        const cheerio = require('cheerio');
        const $ = cheerio.load(html);
        export const title = () => $.get('/not-a-request');
    """}) == [("GET", "/api/items", "jquery", True)]


def test_wrappers_two_levels_deep_link_and_a_wrong_method_is_reported():
    index = build_index({
        "app.py": """
            from flask import Flask
            app = Flask(__name__)

            @app.route('/api/todos', methods=['GET', 'POST'])
            def todos():
                return []

            @app.route('/api/todos/<int:todo_id>', methods=['DELETE'])
            def todo(todo_id):
                return ''
        """,
        "static/js/api.js": """
            var API = '/api';
            function request(method, path, data) {
              return $.ajax({ url: API + path, type: method, contentType: 'application/json', data: JSON.stringify(data) });
            }
            function get(path) { return request('GET', path); }
            function post(path, data) { return request('POST', path, data); }
            function remove(path) { return request('DELETE', path); }

            function loadTodos() { return get('/todos'); }
            function addTodo(todo) { return post('/todos', todo); }
            function deleteTodo(id) { return remove('/todos/' + id); }
            function renameTodo(id, title) { return post('/todos/' + id, { title: title }); }
        """,
    })
    a = index.analysis()
    got = sorted((c.method, c.path, bool(m.routes)) for c, m in zip(a.calls, a.matches))
    assert got == [("DELETE", "/api/todos/{}", True), ("GET", "/api/todos", True),
                   ("POST", "/api/todos", True), ("POST", "/api/todos/{}", False)]
    assert [(f.code, f.span.line + 1) for f in a.findings if f.code == "method-mismatch"] == [
        ("method-mismatch", 13)]
