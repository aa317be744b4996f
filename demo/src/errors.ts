/**
 * The upstream's four error envelopes (docs/upstream-contract.md §4.2), as a throwable carrying status
 * and body:
 *   A render_error      {"errors":[{"status","title":"Error","detail"}]}          401/403/404/424
 *   B contract          {"errors":{"<param>":["<message>"]}}                     400
 *   C catch-all         {"errors":[{"status":400,"title":"Bad Request",...}]}     400
 *   D find()            {"error":"Couldn't find Sync with 'id'=999 [...]"}       404
 */

/** Contract errors: messages per parameter, nested for body keys (`{"schedule_sync":{"sync_id":[...]}}`). */
export interface ContractErrors {
  [parameter: string]: string[] | ContractErrors;
}

/** A response the upstream gives instead of the normal one; thrown by handlers, rendered by dispatch. */
export class DemoHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Demo upstream answers ${status}`);
    this.name = 'DemoHttpError';
  }
}

/** Envelope A. */
export function renderError(status: number, detail: string): DemoHttpError {
  return new DemoHttpError(status, { errors: [{ status, title: 'Error', detail }] });
}

/** Envelope B. */
export function contractError(errors: ContractErrors): DemoHttpError {
  return new DemoHttpError(400, { errors });
}

/** Envelope C: how the upstream reports every other exception raised inside an action. */
export function badRequest(exceptionMessage: string): DemoHttpError {
  return new DemoHttpError(400, {
    errors: [
      {
        status: 400,
        title: 'Bad Request',
        detail: `There was a problem with the request format: ${exceptionMessage}`,
        source: { pointer: '/request/payload' },
      },
    ],
  });
}

/** Envelope D: ActiveRecord's RecordNotFound text, with the SQL scope of a workspace lookup. */
export function recordNotFound(modelName: 'Sync' | 'Model', rawId: string): DemoHttpError {
  const table = modelName === 'Sync' ? 'syncs' : 'models';
  const scope =
    modelName === 'Sync'
      ? `"${table}"."discarded_at" IS NULL AND "${table}"."workspace_id" = $1`
      : `"${table}"."workspace_id" = $1`;
  return new DemoHttpError(404, { error: `Couldn't find ${modelName} with 'id'=${rawId} [WHERE ${scope}]` });
}

export const unauthorized = (): DemoHttpError => renderError(401, 'Unauthorized');
export const forbidden = (): DemoHttpError => renderError(403, 'You are not authorized to do this action');
export const workspaceNotFound = (): DemoHttpError => badRequest('Workspace not found');
