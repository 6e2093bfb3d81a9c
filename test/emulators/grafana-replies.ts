// Grafana's error answers and the request principal, shared by the Grafana route files.

import type { GrafanaUser } from './grafana-access.js';
import type { Reply, RequestContext } from './server.js';

export type GrafanaRole = 'Admin' | 'Editor' | 'Viewer';

export interface GrafanaCredential {
  /** A service account token (`Authorization: Bearer`). */
  readonly token?: string;
  /** Basic auth. */
  readonly login?: string;
  readonly password?: string;
  readonly role: GrafanaRole;
  /** The service account's name (tokens only); default `emulator-<role>`. */
  readonly serviceAccount?: string;
}

export interface GrafanaPrincipal {
  readonly credential: GrafanaCredential;
  readonly name: string;
  /** The user (or service account) the credential signs in as. */
  readonly user: GrafanaUser;
}

export type GrafanaCtx = RequestContext<GrafanaPrincipal>;

/** Grafana's DashboardErr answers: {message, status} when the error has a status, else {message}. */
export function grafanaError(status: number, message: string, statusText?: string): Reply {
  return { status, json: { message, ...(statusText ? { status: statusText } : {}) } };
}

/** The RBAC middleware's 403, naming the action that was missing. */
export function accessDenied(action: string): Reply {
  return { status: 403, json: { accessErrorId: 'ACE0000000000', message: `You'll need additional permissions to perform this action. Permissions needed: ${action}`, title: 'Access denied' } };
}
