/**
 * Relay object identification: a global id (or a validated federation representation) -> the
 * resource module of its type -> that resource's loader.
 */
import type { GatewayContext } from '../context';
import { decodeGlobalId, type GlobalRef } from '../globalId';
import { keyOfRef, resourceNamed, type DataByTypeName } from '../resources';

export type NodeData = DataByTypeName[keyof DataByTypeName];

export async function loadNode(ctx: GatewayContext, id: string, argument = 'id'): Promise<NodeData | null> {
  return loadRef(ctx, decodeGlobalId(id, argument));
}

/** The object a decoded global id designates, through the request's loaders. */
export async function loadRef(ctx: GatewayContext, ref: GlobalRef): Promise<NodeData | null> {
  const resource = resourceNamed(ref.type);
  if (!resource) return null;
  return (await ctx.loaders.load(resource, keyOfRef(ref))) as NodeData | null;
}
