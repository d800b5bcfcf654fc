// A tiny static file server on 127.0.0.1 for the browser tests: `routes` maps a URL prefix
// to a directory; .wasm is served as application/wasm (so instantiateStreaming works).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/**
 * @param {Record<string, string>} routes e.g. { '/pkg/': '/abs/dir', '/': '/abs/site' } (longest prefix wins)
 * @param {{ pages?: Record<string, string>, headers?: Record<string, string> }} [extra] fixed HTML pages by path; headers on every answer
 * @returns {Promise<{ url: string, close(): Promise<void>, requests: string[] }>}
 */
export async function startStaticServer(routes, extra = {}) {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(pathname);
    const headers = { 'cache-control': 'no-store', ...(extra.headers ?? {}) };
    if (extra.pages && pathname in extra.pages) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
      res.end(extra.pages[pathname]);
      return;
    }
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    if (!prefix) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    const dir = routes[prefix];
    const file = path.join(dir, pathname.slice(prefix.length) || 'index.html');
    if (!file.startsWith(dir)) {
      res.writeHead(403, headers).end('forbidden');
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
