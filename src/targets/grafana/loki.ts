// Loki datasource targets from the LogQL printer's output: one target per measure.

import type * as common from '@grafana/grafana-foundation-sdk/common';
import { loki } from './sdk.vendor.js';
import type { LokiOutput } from '../../query/outputs.js';

/** refIds A, B, ... Z, AA, ... */
export function refId(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : refId(Math.floor(i / 26) - 1) + refId(i % 26);
}

export function lokiTargets(output: LokiOutput, ds: common.DataSourceRef): loki.DataqueryBuilder[] {
  return output.targets.map((t, i) => {
    const target = new loki.DataqueryBuilder()
      .refId(refId(i))
      .datasource(ds)
      .expr(t.expr)
      .queryType(output.queryType)
      .editorMode(loki.QueryEditorMode.Code);
    if (output.step !== undefined) target.step(output.step);
    if (t.legendFormat !== undefined) target.legendFormat(t.legendFormat);
    if (output.maxLines !== undefined) target.maxLines(output.maxLines);
    return target;
  });
}

/**
 * The stream selector `{...}` that starts a printed log query, and what follows it. Strings
 * are skipped whole: `"..."` with backslash escapes, `` `...` `` raw.
 */
export function splitSelector(expr: string): { selector: string; rest: string } | undefined {
  if (!expr.startsWith('{')) return undefined;
  let quote: string | undefined;
  for (let i = 1; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}') return { selector: expr.slice(0, i + 1), rest: expr.slice(i + 1).trim() };
  }
  return undefined;
}
