// Kibana's saved-objects import and export, following the steps of Kibana's
// importSavedObjectsFromStream (vendor-formats.md §2.7): collect (unsupported types), validate
// references (missing_references), check conflicts in this space and across spaces (conflict,
// regenerated ids), check origin conflicts, then create what has no error. Per-object problems
// come back in a 200 answer; only a bad request as a whole throws ImportRequestError (400).

import { uuid } from './http-util.js';
import { ICONS, IMPORTABLE_TYPES, inSpace, KibanaState, type Reference, type SavedObject, titleOf } from './kibana-state.js';

export class ImportRequestError extends Error {}

export interface MigrationVersions {
  /** Kibana version: imported objects get it as `coreMigrationVersion`. */
  readonly kibanaVersion: string;
  /** Latest migration version per type: imported objects are raised to it. */
  readonly latest: Readonly<Record<string, string>>;
}

export interface ImportOptions {
  readonly overwrite: boolean;
  readonly createNewCopies: boolean;
  readonly maxObjects: number;
  readonly migrations: MigrationVersions;
  /** Reasons from the payload validator; `line <n>` ones belong to that line's object. */
  readonly validationReasons: readonly string[];
}

interface ImportError {
  type: string;
  id: string;
  title?: string;
  meta: { title?: string; icon?: string };
  error: Record<string, unknown>;
}

export interface ImportResponse {
  successCount: number;
  success: boolean;
  warnings: unknown[];
  successResults?: Record<string, unknown>[];
  errors?: ImportError[];
}

interface Incoming {
  readonly line: number;
  readonly obj: Record<string, unknown> & { type: string; id: string };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The NDJSON lines as objects; the `_export` summary line is skipped, like Kibana does. */
export function parseNdjson(text: string): Incoming[] {
  const out: Incoming[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      // createSavedObjectsStreamFromNdJson fails the request: the route answers 400.
      throw new ImportRequestError((e as Error).message);
    }
    if (isObject(value) && value.type === undefined && 'exportedCount' in value) return;
    out.push({ line: i + 1, obj: (isObject(value) ? value : {}) as Incoming['obj'] });
  });
  return out;
}

function errorFor(o: Incoming['obj'], error: Record<string, unknown>): ImportError {
  const title = titleOf(o as { type: string; attributes?: Record<string, unknown> });
  return { type: String(o.type), id: String(o.id), ...(title !== undefined ? { title } : {}), meta: { ...(title !== undefined ? { title } : {}), icon: ICONS[o.type] ?? 'apps' }, error };
}

/** Why Kibana's migrator would refuse this object, if it would. */
function migrationProblem(o: Incoming['obj'], m: MigrationVersions): string | undefined {
  const core = o.coreMigrationVersion;
  if (typeof core === 'string' && compareVersions(core, m.kibanaVersion) > 0) {
    return `Document "${o.id}" has property "coreMigrationVersion" which belongs to a more recent version of Kibana [${core}]. The last known version is [${m.kibanaVersion}]`;
  }
  const latest = m.latest[o.type];
  const typeVersion = o.typeMigrationVersion;
  if (latest && typeof typeVersion === 'string' && compareVersions(typeVersion, latest) > 0) {
    return `Document "${o.id}" belongs to a more recent version of Kibana [${typeVersion}] when the last known version is [${latest}].`;
  }
  return undefined;
}

export function importObjects(state: KibanaState, space: string, text: string, opts: ImportOptions): ImportResponse {
  const incoming = parseNdjson(text);
  if (incoming.length > opts.maxObjects) throw new ImportRequestError(`Can't import more than ${opts.maxObjects} objects`);
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const { obj } of incoming) {
    const k = KibanaState.key(String(obj.type), String(obj.id));
    if (seen.has(k)) dupes.add(k);
    seen.add(k);
  }
  if (dupes.size) throw new ImportRequestError(`Non-unique import objects detected: [${[...dupes].join(',')}]`);

  const errors: ImportError[] = [];
  const failed = new Set<Incoming>();
  const fail = (inc: Incoming, error: Record<string, unknown>) => {
    errors.push(errorFor(inc.obj, error));
    failed.add(inc);
  };

  // 1. collect: types Kibana does not import
  const collected = incoming.filter((inc) => {
    if (IMPORTABLE_TYPES.has(String(inc.obj.type))) return true;
    fail(inc, { type: 'unsupported_type' });
    return false;
  });
  const inFile = new Set(collected.map(({ obj }) => KibanaState.key(obj.type, obj.id)));

  // 2. references to objects neither in the file nor in this space
  for (const inc of collected) {
    const refs = Array.isArray(inc.obj.references) ? (inc.obj.references as Reference[]) : [];
    const missing = refs
      .filter((r) => isObject(r) && !inFile.has(KibanaState.key(r.type, r.id)) && !state.get(r.type, r.id, space))
      .map((r) => ({ type: r.type, id: r.id }));
    if (missing.length) fail(inc, { type: 'missing_references', references: missing });
  }

  // 3. conflicts; destinationId regenerates an id, omitOriginId drops the origin
  const destinations = new Map<string, { id: string; omitOriginId: boolean }>();
  const overwrites = new Set<string>();
  for (const inc of collected) {
    const { obj } = inc;
    const key = KibanaState.key(obj.type, obj.id);
    if (opts.createNewCopies) {
      destinations.set(key, { id: uuid(), omitOriginId: true });
      continue;
    }
    const existing = state.find(obj.type, obj.id);
    if (existing && inSpace(existing, space)) {
      if (opts.overwrite) overwrites.add(key);
      else fail(inc, { type: 'conflict' });
      continue;
    }
    if (existing) {
      // The id is taken in another space: an unresolvable conflict. checkConflicts gives the
      // object a new random id and keeps the old one as its origin (omitOriginId only with
      // createNewCopies); checkOriginConflicts below may then find an earlier copy by origin.
      destinations.set(key, { id: uuid(), omitOriginId: false });
    }
    // checkOriginConflicts: objects of this space whose id or originId is this object's origin.
    const origin = typeof obj.originId === 'string' ? obj.originId : obj.id;
    const matches = state.inSpace(space).filter((o) => o.type === obj.type && (o.originId === origin || o.id === origin));
    if (matches.length === 1) {
      const match = matches[0]!;
      if (opts.overwrite) {
        destinations.set(key, { id: match.id, omitOriginId: false });
        overwrites.add(key);
      } else fail(inc, { type: 'conflict', destinationId: match.id });
    } else if (matches.length > 1) {
      fail(inc, { type: 'ambiguous_conflict', destinations: matches.map((m) => ({ id: m.id, title: titleOf(m), updatedAt: m.updated_at })) });
    }
  }

  // 4. what the saved-objects repository would refuse (migrations, the payload validator)
  const byLine = new Map<number, string[]>();
  for (const reason of opts.validationReasons) {
    const m = /^line (\d+)\b/.exec(reason);
    if (m) byLine.set(Number(m[1]), [...(byLine.get(Number(m[1])) ?? []), reason]);
  }
  for (const inc of collected) {
    if (failed.has(inc)) continue;
    const problem = migrationProblem(inc.obj, opts.migrations) ?? byLine.get(inc.line)?.join('; ');
    if (problem) fail(inc, { type: 'unknown', message: problem, statusCode: 400 });
  }

  // 5. create what is left; references follow regenerated ids
  const now = new Date().toISOString();
  const successResults: Record<string, unknown>[] = [];
  for (const inc of collected) {
    if (failed.has(inc)) continue;
    const { obj } = inc;
    const key = KibanaState.key(obj.type, obj.id);
    const dest = destinations.get(key);
    const id = dest?.id ?? obj.id;
    const previous = state.find(obj.type, id);
    const originId = dest ? (dest.omitOriginId ? undefined : ((obj.originId as string | undefined) ?? obj.id)) : (obj.originId as string | undefined);
    const references = (Array.isArray(obj.references) ? (obj.references as Reference[]) : []).map((r) => {
      const d = destinations.get(KibanaState.key(r.type, r.id));
      return d ? { ...r, id: d.id } : r;
    });
    const latest = opts.migrations.latest[obj.type];
    const typeVersion = typeof obj.typeMigrationVersion === 'string' ? obj.typeMigrationVersion : '0.0.0';
    const stored: SavedObject = {
      type: obj.type,
      id,
      namespaces: [space],
      ...(originId !== undefined ? { originId } : {}),
      attributes: isObject(obj.attributes) ? obj.attributes : {},
      references,
      coreMigrationVersion: opts.migrations.kibanaVersion,
      typeMigrationVersion: latest && compareVersions(latest, typeVersion) > 0 ? latest : typeVersion,
      managed: obj.managed === true,
      // created_at survives an overwrite [unverified]
      created_at: previous?.created_at ?? now,
      updated_at: now,
      version: state.nextVersion(),
    };
    state.put(stored);
    const title = titleOf(stored);
    successResults.push({
      type: obj.type,
      id: obj.id,
      meta: { ...(title !== undefined ? { title } : {}), icon: ICONS[obj.type] ?? 'apps' },
      ...(dest && dest.id !== obj.id ? { destinationId: dest.id } : {}),
      ...(overwrites.has(key) ? { overwrite: true } : {}),
      managed: stored.managed,
    });
  }

  return {
    successCount: successResults.length,
    success: errors.length === 0,
    warnings: [],
    ...(successResults.length ? { successResults } : {}),
    ...(errors.length ? { errors } : {}),
  };
}

/** A stored object the way `_export` writes it: no `namespaces`, keys in alphabetical order. */
export function exportShape(o: SavedObject): Record<string, unknown> {
  const { namespaces: _namespaces, ...rest } = o;
  return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface ExportResult {
  readonly objects: SavedObject[];
  readonly missingReferences: { type: string; id: string }[];
}

/** Objects plus (deep) references, referenced objects first, like Kibana's sortObjects. */
export function collectExport(state: KibanaState, space: string, roots: SavedObject[], deep: boolean): ExportResult {
  const out: SavedObject[] = [];
  const done = new Set<string>();
  const missing: { type: string; id: string }[] = [];
  const visit = (o: SavedObject) => {
    const key = KibanaState.key(o.type, o.id);
    if (done.has(key)) return;
    done.add(key);
    if (deep) {
      for (const r of o.references) {
        const target = state.get(r.type, r.id, space);
        if (target) visit(target);
        else if (!missing.some((m) => m.type === r.type && m.id === r.id)) missing.push({ type: r.type, id: r.id });
      }
    }
    out.push(o);
  };
  roots.forEach(visit);
  return { objects: out, missingReferences: missing };
}
