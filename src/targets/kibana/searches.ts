// Event lists are saved searches (Discover sessions), which dashboards embed by reference
// (`panelRefName`, as the sysdig integration export does): one `search` object per panel, KQL
// on the source's data view or an ES|QL query.

import type { Reference, SavedObject } from './saved-object.js';
import { MIGRATION_VERSIONS } from './versions.js';

export const SEARCH_INDEX_REFERENCE = 'kibanaSavedObjectMeta.searchSourceJSON.index';

export interface SavedSearchInput {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Columns shown beside the time; empty shows the whole document. */
  readonly columns: readonly string[];
  readonly query: { readonly kql: string } | { readonly esql: string };
  /** The data view searched; absent for a raw query that names none. */
  readonly dataViewId?: string;
  /** Newest first on this field (KQL searches). */
  readonly timeField?: string;
  /** The most events to load (kept only where Kibana has the setting, 8.12+). */
  readonly sampleSize?: number;
}

export function savedSearch(input: SavedSearchInput): SavedObject {
  const esql = 'esql' in input.query;
  const searchSource = {
    query: 'esql' in input.query ? { esql: input.query.esql } : { query: input.query.kql, language: 'kuery' },
    filter: [],
    ...(input.dataViewId ? { indexRefName: SEARCH_INDEX_REFERENCE } : {}),
  };
  const references: Reference[] = input.dataViewId ? [{ type: 'index-pattern', id: input.dataViewId, name: SEARCH_INDEX_REFERENCE }] : [];
  return {
    id: input.id,
    type: 'search',
    coreMigrationVersion: MIGRATION_VERSIONS.core,
    typeMigrationVersion: input.sampleSize !== undefined ? MIGRATION_VERSIONS.searchWithSampleSize : MIGRATION_VERSIONS.search,
    attributes: {
      title: input.title,
      description: input.description,
      columns: [...input.columns],
      // ES|QL sorts in the query; a KQL search lists events newest first.
      sort: !esql && input.timeField ? [[input.timeField, 'desc']] : [],
      grid: {},
      hideChart: false,
      isTextBasedQuery: esql,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
      ...(input.sampleSize !== undefined ? { sampleSize: input.sampleSize } : {}),
    },
    references,
  };
}
