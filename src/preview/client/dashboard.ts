/// <reference lib="dom" />
// A dashboard page: reads the payload, evaluates every panel over the sample events in the
// chosen time range with the chosen variable values, and draws it. Changing an input
// evaluates again in the page; nothing is fetched.

import type { EvalContext, PreviewEvent, VariableValue } from '../eval/types.js';
import { windowOf } from '../eval/time.js';
import type { PagePayload } from '../payload.js';
import { variableChoices } from '../variables.js';
import { rangeFromAddress, renderVariableInputs, setUpTimeRange, variableFromAddress } from './controls.js';
import { renderPanel, resizeCharts } from './panels.js';
import { wireQueriesToggle } from './queries.js';

export function startDashboard(): void {
  const data = document.getElementById('preview-data');
  if (!data) return; // an error page: nothing to draw
  const payload = JSON.parse(data.textContent ?? '{}') as PagePayload;
  const def = payload.dashboard;
  const eventsOf = (sourceId: string): readonly PreviewEvent[] => payload.events[sourceId] ?? [];

  const render = (): void => {
    const timeWindow = windowOf(rangeFromAddress(def).range, payload.now);
    // In order: a variable's choices may depend on the variables before it.
    const values: Record<string, VariableValue> = {};
    const choices = new Map<string, readonly string[]>();
    for (const v of def.variables) {
      const offered = variableChoices(v, v.query ? eventsOf(v.query.source.id) : [], timeWindow, values);
      choices.set(v.name, offered);
      values[v.name] = variableFromAddress(v, offered);
    }
    renderVariableInputs(document.getElementById('variables')!, def.variables, choices, values, render);
    for (const panel of def.panels) {
      const element = document.getElementById(`panel-${panel.key}`);
      if (!element) continue;
      const sourceId = panel.type !== 'text' && panel.query.kind === 'query' ? panel.query.source.id : '';
      const ctx: EvalContext = { events: eventsOf(sourceId), window: timeWindow, variables: values };
      renderPanel(element, panel, ctx);
    }
    document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
  };

  setUpTimeRange(document.getElementById('time-range') as HTMLSelectElement, def, render);
  for (const panel of def.panels) {
    const element = document.getElementById(`panel-${panel.key}`);
    if (element) wireQueriesToggle(element, payload.compiled[panel.key] ?? []);
  }
  render();
  let pending: number | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(pending);
    pending = setTimeout(resizeCharts, 100) as unknown as number;
  });
}
