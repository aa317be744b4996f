/**
 * Workspace: `GET /api/v1/workspaces` lists the caller's workspaces; it needs only the bearer token,
 * no `Workspace-Id` (docs/upstream-contract.md §1, §4.1). There is no single-workspace read, so one
 * workspace is found in that list, read at most once per request. Not paginated, not an entity.
 */
import type { RequestLoaders } from '../loaders';
import { listData, type WithId } from '../upstream/jsonApi';
import { API, tagAs, type Resource, type Tagged } from './resource';
import type { UpstreamId } from './upstreamId';

/** `GET /workspaces` items. The upstream also sends an `api_key`: it is a secret and never exposed. */
export interface WorkspaceAttributes {
  name?: string | null;
  slug?: string | null;
  status?: string | null;
  description?: string | null;
  region?: string | null;
  organization_id?: number | null;
  organization_name?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  [key: string]: unknown;
}

export type WorkspaceData = Tagged<WithId<WorkspaceAttributes>>;
export type WorkspaceKey = { workspaceId: UpstreamId };

const WORKSPACES_PATH = `${API}/workspaces`;

export const workspaceResource: Resource<'Workspace', WorkspaceKey, WorkspaceData> = {
  typeName: 'Workspace',
  keyFields: ['workspaceId'],
  // Not an upstream route: the workspace's cache key, under the list it is found in.
  pathOf: (key) => `${WORKSPACES_PATH}/${key.workspaceId}`,
  fetch: async (loaders, key) => (await listWorkspaces(loaders)).find((workspace) => workspace.id === key.workspaceId) ?? null,
  // Every workspace is found in the one list.
  lookupCost: { requests: 1, sharedBy: () => WORKSPACES_PATH },
};

/** The caller's workspaces, in the upstream's order, read at most once per request. */
export function listWorkspaces(loaders: RequestLoaders): Promise<WorkspaceData[]> {
  return loaders.memo(`${WORKSPACES_PATH}#all`, async () =>
    listData<WorkspaceAttributes>(await loaders.get(WORKSPACES_PATH, undefined, false)).items.map((item) => tagAs('Workspace', item)),
  );
}
