/**
 * The HTTP edge of the demo upstream: a node:http server on 127.0.0.1 (random port by default) that
 * answers like the AI Squared REST API over a DemoStore, records every request it receives, and offers
 * tests three hooks on its responses: a delay (changeable at run time with setDelayMs), response gates,
 * and answers to requests a well-behaved client never sends. Nothing listens until startDemoUpstream()
 * is called.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExchangeHandler } from './exchange';
import type { DemoBuild } from './context';
import { formatHost } from './httpMessage';
import { InjectedAnswers, type InjectAnswerOptions, type InjectedAnswer } from './injectedAnswers';
import { RequestLog, type UpstreamRequestLogEntry } from './requestLog';
import { ResponseGates, type HoldResponsesOptions, type ResponseGate } from './responseGate';
import { createDemoStore, type DemoStore } from './store';

export type { UpstreamRequestLogEntry } from './requestLog';
export type { GateOutcome, HoldResponsesOptions, ResponseGate } from './responseGate';
export type { DemoBuild } from './context';
export type { InjectAnswerOptions, InjectedAnswer } from './injectedAnswers';

export interface DemoUpstream {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  store: DemoStore;
  /** The request log, in arrival order. */
  requests: UpstreamRequestLogEntry[];
  /** Empties the request log (the same array instance is kept). */
  clearLog(): void;
  /**
   * Holds the responses of the next `expected` requests (those `options.match` accepts; it sees the
   * log entry without its body) until the last of them arrives, then answers them all; later requests
   * pass through. `await gate.opened` tells whether it filled: if it did, those requests were all in
   * flight at the same time. An unfilled gate opens by itself after `options.maxWaitMs`.
   */
  holdResponses(expected: number, options?: HoldResponsesOptions<UpstreamRequestLogEntry>): ResponseGate;
  /**
   * Changes the injected latency for responses whose wait starts from now on (waits already running
   * keep theirs): a benchmark can then measure several latencies against one upstream and one warm gateway.
   */
  setDelayMs(ms: number): void;
  /**
   * Answers the next request `options.match` accepts (or `options.times` of them) as the real server
   * answers a request whose body is not JSON, or one missing its root parameter, whatever it really
   * was: the gateway never sends such requests, and this shows how it reads those answers.
   */
  answerNext(answer: InjectedAnswer, options?: InjectAnswerOptions): void;
  /** Stops listening, opens every gate, and destroys every open (keep-alive) connection. */
  close(): Promise<void>;
}

export interface StartDemoUpstreamOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Default: a fresh createDemoStore() with the default seed. */
  store?: DemoStore;
  /** Artificial latency before each response, ms (default 0): to look at the gateway under a slow upstream. */
  delayMs?: number;
  /**
   * Most request log entries kept; older ones are dropped (default: unbounded, as tests need the whole
   * log). `npm start` bounds it so a long-running demo does not grow without limit.
   */
  maxLogEntries?: number;
  /** Which server to imitate (default `open-source`); `hosted` adds the hosted builds' variants. */
  build?: DemoBuild;
}

export async function startDemoUpstream(options: StartDemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const host = options.host ?? '127.0.0.1';
  const store = options.store ?? createDemoStore();
  const log = new RequestLog(options.maxLogEntries ?? Number.POSITIVE_INFINITY);
  const gates = new ResponseGates<UpstreamRequestLogEntry>();
  const delays = new CancellableDelays(options.delayMs ?? 0);
  const answers = new InjectedAnswers();
  const handle = createExchangeHandler({ store, log, gates, answers, build: options.build ?? 'open-source', delay: () => delays.wait() });
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  const port = await listen(server, options.port ?? 0, host);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${formatHost(host)}:${port}`,
    store,
    requests: log.entries,
    clearLog: () => log.clear(),
    holdResponses: (expected, holdOptions) => gates.hold(expected, holdOptions),
    setDelayMs: (ms) => delays.setMs(ms),
    answerNext: (answer, answerOptions) => answers.arm(answer, answerOptions),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        delays.cancelAll();
        gates.releaseAll();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The injected delay. Cancelled waits never settle: their connections are being destroyed anyway. */
class CancellableDelays {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private ms: number) {}

  setMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`delay must be a finite number >= 0, got ${ms}`);
    this.ms = ms;
  }

  wait(): Promise<void> {
    if (this.ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, this.ms);
      this.timers.add(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
