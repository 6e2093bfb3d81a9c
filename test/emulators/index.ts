// All four emulators at once, for publish tests and the sandbox. Payloads are validated with
// the conformance checkers when ../shared/conformance exists (basic checks otherwise) unless
// `validate: false`.

import type { Fault, FaultPlan } from './faults.js';
import { type GrafanaEmulator, type GrafanaEmulatorOptions, startGrafanaEmulator } from './grafana.js';
import { type KibanaEmulator, type KibanaEmulatorOptions, startKibanaEmulator } from './kibana.js';
import type { Counters } from './server.js';
import { type SplunkEmulator, type SplunkEmulatorOptions, startSplunkEmulator } from './splunk.js';
import { startSumoEmulator, type SumoEmulator, type SumoEmulatorOptions } from './sumologic.js';
import { basicValidators, conformanceValidators, type Validators } from './validate.js';

export type { Fault, FaultMatch, FaultPlan, RandomFaults } from './faults.js';
export type { Counters, LogEntry } from './server.js';
export * from './grafana.js';
export * from './kibana.js';
export * from './splunk.js';
export * from './sumologic.js';
export { basicValidators, conformanceAvailable, conformanceValidators, type PayloadValidator, type ProductName, type Validators } from './validate.js';

export interface EmulatorsOptions {
  readonly sumologic?: SumoEmulatorOptions;
  readonly kibana?: KibanaEmulatorOptions;
  readonly splunk?: SplunkEmulatorOptions;
  readonly grafana?: GrafanaEmulatorOptions;
  /**
   * 'conformance' (default): the conformance checkers when present, else basic checks;
   * 'basic': the basic checks; false: only each product's own rules. A `validate` in a
   * product's options wins.
   */
  readonly validate?: 'conformance' | 'basic' | false;
  /** Added to every product's options (e.g. latencyMs). */
  readonly latencyMs?: number;
  readonly host?: string;
}

export interface Emulators {
  readonly sumologic: SumoEmulator;
  readonly kibana: KibanaEmulator;
  readonly splunk: SplunkEmulator;
  readonly grafana: GrafanaEmulator;
  /** The validators in use, if any. */
  readonly validators?: Validators;
  /** The same fault plan on every product. */
  setFaults(plan: FaultPlan): void;
  addFaults(...faults: Fault[]): void;
  /** Counters per product, for benchmarks. */
  counters(): Record<'sumologic' | 'kibana' | 'splunk' | 'grafana', Counters>;
  resetCounters(): void;
  close(): Promise<void>;
}

export async function startEmulators(options: EmulatorsOptions = {}): Promise<Emulators> {
  const mode = options.validate ?? 'conformance';
  const validators = mode === false ? undefined : mode === 'basic' ? basicValidators() : await conformanceValidators();
  const common = { ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}), ...(options.host ? { host: options.host } : {}) };
  const started = await Promise.allSettled([
    startSumoEmulator({ ...common, ...(validators ? { validate: validators.sumologic } : {}), ...options.sumologic }),
    startKibanaEmulator({ ...common, ...(validators ? { validate: validators.kibana } : {}), ...options.kibana }),
    startSplunkEmulator({ ...common, ...(validators ? { validate: validators.splunk } : {}), ...options.splunk }),
    startGrafanaEmulator({ ...common, ...(validators ? { validate: validators.grafana } : {}), ...options.grafana }),
  ]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  const [sumologic, kibana, splunk, grafana] = started.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [SumoEmulator, KibanaEmulator, SplunkEmulator, GrafanaEmulator];
  const all = [sumologic, kibana, splunk, grafana];
  return {
    sumologic,
    kibana,
    splunk,
    grafana,
    ...(validators ? { validators } : {}),
    setFaults: (plan) => all.forEach((e) => e.setFaults(plan)),
    addFaults: (...faults) => all.forEach((e) => e.addFaults(...faults)),
    counters: () => ({ sumologic: sumologic.counters, kibana: kibana.counters, splunk: splunk.counters, grafana: grafana.counters }),
    resetCounters: () => all.forEach((e) => e.resetCounters()),
    close: async () => {
      await Promise.all(all.map((e) => e.close()));
    },
  };
}
