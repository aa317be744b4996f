/**
 * The registry of upstream resources: the one list every derived mechanism walks (global ids,
 * `node`/`nodes`, `Node.__resolveType`, federation entities, codegen's resolver parent types).
 * To add a resource, write its module next to these and add it here (docs/architecture.md).
 */
import { connectorResource } from './connector';
import { modelResource } from './model';
import type { DataOf, KeyOf, SomeResource } from './resource';
import { syncResource } from './sync';
import { syncRecordResource } from './syncRecord';
import { syncRunResource } from './syncRun';
import { workspaceResource } from './workspace';

export const RESOURCES = [syncResource, syncRunResource, syncRecordResource, connectorResource, modelResource, workspaceResource] as const;

type RegisteredResource = (typeof RESOURCES)[number];
export type ResourceTypeName = RegisteredResource['typeName'];

/** A resource's object named by its type and key, e.g. `{ type: 'SyncRun', syncId, runId }` (what a global id holds). */
export type ResourceRef = { [R in RegisteredResource as R['typeName']]: { type: R['typeName'] } & KeyOf<R> }[ResourceTypeName];

/** The same with plain numbers: what encoding a global id takes (it validates nothing). */
export type ResourceRefInput = {
  [R in RegisteredResource as R['typeName']]: { type: R['typeName'] } & { [F in keyof KeyOf<R>]: number };
}[ResourceTypeName];

/** The data object resolvers receive for each resource's GraphQL type (codegen's mappers, see ./mappers.ts). */
export type DataByTypeName = { [R in RegisteredResource as R['typeName']]: DataOf<R> };

const byTypeName = new Map<string, SomeResource>(RESOURCES.map((resource) => [resource.typeName, resource]));

/** The registered resource of a GraphQL type name, or undefined. */
export function resourceNamed(typeName: string): SomeResource | undefined {
  return byTypeName.get(typeName);
}

/** The resources other subgraphs may reference by key. */
export const ENTITY_RESOURCES: readonly SomeResource[] = RESOURCES.filter((resource) => resource.entityKeys !== undefined);

/** The loader key of a ref: its key fields without `type`. */
export function keyOfRef(ref: ResourceRef): KeyOf<SomeResource> {
  const { type: _type, ...key } = ref;
  return key as KeyOf<SomeResource>;
}
