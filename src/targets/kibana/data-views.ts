// The data views (index-patterns) of a dashboard. Each source has one shared by every dashboard
// of the space (its id comes from the source alone, its content is the same everywhere), and,
// when Lens panels parse text, a second one of the dashboard's own with their Painless runtime
// fields: a data view import replaces the whole object, so shared runtime fields would be lost
// whenever another dashboard of the source was imported.

import type { SourceDef } from '../../model/source-types.js';
import type { RuntimeField } from '../../query/outputs.js';
import { dataViewId, runtimeDataViewId } from './ids.js';
import type { SavedObject } from './saved-object.js';
import { MIGRATION_VERSIONS } from './versions.js';

interface Entry {
  readonly id: string;
  readonly name: string;
  readonly source: SourceDef;
  readonly runtime: Map<string, RuntimeField>;
}

export class DataViews {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly space: string,
    private readonly dashboard: { readonly uid: string; readonly title: string },
  ) {}

  /** The data view id for `source`: the shared one, or the dashboard's own when runtime fields are needed. */
  use(source: SourceDef, runtimeFields: readonly RuntimeField[] = []): string {
    const own = runtimeFields.length > 0;
    const key = `${own ? 'own' : 'shared'}:${source.id}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const name = source.title ?? source.elastic!.dataView;
      entry = own
        ? { id: runtimeDataViewId(this.space, this.dashboard.uid, source.id), name: `${name} (parsed fields of ${this.dashboard.title})`, source, runtime: new Map() }
        : { id: dataViewId(this.space, source.id), name, source, runtime: new Map() };
      this.entries.set(key, entry);
    }
    // The printer names runtime fields after a hash of their definition, so a name means one script.
    for (const f of runtimeFields) if (!entry.runtime.has(f.name)) entry.runtime.set(f.name, f);
    return entry.id;
  }

  /** The index-pattern saved objects, in order of first use. */
  objects(): SavedObject[] {
    return [...this.entries.values()].map(({ id, name, source, runtime }) => {
      const binding = source.elastic!;
      const runtimeFieldMap = Object.fromEntries([...runtime.values()].map((f) => [f.name, { type: f.type, script: { source: f.script } }]));
      return {
        id,
        type: 'index-pattern',
        coreMigrationVersion: MIGRATION_VERSIONS.core,
        typeMigrationVersion: MIGRATION_VERSIONS.indexPattern,
        attributes: {
          title: binding.dataView,
          name,
          timeFieldName: binding.timeField ?? '@timestamp',
          // The data view saved object keeps these as JSON strings.
          fields: JSON.stringify([]),
          fieldFormatMap: JSON.stringify({}),
          fieldAttrs: JSON.stringify({}),
          runtimeFieldMap: JSON.stringify(runtimeFieldMap),
          sourceFilters: JSON.stringify([]),
        },
        references: [],
      };
    });
  }
}
