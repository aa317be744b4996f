/**
 * Upstream values shown as their JSON text (a run's error object, a record's log entries). V8's
 * JSON.stringify recurses, so a value nested a few thousand levels deep (within the body limits of
 * src/upstream/jsonLimits.ts) throws a RangeError: that fails the field as the upstream's fault, with
 * a code, instead of as an unexplained internal error.
 */
import { ErrorCode, gatewayError } from '../errors';

export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    throw gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API sent a value nested too deeply to show as text.');
  }
}
