// `polydash preview`: a local web server (127.0.0.1 only) showing every dashboard drawn from
// its sample events. It watches the definitions and the events, takes a new snapshot when
// they change and tells open pages to reload (Server-Sent Events). A definition that does not
// load or validate is shown as its located errors; the server keeps running.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { escapeHtml } from '../render/markdown.js';
import { type Asset, loadAssets } from './assets.js';
import { type PageOptions, renderDashboard, renderIndex } from './page.js';
import { type PreviewOptions, type Snapshot, takeSnapshot } from './snapshot.js';
import { type Watcher, watchFolders } from './watch.js';

export interface ServerOptions extends PreviewOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Watch the definitions and events and reload open pages (default true). */
  readonly watch?: boolean;
  /** Told about every new snapshot, e.g. to print its problems. */
  readonly onSnapshot?: (s: Snapshot) => void;
}

export interface PreviewServer {
  readonly url: string;
  current(): Snapshot;
  /** Takes a new snapshot now (what a change on disk does after a short pause). */
  refresh(): Promise<Snapshot>;
  close(): Promise<void>;
}

const HTML_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const DEBOUNCE_MS = 150;
const KEEPALIVE_MS = 25_000;

export async function startPreviewServer(options: ServerOptions): Promise<PreviewServer> {
  let snapshot = await takeSnapshot(options, 1);
  options.onSnapshot?.(snapshot);
  const pageOptions: PageOptions = { live: true, eventsDir: options.eventsDir };
  const clients = new Set<http.ServerResponse>();
  let assets: Promise<Asset[]> | undefined;

  // Snapshots are taken one at a time; a change during one schedules exactly one more.
  let running: Promise<Snapshot> | undefined;
  let again = false;
  const refresh = async (): Promise<Snapshot> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          snapshot = await takeSnapshot(options, snapshot.generation + 1);
        } catch (e) {
          const message = `internal error while loading (please report it): ${(e as Error).stack ?? String(e)}`;
          snapshot = { ...snapshot, generation: snapshot.generation + 1, problems: [{ file: 'polydash', message }] };
        }
        options.onSnapshot?.(snapshot);
        for (const c of clients) c.write(`event: snapshot\ndata: ${snapshot.generation}\n\n`);
      } while (again);
      return snapshot;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
    res.end(body);
  };
  const sendHtml = (res: http.ServerResponse, status: number, html: string): void => send(res, status, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': HTML_POLICY });

  const server = http.createServer((req, res) => {
    void (async () => {
      const port = (server.address() as AddressInfo).port;
      // Only this machine's names: a page elsewhere cannot reach the preview by DNS rebinding.
      if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) return send(res, 421, 'text/plain; charset=utf-8', 'unexpected Host header\n');
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { Allow: 'GET, HEAD' });
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (pathname === '/' || pathname === '/index.html') return sendHtml(res, 200, renderIndex(snapshot, pageOptions));
      if (pathname === '/events') return openEventStream(res);
      const page = /^\/d\/([^/]+)\.html$/.exec(pathname);
      if (page) {
        const { status, html } = await renderDashboard(snapshot, page[1]!, pageOptions);
        return sendHtml(res, status, html);
      }
      const asset = /^\/assets\/([\w.-]+)$/.exec(pathname);
      if (asset) {
        const found = (await (assets ??= loadAssets())).find((a) => a.name === asset[1]);
        if (found) return send(res, 200, found.type, found.body);
      }
      send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    })().catch((e: unknown) => {
      // A failure while serving one request is shown to that request; the server goes on.
      if (res.headersSent) return res.end();
      assets = undefined;
      sendHtml(res, 500, `<!doctype html><meta charset="utf-8"><title>preview error</title><pre>${escapeHtml((e as Error).stack ?? String(e))}</pre>`);
    });
  });

  const openEventStream = (res: http.ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`retry: 1000\nevent: snapshot\ndata: ${snapshot.generation}\n\n`);
    clients.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    res.on('close', () => {
      clearInterval(keepAlive);
      clients.delete(res);
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  let watcher: Watcher | undefined;
  if (options.watch !== false) {
    let timer: NodeJS.Timeout | undefined;
    // Definitions import their sources from elsewhere under dashboards/: always watch it all.
    const inputDirs = options.inputs.map((i) => (path.extname(i) ? path.dirname(i) : i));
    const folders = [...new Set(['dashboards', ...inputDirs, options.eventsDir].map((d) => path.resolve(options.root, d)))];
    watcher = await watchFolders(folders, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), DEBOUNCE_MS);
    });
  }

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    current: () => snapshot,
    refresh,
    close: async () => {
      watcher?.close();
      for (const c of clients) c.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // idle keep-alive connections would hold close() open
      await closed;
    },
  };
}
