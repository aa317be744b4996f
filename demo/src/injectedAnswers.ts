/**
 * Answers the real server gives only to requests a well-behaved client never sends: a body that is not
 * JSON (Rails' own 400) and an update without its root key (422 "param is missing"). A test arms one for
 * the next request(s) a match accepts, to see how a client reads those exact answers; each is built by
 * the code that gives it to a real malformed request (errors.ts), so the two cannot drift apart.
 */
import type { DemoResponse } from './context';
import { parameterMissing, unparsableBody } from './errors';
import type { UpstreamRequestLogEntry } from './requestLog';

export type InjectedAnswer = { kind: 'unparsable-body' } | { kind: 'parameter-missing'; parameter: string };

export interface InjectAnswerOptions {
  /** Which requests get the answer (default: every request). It sees the request's log entry. */
  match?: (request: UpstreamRequestLogEntry) => boolean;
  /** How many matching requests get it (default 1); later ones are answered normally. */
  times?: number;
}

interface Armed {
  answer: InjectedAnswer;
  match: (request: UpstreamRequestLogEntry) => boolean;
  left: number;
}

export class InjectedAnswers {
  private readonly armed: Armed[] = [];

  arm(answer: InjectedAnswer, options: InjectAnswerOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`An injected answer needs a positive integer count, not ${times}.`);
    this.armed.push({ answer, match: options.match ?? (() => true), left: times });
  }

  /** The armed answer for this request, used up by it, or undefined when none matches. */
  take(request: UpstreamRequestLogEntry): DemoResponse | undefined {
    const index = this.armed.findIndex((slot) => slot.match(request));
    const slot = this.armed[index];
    if (slot === undefined) return undefined;
    slot.left -= 1;
    if (slot.left === 0) this.armed.splice(index, 1);
    const error = slot.answer.kind === 'unparsable-body' ? unparsableBody(request.headers.accept) : parameterMissing(slot.answer.parameter);
    return { status: error.status, body: error.body };
  }
}
