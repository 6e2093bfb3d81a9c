// What the Kibana emulator stores: spaces and saved objects in their stored shape
// (`namespaces`, `updated_at`, `created_at`, `version`, `managed`, migration versions). Since
// 8.0 the share-capable types have ids unique across spaces, so objects are keyed by type:id
// over all spaces and each lives in exactly one space here.

import { clone } from './http-util.js';

export interface Reference {
  readonly type: string;
  readonly id: string;
  readonly name: string;
}

export interface SavedObject {
  type: string;
  id: string;
  namespaces: string[];
  originId?: string;
  attributes: Record<string, unknown>;
  references: Reference[];
  coreMigrationVersion: string;
  typeMigrationVersion: string;
  managed: boolean;
  created_at: string;
  updated_at: string;
  /** Elasticsearch's seq_no/primary_term, base64 of `[seq,term]` as Kibana encodes it. */
  version: string;
}

export interface KibanaSpace {
  readonly id: string;
  name: string;
  description?: string;
  color?: string;
  initials?: string;
  disabledFeatures: string[];
  readonly _reserved?: boolean;
}

/** Types the import accepts (the ones polydash writes, plus the usual companions). */
export const IMPORTABLE_TYPES = new Set(['dashboard', 'lens', 'index-pattern', 'visualization', 'search', 'tag', 'map']);

export const ICONS: Record<string, string> = {
  dashboard: 'dashboardApp',
  lens: 'lensApp',
  'index-pattern': 'indexPatternApp',
  visualization: 'visualizeApp',
  search: 'discoverApp',
  tag: 'tag',
  map: 'gisApp',
};

export function titleOf(o: { type: string; attributes?: Record<string, unknown> }): string | undefined {
  const a = o.attributes ?? {};
  const t = o.type === 'tag' ? a.name : a.title;
  return typeof t === 'string' ? t : undefined;
}

export function inSpace(o: SavedObject, space: string): boolean {
  return o.namespaces.includes(space) || o.namespaces.includes('*');
}

export class KibanaState {
  readonly spaces = new Map<string, KibanaSpace>();
  readonly objects = new Map<string, SavedObject>();
  private seq = 0;

  constructor(spaces: readonly string[], dataViews: readonly string[]) {
    this.spaces.set('default', { id: 'default', name: 'Default', description: 'This is your default space!', color: '#00bfb3', disabledFeatures: [], _reserved: true });
    for (const id of spaces) if (id !== 'default') this.addSpace({ id, name: id, disabledFeatures: [] });
    const t = new Date().toISOString();
    // Fleet-style data views (ids like `logs-*`) that dashboards commonly reference, shared to
    // all spaces (`namespaces: ['*']`) [inferred].
    for (const id of dataViews) {
      this.put({
        type: 'index-pattern',
        id,
        namespaces: ['*'],
        attributes: { title: id, name: id, timeFieldName: '@timestamp', fields: '[]', fieldFormatMap: '{}', runtimeFieldMap: '{}' },
        references: [],
        coreMigrationVersion: '8.8.0',
        typeMigrationVersion: '8.0.0',
        managed: true,
        created_at: t,
        updated_at: t,
        version: this.nextVersion(),
      });
    }
  }

  addSpace(space: KibanaSpace): void {
    this.spaces.set(space.id, space);
  }

  nextVersion(): string {
    return Buffer.from(JSON.stringify([++this.seq, 1])).toString('base64');
  }

  static key(type: string, id: string): string {
    return `${type}:${id}`;
  }

  /** The stored object, wherever it lives. */
  find(type: string, id: string): SavedObject | undefined {
    return this.objects.get(KibanaState.key(type, id));
  }

  /** A copy of the object if it is in this space. */
  get(type: string, id: string, space = 'default'): SavedObject | undefined {
    const o = this.find(type, id);
    return o && inSpace(o, space) ? clone(o) : undefined;
  }

  inSpace(space: string): SavedObject[] {
    return [...this.objects.values()].filter((o) => inSpace(o, space));
  }

  put(o: SavedObject): void {
    this.objects.set(KibanaState.key(o.type, o.id), o);
  }

  delete(type: string, id: string): void {
    this.objects.delete(KibanaState.key(type, id));
  }

  /**
   * An edit made in Kibana's UI: the attributes are changed and saved, which moves
   * `updated_at` and `version`.
   */
  editInUi(type: string, id: string, mutate: (attributes: Record<string, unknown>, object: SavedObject) => void, space = 'default'): SavedObject {
    const o = this.find(type, id);
    if (!o || !inSpace(o, space)) throw new Error(`no Kibana ${type} ${id} in space ${space}`);
    const attributes = clone(o.attributes);
    mutate(attributes, o);
    o.attributes = attributes;
    o.updated_at = new Date().toISOString();
    o.version = this.nextVersion();
    return clone(o);
  }
}
