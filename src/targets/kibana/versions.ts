// Which Kibana versions the saved objects are for. Every object is written in the oldest
// format that Kibana 8.11 and later import (the migration versions below), so the choice of
// version changes no object's shape: it decides which features a panel may rely on. A panel
// that needs a newer version falls back to another form, or says why it cannot be shown.
//
// Supported: Kibana 8.11 (the first with ES|QL) through every 9.x. What each version adds:
//   8.11       Lens (formBased and ES|QL textBased), options-list controls, saved searches
//   8.12       saved searches keep their sample size (event-list limits are exact)
//   8.14       ES|QL BUCKET (time buckets in ES|QL panels)
//   8.16       ES|QL MATCH and QSTR (keyword search), the ?_tstart/?_tend time parameters
//   8.19, 9.1  ES|QL MATCH_PHRASE (9.0 does not have it)
//   9.0        ES|QL KQL()

import { UserError } from '../../errors.js';
import { lexEsql } from '../../query/printers/esql-lexer.js';

export interface KibanaVersion {
  readonly major: number;
  readonly minor: number;
}

export const SUPPORTED_RANGE = 'Kibana 8.11 through 9.x';
/** The last 8.x minor: it has every ES|QL function polydash prints, and 9.x imports its objects. */
export const DEFAULT_VERSION = '8.19';

/**
 * Migration versions of what this target writes: the lowest versions whose format the objects
 * have (vendor-formats.md §2.2). Real 8.8+ exports carry the same: core 8.8.0, dashboard 8.9.0
 * (attribute schema v1, no sections), index-pattern and search 8.0.0. A search that keeps a
 * sample size has the saved-search model version 1 format (virtual version 10.1.0, Kibana 8.12).
 */
export const MIGRATION_VERSIONS = {
  core: '8.8.0',
  dashboard: '8.9.0',
  indexPattern: '8.0.0',
  search: '8.0.0',
  searchWithSampleSize: '10.1.0',
} as const;

export function parseKibanaVersion(text: string | undefined): KibanaVersion {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(text ?? DEFAULT_VERSION);
  const v = m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
  if (!v || v.major < 8 || (v.major === 8 && v.minor < 11) || v.major > 9) {
    throw new UserError(`--kibana-version ${JSON.stringify(text)}: expected a Kibana version from 8.11 to 9.x, e.g. 8.19 or 9.1`);
  }
  return v;
}

export function formatVersion(v: KibanaVersion): string {
  return `${v.major}.${v.minor}`;
}

/** A feature a panel may need, with the versions that have it. */
export interface Feature {
  readonly what: string;
  /** For people: "8.16", or "8.19 (8.x) / 9.1 (9.x)". */
  readonly since: string;
  available(v: KibanaVersion): boolean;
}

const since = (what: string, major: number, minor: number): Feature => ({
  what,
  since: `${major}.${minor}`,
  available: (v) => v.major > major || (v.major === major && v.minor >= minor),
});

export const FEATURES = {
  sampleSize: since('a saved search sample size', 8, 12),
  esqlBucket: since('the ES|QL BUCKET function', 8, 14),
  esqlMatch: since('the ES|QL MATCH function', 8, 16),
  esqlQstr: since('the ES|QL QSTR function', 8, 16),
  esqlTimeParams: since('the ES|QL time parameters ?_tstart and ?_tend', 8, 16),
  esqlMatchPhrase: {
    what: 'the ES|QL MATCH_PHRASE function',
    since: '8.19 (8.x) or 9.1 (9.x)',
    available: (v: KibanaVersion) => (v.major === 8 && v.minor >= 19) || (v.major === 9 && v.minor >= 1) || v.major > 9,
  },
  esqlKql: since('the ES|QL KQL function', 9, 0),
} satisfies Record<string, Feature>;

const ESQL_FUNCTIONS: Readonly<Record<string, Feature>> = {
  BUCKET: FEATURES.esqlBucket,
  MATCH: FEATURES.esqlMatch,
  MATCH_PHRASE: FEATURES.esqlMatchPhrase,
  QSTR: FEATURES.esqlQstr,
  KQL: FEATURES.esqlKql,
};

/**
 * The version-dependent features an ES|QL query uses: function calls and Kibana's time
 * parameters, found by lexing (a function name inside a string literal does not count).
 * A query the lexer cannot read (a hand-written one) is taken to need nothing.
 */
export function esqlFeatures(esql: string): readonly Feature[] {
  let features = featuresOf.get(esql);
  if (!features) {
    // Dashboards built from one template repeat the same queries; forget them now and then.
    if (featuresOf.size >= 10_000) featuresOf.clear();
    featuresOf.set(esql, (features = lexFeatures(esql)));
  }
  return features;
}

const featuresOf = new Map<string, Feature[]>();

function lexFeatures(esql: string): Feature[] {
  let tokens;
  try {
    tokens = lexEsql(esql);
  } catch {
    return [];
  }
  const found = new Set<Feature>();
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.kind === 'word' && next?.kind === 'punct' && next.text === '(') {
      const f = ESQL_FUNCTIONS[t.text.toUpperCase()];
      if (f) found.add(f);
    }
    if (t.kind === 'param' && (t.value === '_tstart' || t.value === '_tend')) found.add(FEATURES.esqlTimeParams);
  });
  return [...found];
}

/** The features of `needed` that version `v` lacks. */
export function missingFeatures(needed: readonly Feature[], v: KibanaVersion): Feature[] {
  return needed.filter((f) => !f.available(v));
}
