"""tus-js-client: new Upload(file, { endpoint }) creates the upload with a POST."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_upload_posts_to_its_endpoint_and_links_to_a_next_route():
    index = build_index({
        "package.json": '{"name": "app", "dependencies": {"next": "14", "tus-js-client": "4"}}',
        ".env": "NEXT_PUBLIC_BASE_URL=http://localhost:3000\n",
        "pages/api/file/tus/[[...file]].ts": """
            export default function handler(req, res) { res.status(204).end(); }
        """,
        "lib/files/tus-upload.ts": """
            import * as tus from 'tus-js-client';
            export function resumableUpload({ file, onProgress }) {
              return new Promise((resolve, reject) => {
                const upload = new tus.Upload(file, {
                  endpoint: `${process.env.NEXT_PUBLIC_BASE_URL}/api/file/tus`,
                  retryDelays: [0, 3000, 5000],
                  metadata: { fileName: file.name, contentType: file.type },
                  onError: reject,
                  onSuccess: () => resolve(upload.url),
                });
                upload.start();
              });
            }
        """,
    })
    a = index.analysis()
    assert [(c.method, c.path, c.client, [a.routes[i].path for i in m.routes])
            for c, m in zip(a.calls, a.matches)] == [
        ("POST", "/api/file/tus", "tus-js-client", ["/api/file/tus"])]


def test_named_upload_import_and_resumed_upload_url():
    assert calls_of({"web/src/upload.js": """
        import { Upload } from 'tus-js-client';
        import { Upload as S3Upload } from '@aws-sdk/lib-storage';
        export const send = (file) => new Upload(file, { endpoint: '/files/' }).start();
        export const resume = (file, id) => new Upload(file, { uploadUrl: `/files/${id}` }).start();
        export const s3 = (params) => new S3Upload(params).done();
    """}) == [
        ("PATCH", "/files/{}", "tus-js-client", True),
        ("POST", "/files/", "tus-js-client", True),
    ]
