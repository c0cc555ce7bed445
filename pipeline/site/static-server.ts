/**
 * A static file server on loopback: `commonplace-coop serve` (a local preview) and the browser tests.
 * A request it cannot make sense of gets 400 and the server goes on; it serves only regular files
 * whose real path is inside its folder (no `..`, encoded or not, and no symlink out of it).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pf_meta': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/** What a request asks for: a path under the served folder, or why the request is refused. */
export type RequestTarget = { ok: true; segments: string[] } | { ok: false; status: 400 | 405; reason: string };

/** Read a request line's method and target; never throws (pure, so each refusal is testable on its own). */
export function requestTarget(method: string | undefined, url: string | undefined): RequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'only GET and HEAD' };
  if (url === undefined || !url.startsWith('/')) return { ok: false, status: 400, reason: 'the target is not a path' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return { ok: false, status: 400, reason: 'the path is not valid percent-encoded UTF-8' };
  }
  // Decoding can bring back what the URL parser already resolved (%2e%2e is ".."), so the decoded segments are judged again.
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return { ok: false, status: 400, reason: 'the path leaves the site' };
  return { ok: true, segments };
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folder's 404 page (or a line saying so, when it has none). */
async function notFound(root: string, res: ServerResponse): Promise<void> {
  const page = await readFile(path.join(root, '404.html')).catch(() => Buffer.from('not found'));
  res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
}

/** Answer one request from `root` (a real path): the file, a refusal, or the 404 page. */
async function answer(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = requestTarget(req.method, req.url);
  if (!target.ok) {
    res.writeHead(target.status, { 'Content-Type': 'text/plain; charset=utf-8', ...(target.status === 405 ? { Allow: 'GET, HEAD' } : {}) }).end(`${target.reason}\n`);
    return;
  }
  let file = path.join(root, ...target.segments);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) file = path.join(file, 'index.html');
  // The real path, so a symlink inside the folder cannot serve what is outside it.
  const real = await realpath(file).catch(() => undefined);
  const realInfo = real === undefined ? undefined : await stat(real).catch(() => undefined);
  if (real === undefined || !isInside(root, real) || !realInfo?.isFile()) return notFound(root, res);
  const body = await readFile(real);
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(real)] ?? 'application/octet-stream', 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A server for `root` that answers 500 when a file cannot be read, and 400 to what Node's parser refuses. */
function previewServer(root: string): Server {
  const server = createServer((req, res) => {
    answer(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('the preview server could not read that file\n');
    });
  });
  // A request Node's HTTP parser refuses (a bad request line or header) gets 400, and only that connection closes.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

/** Serve `dir` on 127.0.0.1 (`port`, or a free one); resolves to the base URL and a close function. */
export async function serveStatic(dir: string, port = 0): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const root = await realpath(path.resolve(dir));
  const server = previewServer(root);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://127.0.0.1:${bound}`, server, close: () => new Promise((r) => server.close(() => r())) };
}
