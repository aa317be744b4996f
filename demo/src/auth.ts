/**
 * Who is calling and in which workspace (docs/upstream-contract.md §4.1): the bearer token picks the
 * user (401 otherwise), the `Workspace-Id` header must name one of the user's workspaces (400 envelope
 * C otherwise), and the membership's role must allow the action (403 otherwise).
 */
import { eulaNotAccepted, forbidden, unauthorized, workspaceNotFound } from './errors';
import { roleAllows } from './roles';
import type { DemoBuild, HandlerContext } from './context';
import type { DemoStore } from './store';
import type { DemoRole, DemoUser, DemoWorkspace, PermissionAction, PermissionResource } from './types';

export interface WorkspaceAccess {
  workspace: DemoWorkspace;
  role: DemoRole;
}

export function authenticate(store: DemoStore, authorization: string | undefined): DemoUser {
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/.exec(authorization);
  const user = match ? store.findUserByToken(match[1] as string) : undefined;
  if (!user) throw unauthorized();
  return user;
}

export function resolveWorkspace(store: DemoStore, user: DemoUser, workspaceIdHeader: string | undefined, build: DemoBuild = 'open-source'): WorkspaceAccess {
  const text = workspaceIdHeader?.trim();
  const notFound = () => workspaceNotFound(build === 'hosted' ? `workspace_id=${text ?? ''}` : undefined);
  if (text === undefined || !/^\d+$/.test(text)) throw notFound();
  const id = Number(text);
  const membership = user.memberships.find((candidate) => candidate.workspaceId === id);
  const workspace = membership && store.getWorkspace(id);
  if (!membership || !workspace) throw notFound();
  return { workspace, role: membership.role };
}

/** Hosted builds refuse a user who has not accepted their EULA, on every route (envelope A, 403). */
export function assertEulaAccepted(user: DemoUser, build: DemoBuild): void {
  if (build === 'hosted' && user.eulaAccepted === false) throw eulaNotAccepted();
}

export function authorize(access: WorkspaceAccess, resource: PermissionResource, action: PermissionAction): void {
  if (!roleAllows(access.role, resource, action)) throw forbidden();
}

/** The caller's access to the workspace named by the request's `Workspace-Id` header. */
export function requireWorkspace(context: HandlerContext): WorkspaceAccess {
  return resolveWorkspace(context.store, context.user, context.headers['workspace-id'], context.build);
}
