/**
 * The upstream's error envelopes (docs/upstream-contract.md §4.2), as a throwable carrying status
 * and body:
 *   A render_error      {"errors":[{"status","title":"Error","detail"}]}          401/403/404/424
 *   B contract          {"errors":{"<param>":["<message>"]}}                     400
 *   C catch-all         {"errors":[{"status":400,"title":"Bad Request",...}]}     400
 *   D bare error        {"error":"Couldn't find Sync with 'id'=999 [...]"}       404, 422
 *   E Rails' own        {"status":400,"error":"Bad Request"} (or no body)         400
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

/** Envelope D at 422: `params.require(<root key>)` found the key absent or empty. */
export function parameterMissing(parameter: string): DemoHttpError {
  return new DemoHttpError(422, { error: `param is missing or the value is empty: ${parameter}` });
}

/**
 * Envelope E: a request body that is not JSON fails in Rails' parameter parsing, outside the action's
 * rescue, and Rails' exception app answers: JSON when the request accepts it, otherwise no body at all.
 */
export function unparsableBody(accept: string | undefined): DemoHttpError {
  const json = accept !== undefined && /\bjson\b/i.test(accept);
  return new DemoHttpError(400, json ? { status: 400, error: 'Bad Request' } : undefined);
}

/** A hosted build refuses every call of a user who has not accepted its EULA (envelope A). */
export const eulaNotAccepted = (): DemoHttpError => renderError(403, 'You must accept the EULA before accessing the API.');

export const unauthorized = (): DemoHttpError => renderError(401, 'Unauthorized');
export const forbidden = (): DemoHttpError => renderError(403, 'You are not authorized to do this action');
/** Hosted builds append the id that was asked for (`Workspace not found: workspace_id=7`). */
export const workspaceNotFound = (suffix?: string): DemoHttpError =>
  badRequest(suffix === undefined ? 'Workspace not found' : `Workspace not found: ${suffix}`);
