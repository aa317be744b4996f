import { Pool } from 'undici';
import { startDemoUpstream } from '../demo/src/server';
import { sendHostile, ROOT_FIELDS_1240, type HostileRequest } from './refusals/hostile';
import { runClosedLoop } from './roundTrips/driver';
import { startGatewayProcess } from './roundTrips/gatewayProcess';
import { sampleProcess } from './roundTrips/procStats';
import { DEMO_TOKEN } from '../demo/src/credentials';
(async () => {
  const upstream = await startDemoUpstream();
  const gateway = await startGatewayProcess(upstream.url);
  const pool = new Pool(new URL(gateway.endpoint).origin, { connections: 4 });
  const h = { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKEN}` };
  const reqs: HostileRequest[] = [
    { key: 'typename', label: '', status: 200, headers: h, body: JSON.stringify({ query: '{ __typename }' }) },
    { key: 'syntax32k', label: '', status: 400, headers: h, body: JSON.stringify({ query: ROOT_FIELDS_1240.slice(0, -1) + ' ( ' }) },
    { key: 'roots', label: '', status: 400, headers: h, body: JSON.stringify({ query: ROOT_FIELDS_1240 }) },
    { key: 'pad32k', label: '', status: 200, headers: h, body: JSON.stringify({ query: '{ __typename }', extensions: { pad: 'x'.repeat(32000) } }) },
  ];
  for (const req of reqs) {
    await runClosedLoop(() => sendHostile(pool, req), { concurrency: 1, seconds: 1, minOperations: 5, maxSeconds: 5 });
    const before = sampleProcess(gateway.pid).cpuMs;
    const r = await runClosedLoop(() => sendHostile(pool, req), { concurrency: 1, seconds: 2, minOperations: 5, maxSeconds: 10 });
    console.log(req.key, r.operations, ((sampleProcess(gateway.pid).cpuMs - before) / r.operations).toFixed(3), r.errorSamples);
  }
  await pool.close(); await gateway.stop(); await upstream.close();
})();
