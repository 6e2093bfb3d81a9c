// Variables become options-list controls (controlGroupInput), Kibana's dashboard "variables":
// a control filters the dashboard by the selected values of one field. The printers lift
// `field = variable` out of the query text into variable filters; here each variable gets
// the control, and the panels learn what the control cannot do for them.

import type { SourceDef } from '../../model/source-types.js';
import type { DashboardDef, VariableDef } from '../../model/types.js';
import type { Diagnostic } from '../../query/fidelity.js';
import { nativeFieldName } from '../../query/mapping.js';
import type { VariableFilter } from '../../query/outputs.js';
import type { DataViews } from './data-views.js';
import { controlId } from './ids.js';
import type { Reference } from './saved-object.js';

/** A panel's use of a variable, as a control filter on `filter.field` of `source`. */
export interface VariableUse {
  readonly panelKey: string;
  readonly source: SourceDef;
  readonly filter: VariableFilter;
}

export interface ControlGroup {
  /** The dashboard's controlGroupInput; absent without controls. */
  readonly input?: Record<string, unknown>;
  readonly references: readonly Reference[];
  /** What the controls mean for each panel, by panel key. */
  readonly notes: ReadonlyMap<string, readonly Diagnostic[]>;
}

/** The field (native name) and source a variable's control lists values of. */
function controlTarget(v: VariableDef, uses: readonly VariableUse[]): { source: SourceDef; field: string } | undefined {
  if (v.query && v.field && v.query.source.elastic) {
    const field = nativeFieldName(v.query.source, v.field, 'elastic');
    if (field !== undefined) return { source: v.query.source, field };
  }
  const first = uses.find((u) => u.source.elastic);
  return first ? { source: first.source, field: first.filter.field } : undefined;
}

export function controlGroup(d: DashboardDef, uses: readonly VariableUse[], dataViews: DataViews): ControlGroup {
  const notes = new Map<string, Diagnostic[]>();
  const note = (key: string, diagnostic: Diagnostic): void => {
    notes.set(key, [...(notes.get(key) ?? []), diagnostic]);
  };
  const panels: Record<string, object> = {};
  const references: Reference[] = [];
  d.variables.forEach((v) => {
    const mine = uses.filter((u) => u.filter.variable === v.name);
    const target = controlTarget(v, mine);
    if (!target) {
      for (const u of mine) {
        note(u.panelKey, { code: 'kibana.variable-no-control', severity: 'approximate', message: `variable ${v.name} has no Kibana control (its field has no elastic name), so the panel is not filtered by it` });
      }
      return;
    }
    const id = controlId(d.uid, v.name);
    // A control includes or excludes the selection for every panel at once.
    const exclude = mine.length > 0 && mine.every((u) => u.filter.negate);
    for (const u of mine) {
      if (u.filter.field !== target.field) {
        note(u.panelKey, { code: 'kibana.variable-field', severity: 'approximate', message: `variable ${v.name} is a control on ${target.field}; this panel compares it with ${u.filter.field}, which the control does not filter` });
      }
      if (u.filter.negate && !exclude) {
        note(u.panelKey, { code: 'kibana.variable-negated', severity: 'approximate', message: `this panel excludes the value of ${v.name}, but other panels include it: a Kibana control includes or excludes its selection for the whole dashboard, and it includes here` });
      }
      if (exclude) note(u.panelKey, { code: 'kibana.variable-exclude', severity: 'info', message: `every panel excludes the value of ${v.name}, so its control is in exclude mode` });
      if (v.values) {
        note(u.panelKey, { code: 'kibana.variable-values', severity: 'info', message: `the control for ${v.name} offers the values of ${target.field} found in the data, not the fixed list ${v.values.join(', ')}` });
      }
    }
    const selected = v.default !== undefined && v.default !== '*' ? [v.default] : [];
    panels[id] = {
      type: 'optionsListControl',
      order: Object.keys(panels).length,
      grow: true,
      width: 'medium',
      explicitInput: {
        id,
        // Also referenced below: Kibana injects dataViewId from the reference on load.
        dataViewId: dataViews.use(target.source),
        fieldName: target.field,
        title: v.label,
        ...(selected.length ? { selectedOptions: selected } : {}),
        ...(v.multi ? {} : { singleSelect: true }),
        ...(exclude ? { exclude: true } : {}),
        enhancements: {},
      },
    };
    references.push({ type: 'index-pattern', id: dataViews.use(target.source), name: `controlGroup_${id}:optionsListDataView` });
  });
  if (references.length === 0) return { references, notes };
  return {
    input: {
      controlStyle: 'oneLine',
      // polydash variables are independent: one control's selection does not narrow another's options.
      chainingSystem: 'NONE',
      panelsJSON: JSON.stringify(panels),
      ignoreParentSettingsJSON: JSON.stringify({ ignoreFilters: false, ignoreQuery: false, ignoreTimerange: false, ignoreValidations: false }),
    },
    references,
    notes,
  };
}
