/** `GET /workspaces`: the caller's workspaces; needs no Workspace-Id and is not paginated. */
import { ok, type DemoResponse, type HandlerContext } from './context';
import { toWorkspaceResource } from './serialize';

export function listWorkspaces(context: HandlerContext): DemoResponse {
  return ok({ data: context.store.listWorkspacesOf(context.user).map(toWorkspaceResource) });
}
