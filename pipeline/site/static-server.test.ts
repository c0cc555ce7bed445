import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTarget, serveStatic } from './static-server.ts';

let base: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let port: number;

/** A request sent as written: node:http does not resolve dot segments or re-encode the path, as fetch() would. */
function get(target: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Raw bytes on the socket, for request lines no HTTP client would send. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      answer += c;
    });
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'serve-'));
  // A sibling whose name starts with the site folder's: a prefix test on paths would let it through.
  await mkdir(path.join(base, 'site/poems'), { recursive: true });
  await mkdir(path.join(base, 'site-private'));
  await writeFile(path.join(base, 'site/index.html'), '<h1>home</h1>');
  await writeFile(path.join(base, 'site/poems/index.html'), '<h1>poems</h1>');
  await writeFile(path.join(base, 'site/404.html'), '<h1>nothing here</h1>');
  await writeFile(path.join(base, 'site-private/key.txt'), 'SECRET-KEY');
  await writeFile(path.join(base, 'outside.txt'), 'SECRET-OUTSIDE');
  await symlink(path.join(base, 'outside.txt'), path.join(base, 'site/leak.txt'));
  server = await serveStatic(path.join(base, 'site'));
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

describe('the preview server', () => {
  it('serves pages and folder indexes', async () => {
    expect(await get('/')).toEqual({ status: 200, body: '<h1>home</h1>' });
    expect(await get('/poems/')).toEqual({ status: 200, body: '<h1>poems</h1>' });
    expect(await get('/nope')).toEqual({ status: 404, body: '<h1>nothing here</h1>' });
  });

  it('answers 400 to a path that is not valid percent-encoding, and keeps serving', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/%ff')).status).toBe(400);
    expect((await get('/')).status).toBe(200);
  });

  it('never serves a file outside its folder through encoded dot segments, even a sibling folder sharing its name as a prefix', async () => {
    for (const target of ['/%2e%2e/site-private/key.txt', '/poems/%2E%2E/%2e%2e/outside.txt', '/..%2fsite-private%2fkey.txt', '/%2e%2e%5csite-private%5ckey.txt']) {
      const answer = await get(target);
      // The URL parser resolves %2e%2e itself (a 404 inside the folder); an encoded slash survives it and is refused.
      expect([400, 404], target).toContain(answer.status);
      expect(answer.body, target).not.toContain('SECRET');
    }
  });

  it('does not follow a symlink out of its folder', async () => {
    const answer = await get('/leak.txt');
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain('SECRET');
  });

  it('answers 405 to methods other than GET and HEAD, and HEAD without a body', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
    expect(await get('/', 'HEAD')).toEqual({ status: 200, body: '' });
  });

  it('answers 400 to a request line the HTTP parser refuses, and goes on serving others', async () => {
    expect(await raw('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('\u0001\u0002 garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect((await get('/')).status).toBe(200);
  });
});

describe('requestTarget', () => {
  it('splits a clean path into segments and refuses what leaves the folder', () => {
    expect(requestTarget('GET', '/poems/river/')).toEqual({ ok: true, segments: ['poems', 'river'] });
    expect(requestTarget('GET', '/a/%2e%2e/%2e%2e/etc')).toEqual({ ok: true, segments: ['etc'] });
    expect(requestTarget('GET', '/a/..%2f..%2fetc')).toMatchObject({ ok: false, status: 400 });
    expect(requestTarget('GET', '/a%00b')).toMatchObject({ ok: false, status: 400 });
    expect(requestTarget('GET', 'http://elsewhere/')).toMatchObject({ ok: false, status: 400 });
    expect(requestTarget('DELETE', '/')).toMatchObject({ ok: false, status: 405 });
  });
});
