// `polydash preview`: serve every dashboard drawn from sample events on 127.0.0.1, or write
// the same pages as static files with --static.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { eventTime } from '../../preview/eval/time.js';
import { DEFAULT_EVENTS_DIR } from '../../preview/events/load.js';
import type { NowSetting, Snapshot } from '../../preview/snapshot.js';
import { formatIssue } from '../format.js';

export interface PreviewArgs {
  readonly cwd?: string;
  readonly files?: readonly string[];
  readonly port?: number;
  readonly open?: boolean;
  readonly static?: string;
  readonly events?: string;
  readonly now?: string;
}

export function parseNow(text: string | undefined): NowSetting {
  if (text === undefined || text === 'latest') return 'latest';
  if (text === 'clock') return 'clock';
  const t = eventTime(text);
  if (typeof t === 'string') throw new UserError(`--now: expected latest, clock or an ISO-8601 time with a zone; ${t}`);
  return t;
}

/** Every problem of a snapshot, one block each, for the terminal. */
export function snapshotProblems(s: Snapshot): string[] {
  return [
    ...s.problems.map(formatIssue),
    ...s.dashboards.flatMap((d) => d.issues.map(formatIssue)),
    ...[...s.events.values()].flatMap((e) => e.problems.map((p) => `${p.file}${p.line !== undefined ? `:${p.line}` : ''}\n  ${p.message}`)),
  ];
}

function summary(s: Snapshot): string {
  const problems = snapshotProblems(s);
  const head = `${s.dashboards.length} dashboard${s.dashboards.length === 1 ? '' : 's'}, now = ${new Date(s.now).toISOString()} (${s.nowSource})`;
  return problems.length ? `${head}; ${problems.length} problem${problems.length === 1 ? '' : 's'} (also shown on the pages):\n${problems.join('\n')}\n` : `${head}\n`;
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`polydash: could not open a browser; open ${url} yourself\n`));
  child.unref();
}

export default async function previewCommand(argv: PreviewArgs): Promise<number> {
  const root = path.resolve(argv.cwd ?? process.cwd());
  const options = { root, inputs: argv.files ?? [], eventsDir: argv.events ?? DEFAULT_EVENTS_DIR, now: parseNow(argv.now) };
  if (argv.static !== undefined) {
    const { writeStaticPreview } = await import('../../preview/static.js');
    const { snapshot, files } = await writeStaticPreview(options, argv.static);
    process.stdout.write(`Wrote ${files.length} files to ${argv.static}/ (open ${path.join(argv.static, 'index.html')}): ${summary(snapshot)}`);
    return snapshotProblems(snapshot).length ? 1 : 0;
  }
  const port = argv.port ?? 4321;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port: expected a port number, got ${argv.port}`);
  const { startPreviewServer } = await import('../../preview/server.js');
  let first = true;
  const server = await startPreviewServer({
    ...options,
    port,
    onSnapshot: (s) => {
      if (!first) process.stdout.write(`Reloaded: ${summary(s)}`);
      first = false;
    },
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new UserError(`port ${port} is in use; choose another with --port`);
    throw e;
  });
  process.stdout.write(`polydash preview on ${server.url} (Ctrl-C to stop): ${summary(server.current())}`);
  if (argv.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
