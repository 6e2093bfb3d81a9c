import { DefinitionUsageError } from '../errors.js';
import { deepFreeze } from '../util/freeze.js';
import type { SourceDef } from './source-types.js';

export type SourceInput = Omit<SourceDef, 'kind' | 'fields'> & { readonly fields?: SourceDef['fields'] };

/**
 * A logical log source with its binding per product and its field map, e.g.
 * `fields: { host: { sumologic: '_sourceHost', splunk: 'host', elastic: 'host.name', loki: 'host' } }`.
 * The shape is checked when the dashboards using it are validated.
 */
export function defineSource(input: SourceInput): SourceDef {
  if (typeof input !== 'object' || input === null) throw new DefinitionUsageError('defineSource: expected an object');
  return deepFreeze({ ...input, kind: 'source', fields: input.fields ?? {} } as SourceDef);
}
