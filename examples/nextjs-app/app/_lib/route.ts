// `_lib` is a private folder: nothing under it is routed, even a file named route.ts.
export function GET() {
  return new Response('never served');
}
