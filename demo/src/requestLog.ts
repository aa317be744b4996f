/**
 * The demo upstream's record of every request it received, in arrival order, so tests can assert
 * exactly which upstream requests a GraphQL operation cost and which headers reached the upstream.
 */
import { performance } from 'node:perf_hooks';

export interface UpstreamRequestLogEntry {
  method: string;
  /** Path without the query string, e.g. `/api/v1/syncs/4/sync_runs`. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Every request header received, names lower-cased (repeated headers joined with `, `). */
  headers: Record<string, string>;
  /** Response status; 0 while the request is still in flight. */
  status: number;
  /** performance.now() at arrival. */
  startedAt: number;
  /** performance.now() just before the response was written; 0 while in flight. */
  finishedAt: number;
  /**
   * Requests already in flight when this one arrived. Only exact while a response gate holds the
   * earlier responses (DemoUpstream.holdResponses); otherwise it depends on how fast they were answered.
   */
  inFlightAtStart: number;
  /** Parsed JSON body of POST/PATCH/PUT requests (the raw text when it was not valid JSON). */
  body?: unknown;
}

export type ArrivingRequest = Pick<UpstreamRequestLogEntry, 'method' | 'path' | 'query' | 'headers'>;

export class RequestLog {
  /** The log itself; cleared in place so callers may keep a reference. */
  readonly entries: UpstreamRequestLogEntry[] = [];
  private inFlight = 0;

  /** @param maxEntries oldest entries are dropped beyond this (a long-running `npm start` must not grow). */
  constructor(private readonly maxEntries: number) {}

  /** Logs an arriving request as in flight. */
  begin(request: ArrivingRequest): UpstreamRequestLogEntry {
    const entry: UpstreamRequestLogEntry = {
      ...request,
      status: 0,
      startedAt: performance.now(),
      finishedAt: 0,
      inFlightAtStart: this.inFlight,
    };
    this.inFlight += 1;
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
    return entry;
  }

  /** Marks the request answered; called before the response is written, so a caller holding the
   * response already sees the finished entry and the lowered in-flight count. */
  finish(entry: UpstreamRequestLogEntry, status: number): void {
    entry.status = status;
    entry.finishedAt = performance.now();
    this.inFlight -= 1;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
