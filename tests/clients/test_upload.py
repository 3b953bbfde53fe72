"""Upload components (naive-ui, Element Plus / Element UI, ant-design-vue, antd): the
files go to the ``action`` prop's URL with the ``method`` prop (POST)."""

from __future__ import annotations

from tests.conftest import build_index


def test_upload_components_in_vue_templates_and_jsx():
    index = build_index({
        "api/app.js": """
            const express = require('express');
            const app = express();
            app.post('/api/upload-image', upload);
            app.put('/api/avatar', avatar);
        """,
        "web/src/views/chat/index.vue": """
            <script setup lang="ts">
            import { NUpload } from 'naive-ui'
            const uploadHeaders = { Authorization: 'Bearer x' }
            </script>
            <template>
              <NUpload action="/api/upload-image" list-type="image" :headers="uploadHeaders" />
              <el-upload :action="'/api/avatar'" method="put" />
              <el-upload action="/api/files" :http-request="sendMyself" />
              <a-upload action="#" />
            </template>
        """,
        "web/src/Docs.jsx": """
            import { Upload } from 'antd';
            export default function Docs() {
              return <Upload action="/api/documents" name="file" />;
            }
        """,
    })
    a = index.analysis()
    got = sorted((c.method, c.path, c.client, c.raw) for c in a.calls)
    # a function prop sends the files itself; `#` is no URL
    assert got == [
        ("POST", "/api/documents", "upload", '"/api/documents"'),
        ("POST", "/api/upload-image", "upload", '"/api/upload-image"'),
        ("PUT", "/api/avatar", "upload", "'/api/avatar'"),
    ]
    assert [(f.code, f.message) for f in a.findings if f.code == "unmatched-call"] == [
        ("unmatched-call", "No route serves POST /api/documents")]
