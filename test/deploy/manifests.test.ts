/**
 * The Kubernetes manifests in deploy/ held to the gateway they deploy: every environment variable they
 * set is one the gateway reads (loadConfig accepts the manifest's environment and reads each name) and
 * the README documents; their ports and probe paths are the gateway's, and a real gateway answers
 * those paths; their shutdown timings leave the gateway time to drain and exit by itself before
 * Kubernetes kills it; the Secret they read is the one docs/deploy.md tells you to create.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config';
import type { Env } from '../../src/envReader';
import { SHUTDOWN_ANSWER_MS } from '../../src/apollo';
import { SHUTDOWN_BACKSTOP_MS } from '../../src/server';
import { startHarness } from '../support/harness';
import { defined } from '../support/response';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Probe {
  httpGet: { path: string; port: string | number };
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number }>;
  env: EnvVar[];
  startupProbe?: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: { command: string[] } } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}
interface DeploymentSpec {
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: { terminationGracePeriodSeconds: number; containers: Container[] } };
}

const ROOT = join(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');

const manifests: Manifest[] = readdirSync(DEPLOY)
  .filter((name) => name.endsWith('.yaml'))
  .flatMap((name) => parseAllDocuments(readFileSync(join(DEPLOY, name), 'utf8')).map((document) => document.toJS() as unknown as Manifest));

function manifestOf(kind: string): Manifest {
  return defined(
    manifests.find((manifest) => manifest.kind === kind),
    `a ${kind} in deploy/`,
  );
}

const deployment = manifestOf('Deployment');
const deploymentSpec = deployment.spec as unknown as DeploymentSpec;
const podLabels = deploymentSpec.template.metadata.labels;
const container = defined(deploymentSpec.template.spec.containers[0], 'the gateway container');

/** The names in the first column of the configuration table (docs/configuration.md). */
const documentedVariables = [...readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1] as string);

/** A value for a variable read from a Secret: long enough for CURSOR_SECRET and ROUTER_SECRET. */
const SECRET_PLACEHOLDER = 'k8s-secret-value-0123456789abcdef';

/** The container's environment as the gateway sees it, Secret values filled in. */
function containerEnv(): Record<string, string> {
  return Object.fromEntries(container.env.map((variable) => [variable.name, variable.value ?? (variable.valueFrom?.secretKeyRef ? SECRET_PLACEHOLDER : '')]));
}

/** loadConfig over the container's environment, noting every name it reads. */
function loadManifestConfig(): { config: ReturnType<typeof loadConfig>; read: Set<string> } {
  const read = new Set<string>();
  const env = new Proxy<Env>(containerEnv(), {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
  return { config: loadConfig(env), read };
}

describe('the manifests', () => {
  it('hold a Deployment, a Service, a PodDisruptionBudget and a CPU HorizontalPodAutoscaler (autoscaling/v2), all selecting the same pods', () => {
    expect(manifests.map((manifest) => `${manifest.apiVersion} ${manifest.kind}`).sort()).toEqual([
      'apps/v1 Deployment',
      'autoscaling/v2 HorizontalPodAutoscaler',
      'policy/v1 PodDisruptionBudget',
      'v1 Service',
    ]);
    expect(deploymentSpec.selector.matchLabels).toEqual(podLabels);
    expect(manifestOf('Service').spec.selector).toEqual(podLabels);
    expect(manifestOf('PodDisruptionBudget').spec).toMatchObject({ selector: { matchLabels: podLabels } });
    expect(manifestOf('HorizontalPodAutoscaler').spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
    });
    // CPU utilization is a share of the request: without one the autoscaler cannot work.
    expect(container.resources.requests.cpu).toEqual(expect.any(String));
    expect(container.resources).toMatchObject({ requests: { memory: expect.any(String) }, limits: { cpu: expect.any(String), memory: expect.any(String) } });
  });

  it('set only variables the gateway reads and docs/configuration.md documents, with values it accepts', () => {
    const names = container.env.map((variable) => variable.name);
    const { config, read } = loadManifestConfig();
    expect(names.filter((name) => !read.has(name))).toEqual([]);
    expect(names.filter((name) => !documentedVariables.includes(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['AISQUARED_API_URL', 'CURSOR_SECRET', 'HOST', 'PORT', 'SHUTDOWN_DELAY_MS', 'SHUTDOWN_GRACE_MS']));
    expect(config.listen).toEqual({ host: '0.0.0.0', port: defined(container.ports[0], 'the container port').containerPort });
    expect(config.upstream.url).toBe('https://api.squared.ai');
    expect(config.pagination.cursorSecret.toString('utf8')).toBe(SECRET_PLACEHOLDER);
  });

  it('name the ports the gateway listens on, and the Service and probes use the main one, never the metrics one', () => {
    const [port] = container.ports;
    expect(container.ports).toEqual([
      { name: 'http', containerPort: Number(containerEnv().PORT) },
      { name: 'metrics', containerPort: Number(containerEnv().METRICS_PORT) },
    ]);
    const { config } = loadManifestConfig();
    expect(config.metrics).toEqual({ enabled: true, port: Number(containerEnv().METRICS_PORT) });
    const annotations = (manifestOf('Deployment').spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;
    expect(annotations['prometheus.io/port']).toBe(containerEnv().METRICS_PORT);
    const service = manifestOf('Service').spec as { ports: Array<{ targetPort: string | number }> };
    for (const target of [...service.ports.map((entry) => entry.targetPort), ...probes().map((probe) => probe.httpGet.port)]) {
      expect([port?.name, port?.containerPort]).toContain(target);
    }
  });

  it('probe paths a real gateway answers: startup and liveness 200 even while it drains, readiness 200 then 503 once it drains', async () => {
    const harness = await startHarness();
    try {
      const statuses = () => Promise.all(probes().map(async (probe) => (await fetch(`${harness.url}${probe.httpGet.path}`)).status));
      expect(probes().map((probe) => probe.httpGet.path)).toEqual(['/healthz', '/healthz', '/readyz']);
      expect(await statuses()).toEqual([200, 200, 200]);
      harness.gateway.beginDraining();
      expect(await statuses()).toEqual([200, 200, 503]);
    } finally {
      await harness.close();
    }
  });

  it('give the readiness probe more time than the gateway gives its upstream check', () => {
    const { config } = loadManifestConfig();
    expect(defined(container.readinessProbe.timeoutSeconds) * 1000).toBeGreaterThan(config.upstream.readinessTimeoutMs);
  });

  it('let the gateway leave the rotation, drain and exit by itself before Kubernetes kills it', () => {
    const { config } = loadManifestConfig();
    const preStopMs = defined(container.lifecycle?.preStop?.sleep, 'a preStop sleep').seconds * 1000;
    // Kubernetes counts the preStop hook in the grace period; SIGTERM comes after it.
    const gatewayExitsBy = preStopMs + config.shutdownDelayMs + config.shutdownGraceMs + SHUTDOWN_ANSWER_MS;
    const backstopBy = preStopMs + config.shutdownDelayMs + config.shutdownGraceMs + SHUTDOWN_BACKSTOP_MS;
    const killedAt = deploymentSpec.template.spec.terminationGracePeriodSeconds * 1000;
    expect({ gatewayExitsBy, backstopBy, killedAt }).toEqual({ gatewayExitsBy: 21000, backstopBy: 25000, killedAt: 30000 });
    expect(backstopBy).toBeLessThan(killedAt);
  });

  it('run as a non-root user on a read-only root filesystem without privilege escalation', () => {
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('read CURSOR_SECRET from the Secret docs/deploy.md tells you to create, under the same key', () => {
    const refs = container.env.flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [{ env: variable.name, ...variable.valueFrom.secretKeyRef }] : []));
    expect(refs).toEqual([
      { env: 'CURSOR_SECRET', name: 'aisquared-gateway', key: 'cursor-secret' },
      { env: 'ROUTER_SECRET', name: 'aisquared-gateway', key: 'router-secret', optional: true },
    ]);
    const docs = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
    expect(docs).toContain('kubectl create secret generic aisquared-gateway --from-literal=cursor-secret=');
    expect(docs).toContain('--from-literal=router-secret=');
  });
});

function probes(): Probe[] {
  return [container.startupProbe, container.livenessProbe, container.readinessProbe].filter((probe): probe is Probe => probe !== undefined);
}
