// The query languages polydash prints, and which source binding each one reads.

import type { BindingProduct } from '../model/source-types.js';
import type { Diagnostic } from './fidelity.js';
import type { Query } from './nodes.js';
import { EsqlPrinter } from './printers/esql.js';
import { LensPrinter } from './printers/lens.js';
import { LogqlPrinter } from './printers/logql.js';
import { LucenePrinter } from './printers/lucene.js';
import { SplPrinter } from './printers/spl.js';
import { SumoPrinter } from './printers/sumo.js';

export interface LanguagePrinter {
  readonly product: BindingProduct;
  /** Key of this language in `raw({...})`. */
  readonly rawKey: string;
  /** Prints a mapped query; throws UnsupportedConstruct for what it cannot express. */
  print(query: Query): { output: string | object; diagnostics: readonly Diagnostic[] };
}

function printerFor(product: BindingProduct, rawKey: string, make: () => { print(q: Query): string | object; diagnosticsSoFar(): readonly Diagnostic[] }): LanguagePrinter {
  return {
    product,
    rawKey,
    print(query) {
      const printer = make();
      const output = printer.print(query);
      return { output, diagnostics: printer.diagnosticsSoFar() };
    },
  };
}

export const LANGUAGES = {
  sumologic: printerFor('sumologic', 'sumologic', () => new SumoPrinter()),
  splunk: printerFor('splunk', 'splunk', () => new SplPrinter()),
  'kibana-lens': printerFor('elastic', 'kql', () => new LensPrinter()),
  esql: printerFor('elastic', 'esql', () => new EsqlPrinter()),
  loki: printerFor('loki', 'logql', () => new LogqlPrinter()),
  'grafana-elasticsearch': printerFor('elastic', 'lucene', () => new LucenePrinter()),
} satisfies Record<string, LanguagePrinter>;

export type QueryLanguage = keyof typeof LANGUAGES;

export function isQueryLanguage(name: string): name is QueryLanguage {
  return Object.hasOwn(LANGUAGES, name);
}
