import { Pool } from 'undici';
import { startDemoUpstream } from '../demo/src/server';
import { hostileRequests, sendHostile } from './refusals/hostile';
import { runClosedLoop } from './roundTrips/driver';
import { startGatewayProcess } from './roundTrips/gatewayProcess';
import { sampleProcess } from './roundTrips/procStats';
(async () => {
  const upstream = await startDemoUpstream();
  const gateway = await startGatewayProcess(upstream.url);
  const pool = new Pool(new URL(gateway.endpoint).origin, { connections: 4 });
  const req = hostileRequests().find((r) => r.key === (process.env.KEY ?? 'rootFields'))!;
  await runClosedLoop(() => sendHostile(pool, req), { concurrency: 1, seconds: 1, minOperations: 5, maxSeconds: 5 });
  const before = sampleProcess(gateway.pid).cpuMs;
  const r = await runClosedLoop(() => sendHostile(pool, req), { concurrency: 1, seconds: 3, minOperations: 5, maxSeconds: 10 });
  console.log(req.key, r.operations, (sampleProcess(gateway.pid).cpuMs - before) / r.operations, r.errorSamples);
  await pool.close(); await gateway.stop(); await upstream.close();
})();
