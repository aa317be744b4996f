/**
 * `npm run bench:refusals`: what a refusal costs the gateway, and what hostile traffic does to everyone
 * else. The gateway runs as its own process (as in `npm run bench`), in front of the demo upstream.
 *  1. For each hostile document (bench/refusals/hostile.ts), sent one at a time: the gateway's CPU per
 *     refusal (from /proc, for the gateway process alone) and the median answer time.
 *  2. A legitimate query and /healthz, idle and then while hostile documents arrive at 20 per second
 *     (every one of them in turn, sent open-loop: they keep coming whether or not answers come back).
 * Targets: under 2 ms of CPU per refusal of the 1,240-root-field document; under hostile load the
 * legitimate p50 within 2x of idle and /healthz answered within 50 ms.
 *
 *   npm run bench:refusals                   # about 3 s per measurement
 *   BENCH_SECONDS=1 npm run bench:refusals   # quick
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { DEMO_WORKSPACE_ID } from '../demo/src/credentials';
import { startDemoUpstream } from '../demo/src/server';
import { hostileRequests, sendHealth, sendHostile, sendLegitimate, type HostileRequest } from './refusals/hostile';
import { percentile, runClosedLoop, type LoopResult } from './roundTrips/driver';
import { startGatewayProcess } from './roundTrips/gatewayProcess';
import { sampleProcess } from './roundTrips/procStats';

const say = (line: string) => process.stdout.write(`${line}\n`);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const HOSTILE_PER_SECOND = 20;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main(): Promise<void> {
  const upstream = await startDemoUpstream();
  const gateway = await startGatewayProcess(upstream.url);
  const pool = new Pool(new URL(gateway.endpoint).origin, { connections: 16 });
  try {
    const syncId = Number(upstream.store.listSyncs(DEMO_WORKSPACE_ID)[0]?.id ?? 1);
    say(`Refusals: gateway pid ${gateway.pid} in front of the demo upstream; ${SECONDS} s per measurement.\n`);
    say('| hostile document | refusals | CPU per refusal | median answer |\n|---|---:|---:|---:|');
    const cpu = new Map<string, number>();
    for (const request of hostileRequests()) {
      const { perRefusalMs, result } = await measureRefusals(pool, gateway.pid, request);
      cpu.set(request.key, perRefusalMs);
      say(`| ${request.label} | ${result.operations} | ${ms(perRefusalMs)} | ${ms(percentile(result.latenciesMs, 50))} |`);
      if (result.errors > 0) say(`  errors: ${result.errorSamples.join('; ')}`);
    }
    const idle = await measureNeighbours(pool, syncId);
    const loaded = await underHostileLoad(pool, () => measureNeighbours(pool, syncId));
    say('\n| traffic | legitimate p50 | legitimate p99 | /healthz p50 | /healthz max |\n|---|---:|---:|---:|---:|');
    say(`| idle | ${ms(idle.legit50)} | ${ms(idle.legit99)} | ${ms(idle.health50)} | ${ms(idle.healthMax)} |`);
    say(`| ${HOSTILE_PER_SECOND} hostile requests/s (${loaded.sent} sent, ${loaded.failures} not refused as expected) | ${ms(loaded.result.legit50)} | ${ms(loaded.result.legit99)} | ${ms(loaded.result.health50)} | ${ms(loaded.result.healthMax)} |`);
    const targets = [
      [`CPU per refusal of 1,240 root fields < 2 ms`, (cpu.get('rootFields') ?? Infinity) < 2],
      [`legitimate p50 under hostile load <= 2x idle`, loaded.result.legit50 <= 2 * idle.legit50],
      [`/healthz under hostile load answered within 50 ms (max)`, loaded.result.healthMax <= 50],
    ] as const;
    say(`\n${targets.map(([name, met]) => `- ${met ? 'met' : 'MISSED'}: ${name}`).join('\n')}`);
  } finally {
    await pool.close();
    await gateway.stop();
    await upstream.close();
  }
}

/** One hostile document sent back to back for SECONDS: CPU of the gateway per refusal. */
async function measureRefusals(pool: Pool, pid: number, request: HostileRequest): Promise<{ perRefusalMs: number; result: LoopResult }> {
  await runClosedLoop(() => sendHostile(pool, request), { concurrency: 1, seconds: 0.3, minOperations: 5, maxSeconds: 5 });
  const before = sampleProcess(pid).cpuMs;
  const result = await runClosedLoop(() => sendHostile(pool, request), { concurrency: 1, seconds: SECONDS, minOperations: 20, maxSeconds: SECONDS * 4 });
  const cpuMs = sampleProcess(pid).cpuMs - before;
  return { perRefusalMs: cpuMs / result.operations, result };
}

interface Neighbours {
  legit50: number;
  legit99: number;
  health50: number;
  healthMax: number;
}

/** The legitimate query (closed loop, one client) and /healthz (one probe every 20 ms), side by side. */
async function measureNeighbours(pool: Pool, syncId: number): Promise<Neighbours> {
  const loop = { concurrency: 1, seconds: SECONDS, minOperations: 20, maxSeconds: SECONDS * 4 };
  const health: number[] = [];
  let probing = true;
  const probes = (async () => {
    while (probing) {
      const sent = performance.now();
      await sendHealth(pool);
      health.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const legit = await runClosedLoop(() => sendLegitimate(pool, syncId), loop);
  probing = false;
  await probes;
  health.sort((a, b) => a - b);
  if (legit.errors > 0) say(`  legitimate errors: ${legit.errorSamples.join('; ')}`);
  return { legit50: percentile(legit.latenciesMs, 50), legit99: percentile(legit.latenciesMs, 99), health50: percentile(health, 50), healthMax: health.at(-1) ?? 0 };
}

/** Runs `measure` while the hostile documents arrive, in turn, HOSTILE_PER_SECOND times a second. */
async function underHostileLoad<T>(pool: Pool, measure: () => Promise<T>): Promise<{ result: T; sent: number; failures: number }> {
  const requests = hostileRequests();
  let sent = 0;
  let failures = 0;
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const request = requests[sent % requests.length]!;
    sent += 1;
    const one = sendHostile(pool, request).then(
      (failure) => void (failure && (failures += 1)),
      () => void (failures += 1),
    );
    inFlight.add(one);
    void one.finally(() => inFlight.delete(one));
  }, 1000 / HOSTILE_PER_SECOND);
  try {
    return { result: await measure(), sent, failures };
  } finally {
    clearInterval(timer);
    await Promise.all(inFlight);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
