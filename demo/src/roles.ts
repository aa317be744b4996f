/**
 * The roles seeded users hold. Permissions mirror the upstream's RBAC (resource -> allowed actions,
 * checked by its Pundit policies): list/show need `read`; triggering a run needs `create` on syncs,
 * cancelling one `delete`, enabling or disabling `update`.
 */
import type { DemoRole, PermissionAction, PermissionResource } from './types';

const ALL_ACTIONS: readonly PermissionAction[] = ['read', 'create', 'update', 'delete'];

export const ADMIN_ROLE: DemoRole = {
  name: 'Admin',
  permissions: {
    sync: ALL_ACTIONS,
    sync_run: ALL_ACTIONS,
    sync_record: ALL_ACTIONS,
    connector: ALL_ACTIONS,
    model: ALL_ACTIONS,
    workspace: ALL_ACTIONS,
  },
};

/** The upstream's Viewer role: reads everything and changes nothing (what VIEWER_TOKEN holds). */
export const VIEWER_ROLE: DemoRole = {
  name: 'Viewer',
  permissions: {
    sync: ['read'],
    sync_run: ['read'],
    sync_record: ['read'],
    connector: ['read'],
    model: ['read'],
    workspace: ['read'],
  },
};

/** A read-only role that was never granted sync records (what VIEWER_NO_RECORDS_TOKEN holds). */
export const VIEWER_WITHOUT_RECORDS_ROLE: DemoRole = {
  name: 'Viewer (no sync records)',
  permissions: {
    sync: ['read'],
    sync_run: ['read'],
    connector: ['read'],
    model: ['read'],
    workspace: ['read'],
  },
};

export function roleAllows(role: DemoRole, resource: PermissionResource, action: PermissionAction): boolean {
  return role.permissions[resource]?.includes(action) ?? false;
}
