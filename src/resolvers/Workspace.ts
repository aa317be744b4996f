import type { QueryResolvers, WorkspaceResolvers } from '../generated/graphql';
import { encodeGlobalId } from '../globalId';
import { listWorkspaces } from '../resources/workspace';

export const Workspace: WorkspaceResolvers = {
  id: (workspace) => encodeGlobalId({ type: 'Workspace', workspaceId: workspace.id }),
  databaseId: (workspace) => workspace.id,
  // The API always names a workspace; an empty string stands in should one ever arrive without.
  name: (workspace) => text(workspace.name) ?? '',
  slug: (workspace) => text(workspace.slug),
  status: (workspace) => text(workspace.status),
  description: (workspace) => text(workspace.description),
  region: (workspace) => text(workspace.region),
  organizationId: (workspace) => (typeof workspace.organization_id === 'number' ? workspace.organization_id : null),
  organizationName: (workspace) => text(workspace.organization_name),
  createdAt: (workspace) => text(workspace.created_at),
  updatedAt: (workspace) => text(workspace.updated_at),
};

/** The root field of schema/workspace.graphql. */
export const workspaceQueryFields: Pick<QueryResolvers, 'workspaces'> = {
  workspaces: (_root, _args, ctx) => listWorkspaces(ctx.loaders),
};

/** Workspace attributes are not pinned by the contract: only strings are passed on. */
function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
