/**
 * The two subgraphs of the test supergraph without a router: the real gateway as `aisquared` (over the
 * demo upstream) and the ownership subgraph, composed from the SDL our running subgraph serves, as
 * `rover subgraph introspect` would read it. A router of the test's choice is put in front.
 */
import type { DemoUpstream } from '../../demo/src/server';
import type { PollTimer } from '../../src/subscriptions/timer';
import { startHarness, type Harness } from '../support/harness';
import { startOwnershipSubgraph, type OwnershipData, type OwnershipSubgraph } from './ownershipSubgraph';
import { composeSupergraph } from './supergraph';

export interface Subgraphs {
  ours: Harness;
  ownership: OwnershipSubgraph;
  /** The composed supergraph SDL, with both subgraphs' loopback URLs. */
  supergraph: string;
  close(): Promise<void>;
}

/**
 * `routerSecret`: ROUTER_SECRET of our subgraph (the router must then send it); `subscriptionTimer`: when
 * its subscriptions poll again.
 */
export async function startSubgraphs(options: { upstream: DemoUpstream; ownership: OwnershipData; routerSecret?: string; subscriptionTimer?: PollTimer }): Promise<Subgraphs> {
  const { routerSecret, subscriptionTimer } = options;
  const ours = await startHarness({ upstream: options.upstream, env: routerSecret ? { ROUTER_SECRET: routerSecret } : {}, subscriptionTimer });
  const ownership = await startOwnershipSubgraph(options.ownership);
  const served = await ours.graphql<{ _service: { sdl: string } }>('{ _service { sdl } }', undefined, routerSecret ? { 'router-secret': routerSecret } : {});
  if (!served.body.data) throw new Error(`_service failed: ${JSON.stringify(served.body.errors)}`);
  const supergraph = composeSupergraph(served.body.data._service.sdl, { aisquared: `${ours.url}/graphql`, ownership: ownership.url });
  return {
    ours,
    ownership,
    supergraph,
    async close() {
      await ownership.stop();
      await ours.close();
    },
  };
}
