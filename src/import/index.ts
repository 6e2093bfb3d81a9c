// `polydash import`: read a dashboard exported from a product, check what was understood against
// the real API, and write it as a TypeScript definition with a report of what was kept.

import { UserError } from '../errors.js';
import type { DashboardDef } from '../model/types.js';
import { checkImport } from './check.js';
import { detectProduct, parseDocument, type Parsed } from './detect.js';
import { printProgram } from './format.js';
import { readGrafana } from './grafana.js';
import { readKibana } from './kibana.js';
import type { ImportedFile, Product } from './model.js';
import { type ImportReport, reportOf, summary } from './report.js';
import { readSplunk } from './splunk.js';
import { readSumo } from './sumologic.js';
import { resolveRawVariables } from './variables.js';

export interface ImportOptions {
  /** The product; detected from the content when absent. */
  readonly from?: Product;
  /** Where the content came from, for the header of the generated file. */
  readonly origin: string;
}

export interface ImportResult {
  readonly product: Product;
  /** The TypeScript definition file. */
  readonly code: string;
  readonly report: ImportReport;
  /** The dashboards as the generated file defines them (already validated). */
  readonly definitions: readonly DashboardDef[];
  readonly file: ImportedFile;
}

/** The view name a Splunk file stands for: its file name without extensions. */
function baseName(origin: string): string {
  return (origin.split(/[\\/]/).pop() ?? origin).replace(/\..*$/, '');
}

export function readDocument(doc: Parsed, product: Product, name = ''): ImportedFile {
  switch (product) {
    case 'grafana':
      if (doc.kind !== 'json') throw new UserError('a Grafana dashboard is JSON');
      return readGrafana(doc.value as Record<string, unknown>);
    case 'sumologic':
      if (doc.kind !== 'json') throw new UserError('a Sumo Logic dashboard is JSON');
      return readSumo(doc.value as Record<string, unknown>);
    case 'kibana':
      if (doc.kind === 'xml') throw new UserError('a Kibana export is NDJSON or JSON');
      return readKibana(doc);
    case 'splunk':
      return readSplunk(doc, name);
  }
}

/** Imports one exported document. */
export function importDocument(text: string, options: ImportOptions): ImportResult {
  const doc = parseDocument(text);
  const product = options.from ?? detectProduct(doc);
  const read = readDocument(doc, product, baseName(options.origin));
  if (read.dashboards.length === 0) throw new UserError(`no dashboard found${read.notes.length ? `: ${read.notes.join('; ')}` : ''}`);
  const { file, program, defs } = checkImport(resolveRawVariables(read));
  const report = reportOf(file);
  const header = [
    `Imported with \`polydash import\` from ${options.origin} (${file.dashboards.map((d) => d.format).filter((f, i, a) => a.indexOf(f) === i).join(', ')}).`,
    `${summary(report.counts)}; the comments beside each panel say what differs and why.`,
  ];
  const code = printProgram(header, program.imports, program.statements);
  return { product, code, report, definitions: defs, file };
}
