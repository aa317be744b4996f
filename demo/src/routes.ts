/**
 * The route table of the demo upstream (the subset of `config/routes.rb` the gateway uses,
 * docs/upstream-contract.md §1) and a matcher. Path parameters are named as the upstream names them,
 * because contract errors echo them (`{"errors":{"sync_id":["must be an integer"]}}`).
 */
import { cancelSync, scheduleSync } from './scheduleSyncsController';
import { listConnectors, showConnector } from './connectorsController';
import type { RouteHandler } from './context';
import { listModels, showModel } from './modelsController';
import { listSyncRecords } from './syncRecordsController';
import { listSyncRuns, showSyncRun } from './syncRunsController';
import { enableSync, listSyncs, showSync } from './syncsController';
import { listWorkspaces } from './workspacesController';

interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/api/v1/workspaces', handler: listWorkspaces },
  { method: 'GET', pattern: '/api/v1/syncs', handler: listSyncs },
  { method: 'GET', pattern: '/api/v1/syncs/:id', handler: showSync },
  { method: 'PATCH', pattern: '/api/v1/syncs/:id/enable', handler: enableSync },
  { method: 'PUT', pattern: '/api/v1/syncs/:id/enable', handler: enableSync },
  { method: 'GET', pattern: '/api/v1/syncs/:sync_id/sync_runs', handler: listSyncRuns },
  { method: 'GET', pattern: '/api/v1/syncs/:sync_id/sync_runs/:id', handler: showSyncRun },
  { method: 'GET', pattern: '/api/v1/syncs/:sync_id/sync_runs/:sync_run_id/sync_records', handler: listSyncRecords },
  { method: 'POST', pattern: '/api/v1/schedule_syncs', handler: scheduleSync },
  { method: 'DELETE', pattern: '/api/v1/schedule_syncs/:sync_id', handler: cancelSync },
  { method: 'GET', pattern: '/api/v1/connectors', handler: listConnectors },
  { method: 'GET', pattern: '/api/v1/connectors/:id', handler: showConnector },
  { method: 'GET', pattern: '/api/v1/models', handler: listModels },
  { method: 'GET', pattern: '/api/v1/models/:id', handler: showModel },
];

export interface RouteMatch {
  handler: RouteHandler;
  pathParams: Record<string, string>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route for a method and raw path (HEAD is served as GET; a trailing slash is ignored), or undefined. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const effectiveMethod = method === 'HEAD' ? 'GET' : method;
  const segments = path.replace(/\/+$/, '').split('/');
  for (const route of ROUTES) {
    if (route.method !== effectiveMethod) continue;
    const parts = route.pattern.split('/');
    if (parts.length !== segments.length) continue;
    const pathParams: Record<string, string> = Object.create(null) as Record<string, string>;
    const matches = parts.every((part, index) => {
      const segment = segments[index] as string;
      if (part.startsWith(':')) {
        pathParams[part.slice(1)] = decodeSegment(segment);
        return segment !== '';
      }
      return part === segment;
    });
    if (matches) return { handler: route.handler, pathParams };
  }
  return undefined;
}
