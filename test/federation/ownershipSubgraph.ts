/**
 * A second, tiny Federation 2 subgraph, as a company would write one next to the gateway: an ownership
 * service that knows which team owns which sync, steward of which connector, and the incidents filed
 * against runs. It extends this gateway's entities by key and never calls the AI Squared API:
 *   - Sync     by `databaseId`                    (adds `Sync.owner`)
 *   - SyncRun  by `syncDatabaseId databaseId`     (adds `SyncRun.incidents`)
 *   - Connector by `id`, the opaque Relay id it stored when a team adopted the connector (adds `steward`)
 * and returns references to them (`Team.syncs`, `Team.connectors`, `Incident.run`) that the router
 * resolves through the gateway's `_entities`.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

export const ownershipTypeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    "Every team, in a fixed order."
    teams: [Team!]!
    "Every incident, in a fixed order."
    incidents: [Incident!]!
  }

  type Team {
    name: String!
    slackChannel: String!
    "Syncs the team owns (references: the gateway resolves them)."
    syncs: [Sync!]!
    "Connectors the team stewards, stored by their Relay global id."
    connectors: [Connector!]!
  }

  type Incident {
    id: ID!
    summary: String!
    "The run the incident was filed against."
    run: SyncRun
  }

  type Sync @key(fields: "databaseId") {
    databaseId: Int!
    "The team that owns the sync, or null."
    owner: Team
  }

  type SyncRun @key(fields: "syncDatabaseId databaseId") {
    syncDatabaseId: Int!
    databaseId: Int!
    "Incidents filed against this run."
    incidents: [Incident!]!
  }

  type Connector @key(fields: "id") {
    id: ID!
    "The team that stewards the connector, or null."
    steward: Team
  }
`);

export interface OwnershipData {
  teams: Array<{ name: string; slackChannel: string; syncs: number[]; connectors: string[] }>;
  incidents: Array<{ id: string; summary: string; syncId: number; runId: number }>;
}

export interface OwnershipSubgraph {
  url: string;
  /** Every GraphQL request the subgraph received: its `_entities` calls show what the router asked. */
  requests: Array<{ query: string; variables: Record<string, unknown> | undefined }>;
  stop(): Promise<void>;
}

type TeamData = OwnershipData['teams'][number];
type IncidentData = OwnershipData['incidents'][number];

export function ownershipResolvers(data: OwnershipData) {
  const teamOwning = (syncId: number) => data.teams.find((team) => team.syncs.includes(syncId)) ?? null;
  return {
    Query: {
      teams: () => data.teams,
      incidents: () => data.incidents,
    },
    Team: {
      syncs: (team: TeamData) => team.syncs.map((databaseId) => ({ __typename: 'Sync', databaseId })),
      connectors: (team: TeamData) => team.connectors.map((id) => ({ __typename: 'Connector', id })),
    },
    Incident: {
      run: (incident: IncidentData) => ({ __typename: 'SyncRun', syncDatabaseId: incident.syncId, databaseId: incident.runId }),
    },
    Sync: {
      __resolveReference: (reference: { databaseId: number }) => ({ databaseId: reference.databaseId }),
      owner: (sync: { databaseId: number }) => teamOwning(sync.databaseId),
    },
    SyncRun: {
      __resolveReference: (reference: { syncDatabaseId: number; databaseId: number }) => reference,
      incidents: (run: { syncDatabaseId: number; databaseId: number }) =>
        data.incidents.filter((incident) => incident.syncId === run.syncDatabaseId && incident.runId === run.databaseId),
    },
    Connector: {
      __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
      steward: (connector: { id: string }) => data.teams.find((team) => team.connectors.includes(connector.id)) ?? null,
    },
  };
}

export async function startOwnershipSubgraph(data: OwnershipData): Promise<OwnershipSubgraph> {
  const requests: OwnershipSubgraph['requests'] = [];
  const server = new ApolloServer({
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    schema: buildSubgraphSchema({ typeDefs: ownershipTypeDefs, resolvers: ownershipResolvers(data) as never }),
    plugins: [
      {
        async requestDidStart({ request }) {
          requests.push({ query: request.query ?? '', variables: request.variables });
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, requests, stop: () => server.stop() };
}
