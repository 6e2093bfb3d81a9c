// Variables inside raw queries. A raw query is kept as the product wrote it, so its variable
// references must name the variables polydash declares: a renamed variable (a name that is not
// a polydash identifier) is renamed in the text too, and a variable polydash cannot declare
// (free text, a datasource) is replaced by its default value, or the query is reported lost.

import type { ImportedDashboard, ImportedFile, ImportedPanel, ImportedVariable, Product } from './model.js';
import { identifierFor, unique } from './names.js';

/** Product variable name -> polydash identifier, for one dashboard. */
export function variableIdentifiers(variables: readonly ImportedVariable[]): Map<string, string> {
  const taken = new Set<string>();
  return new Map(variables.map((v) => [v.name, unique(identifierFor(v.name, 'variable'), taken)]));
}

interface Reference {
  readonly pattern: RegExp;
  /** The reference written for another name. */
  readonly write: (match: string, name: string) => string;
}

const REFERENCES: Partial<Record<Product, Reference>> = {
  sumologic: { pattern: /\{\{([A-Za-z0-9_]+)\}\}/g, write: (_m, n) => `{{${n}}}` },
  grafana: {
    pattern: /\$\{([A-Za-z0-9_]+)(?::[A-Za-z]+)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)\]\]/g,
    write: (m, n) => m.replace(/[A-Za-z0-9_]+(?=[:}\]]|$)/, n),
  },
  splunk: { pattern: /\$([A-Za-z0-9_.]+)(?:\|[a-z]+)?\$/g, write: (m, n) => m.replace(/^\$[A-Za-z0-9_.]+/, `$${n}`) },
};

const BUILT_IN = /^(__|time$|earliest$|latest$|env\.|row\.|click\.|result\.|job\.|form\.)/;

/**
 * Substitutes dropped variables (and reports unknown ones); with `rename`, also writes declared
 * variables by their polydash names. Renaming happens once, when the file is written.
 */
function rewrite(text: string, product: Product, d: ImportedDashboard, ids: ReadonlyMap<string, string>, rename = false): { text: string; missing: string[]; substituted: string[] } {
  const ref = REFERENCES[product];
  const missing: string[] = [];
  const substituted: string[] = [];
  if (!ref) return { text, missing, substituted };
  const out = text.replace(ref.pattern, (m: string, ...groups: unknown[]) => {
    const name = groups.slice(0, 3).find((g) => typeof g === 'string') as string | undefined;
    if (!name || BUILT_IN.test(name) || (product === 'splunk' && /\$\$/.test(m))) return m;
    const id = ids.get(name);
    if (id !== undefined) return id === name || !rename ? m : ref.write(m, id);
    const dropped = d.dropped?.find((x) => x.name === name);
    if (dropped?.value !== undefined) {
      substituted.push(`${name}=${JSON.stringify(dropped.value)}`);
      return dropped.value;
    }
    missing.push(name);
    return m;
  });
  return { text: out, missing, substituted };
}

function panelWithVariables(p: ImportedPanel, product: Product, d: ImportedDashboard, ids: ReadonlyMap<string, string>): ImportedPanel {
  const q = p.query;
  if (!q || q.kind !== 'raw') return p;
  const r = rewrite(q.text, product, d, ids);
  if (r.missing.length) {
    const why = `${q.why}; and it uses ${r.missing.map((m) => `${m}`).join(', ')}, which polydash cannot declare as a variable`;
    return { ...p, kind: 'text', query: { kind: 'lost', text: q.text, why } };
  }
  const lost = r.substituted.length ? [...p.lost, `variable reference ${r.substituted.join(', ')} (the default value is written in its place)`] : p.lost;
  return { ...p, lost, query: { ...q, text: r.text } };
}

/** Rewrites every raw query's variable references for the variables polydash declares. */
export function resolveRawVariables(file: ImportedFile): ImportedFile {
  return {
    ...file,
    dashboards: file.dashboards.map((d) => {
      const ids = variableIdentifiers(d.variables);
      return { ...d, panels: d.panels.map((p) => panelWithVariables(p, file.product, d, ids)) };
    }),
  };
}

/** A raw query's text with its variables named as polydash declares them. */
export function renameRawVariables(text: string, product: Product, d: ImportedDashboard): string {
  return rewrite(text, product, d, variableIdentifiers(d.variables), true).text;
}
