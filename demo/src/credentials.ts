/**
 * Fixed credentials of the demo upstream's seeded users. Tests and `npm start` use them as the bearer
 * tokens a real caller would obtain from `POST /api/v1/login`. They are opaque strings, not JWTs: the
 * gateway must never look inside a token, so the demo gives it nothing to look at.
 */

/** Bearer token of the demo user: admin of workspaces 1 and 2. */
export const DEMO_TOKEN = 'demo-admin-token-7f3a9c21';

/** The demo user's main workspace (the one with the most data). */
export const DEMO_WORKSPACE_ID = 1;

/** The demo user's second workspace, so workspace switching can be exercised with one token. */
export const DEMO_SECOND_WORKSPACE_ID = 2;

/** Bearer token of a second user who belongs only to workspace 3 (cross-user and scoping tests). */
export const OTHER_TOKEN = 'other-admin-token-4b8e1d55';

/** The only workspace of the OTHER_TOKEN user. */
export const OTHER_WORKSPACE_ID = 3;

/**
 * Bearer token of a member of workspace 1 whose role may read syncs, runs, connectors and models but
 * not sync records (so record lists answer 403), and may change nothing.
 */
export const VIEWER_NO_RECORDS_TOKEN = 'viewer-no-records-token-2c6d0e93';

/**
 * Bearer token of a member of workspace 1 with the upstream's Viewer role: reads everything, records
 * included, and may change nothing (a trigger, cancel or enable/disable answers 403).
 */
export const VIEWER_TOKEN = 'viewer-token-8e1f4a37';

/**
 * Bearer token of an admin of workspace 1 who has not accepted the EULA: the open-source build serves
 * them like any admin; a hosted build refuses every call with 403 "You must accept the EULA ...".
 */
export const EULA_PENDING_TOKEN = 'eula-pending-token-5d93b2c0';
