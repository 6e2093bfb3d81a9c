// `polydash plan` and `polydash push`: build every dashboard for the environment's products,
// then plan (and push) each product in parallel.

import { loadAndValidate, type LocatedIssue } from '../build/build.js';
import { UserError } from '../errors.js';
import { targetNamed } from '../targets/index.js';
import { backupStore } from './backups.js';
import { environment, loadConfig, type EnvironmentConfig } from './config.js';
import { resolveAccess } from './access.js';
import { applyPlan, type ItemResult, type ProductPlan, planProduct } from './engine.js';
import { PublishError } from './http.js';
import { redact } from './redact.js';
import type { LocalDashboard, PublisherStats } from './types.js';

export interface PublishOptions {
  readonly root: string;
  readonly environment: string;
  /** Products to publish; empty means every product the environment configures. */
  readonly targets: readonly string[];
  /** Dashboard uids to publish; empty means all. */
  readonly only: readonly string[];
  readonly push: boolean;
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly prune: boolean;
  /** Called as each item finishes (progress on a TTY). */
  readonly onResult?: (r: ItemResult) => void;
}

export interface ProductOutcome {
  readonly product: string;
  readonly plan?: ProductPlan;
  readonly results?: readonly ItemResult[];
  /** A failure that stopped this product (e.g. wrong credentials). */
  readonly error?: string;
  readonly stats?: PublisherStats;
}

export interface PublishOutcome {
  readonly environment: string;
  readonly issues: readonly LocatedIssue[];
  readonly products: readonly ProductOutcome[];
}

/** The products an environment can configure. */
type ProductKey = Exclude<keyof EnvironmentConfig, 'access'>;

export async function runPublish(options: PublishOptions): Promise<PublishOutcome> {
  const config = await loadConfig(options.root);
  const env = environment(config, options.environment);
  const configured = (Object.keys(env) as (keyof EnvironmentConfig)[]).filter((k): k is ProductKey => k !== 'access' && env[k] !== undefined);
  const products = options.targets.length ? options.targets : configured;
  for (const p of products) {
    if (!targetNamed(p)) throw new UserError(`unknown target "${p}"`);
    if (!configured.includes(p as ProductKey)) throw new UserError(`environment "${options.environment}" does not configure ${p}`);
  }
  const { issues, dashboards } = await loadAndValidate(options.root, []);
  if (issues.length) return { environment: options.environment, issues, products: [] };
  const selected = options.only.length ? dashboards.filter((d) => options.only.includes(d.def.uid)) : dashboards;
  const unknown = options.only.filter((u) => !dashboards.some((d) => d.def.uid === u));
  if (unknown.length) throw new UserError(`--only names dashboards that are not defined: ${unknown.join(', ')}`);
  const backups = backupStore(options.root, options.environment);

  const outcomes = await Promise.all(
    products.map(async (name): Promise<ProductOutcome> => {
      const entry = targetNamed(name)!;
      if (!entry.loadPublishing) return { product: name, error: `publishing to ${entry.title} is not available yet` };
      const productEnv = env[name as ProductKey];
      let publisher;
      try {
        const [target, publishing] = await Promise.all([entry.load(), entry.loadPublishing()]);
        const renderOptions = publishing.renderOptions(productEnv);
        const locals: LocalDashboard[] = selected.map((d) => {
          const access = resolveAccess(d.def.access, env.access?.default, productEnv ?? {}, { product: name, environment: options.environment });
          const placed = publishing.place?.(access, productEnv);
          return {
            uid: d.def.uid,
            title: d.def.title,
            artifacts: target.render(d.def, { sourceFile: d.file, options: { ...renderOptions, ...placed?.renderOptions } }).artifacts,
            // A product that places dashboards has no per-dashboard grants: only its verdict counts.
            access: placed ? { problems: [...access.problems, ...placed.problems], notes: [...access.notes, ...placed.notes] } : access,
            ...(placed?.placement ? { placement: placed.placement } : {}),
          };
        });
        publisher = publishing.publisher(productEnv, { environment: options.environment });
        await publisher.prepare({ dryRun: !options.push || options.dryRun });
        const planned = await planProduct(publisher, locals, { prune: options.prune });
        if (!options.push) return { product: name, plan: planned.plan, stats: publisher.stats() };
        const results = await applyPlan(publisher, planned, { ...options, backups });
        results.forEach((r) => options.onResult?.(r));
        return { product: name, plan: planned.plan, results, stats: publisher.stats() };
      } catch (e) {
        if (e instanceof PublishError || e instanceof UserError) return { product: name, error: redact(e.message), ...(publisher ? { stats: publisher.stats() } : {}) };
        throw e;
      }
    }),
  );
  return { environment: options.environment, issues: [], products: outcomes };
}

/** Whether a plan would change anything (for --detailed-exitcode). */
export function planHasChanges(outcome: PublishOutcome): boolean {
  return outcome.products.some((p) => p.plan?.items.some((i) => i.action !== 'unchanged'));
}

/** Whether a push left something undone: a failure, or a refusal (drift, conflict). */
export function pushIncomplete(outcome: PublishOutcome): boolean {
  return outcome.products.some((p) => p.error !== undefined || p.results?.some((r) => r.outcome === 'failed' || (r.outcome === 'skipped' && r.item.action !== 'orphaned' && !/dry run/.test(r.message ?? ''))));
}
