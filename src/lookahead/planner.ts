/**
 * The lookahead planner: an object fetched by key (a sync by id, a run of a sync) looks at its
 * selection before resolving, and starts at once every upstream request of its children whose inputs
 * are already known (the key plus the children's arguments), through the request's loaders, so the
 * children find them cached instead of waiting a round each.
 *
 * It also skips the object's own request when nothing but its key is selected from it and a child's
 * request proves it exists: the upstream answers 404 on a nested route (`/syncs/7/sync_runs/...`) when
 * the sync or run is missing. So `sync(databaseId: 7) { run(databaseId: 12) { records { ... } } }`
 * costs one request, the record page. When that request fails (404, or any other error), the object is
 * fetched after all, so it is null exactly when it is missing and every error stays where it was: the
 * child finds the failure cached and reports it on its own path, as it always did.
 */
import type { GatewayContext } from '../context';
import type { Resource, ResourceKey } from '../resources/resource';
import { selectedFields, type SelectedField, type Selection } from './selection';

/** What the planner knows about the fields of one GraphQL type whose objects are fetched by key. */
export interface ObjectLookahead<Key extends ResourceKey, Data extends object> {
  resource: Resource<string, Key, Data>;
  /** Fields the key alone answers (`id`, `databaseId`, ...): selecting only these needs no fetch. */
  fromKey: readonly string[];
  /**
   * The object made of its key alone, served when its existence is proven by a child's request. Only
   * the `fromKey` fields and the `children` below ever read it (the planner makes sure of that).
   */
  stub(key: Key): Data;
  /**
   * Children whose requests the key and their arguments determine. Each starts them now and returns a
   * promise of one request under this object's upstream path (its success proves the object exists),
   * or undefined when it cannot plan (e.g. invalid arguments: execution reports those itself).
   */
  children: Record<string, ChildPlanner<Key>>;
}

export type ChildPlanner<Key> = (ctx: GatewayContext, parent: Key, field: SelectedField & { args: Record<string, unknown> }) => Promise<unknown> | undefined;

/** What planning one object started: its own fetch when needed, and the request that proves it exists. */
export interface ObjectPlan<Data> {
  own: Promise<Data | null> | undefined;
  proof: Promise<unknown> | undefined;
}

/** Starts the requests of an object and its known descendants; fetches the object itself only if it must. */
export function planObject<Key extends ResourceKey, Data extends object>(
  ctx: GatewayContext,
  lookahead: ObjectLookahead<Key, Data>,
  key: Key,
  selection: Selection | undefined,
): ObjectPlan<Data> {
  let needsOwn = selection === undefined;
  let proof: Promise<unknown> | undefined;
  for (const field of selection ? selectedFields(selection) : []) {
    if (field.name === '__typename' || lookahead.fromKey.includes(field.name)) continue;
    const started = startChild(ctx, lookahead, key, field);
    if (started) proof ??= started;
    else needsOwn = true;
  }
  if (needsOwn || !proof) {
    const own = ctx.loaders.load(lookahead.resource, key) as Promise<Data | null>;
    const proof = own.then(provenOrThrow);
    proof.catch(() => undefined); // observed by whoever needs the proof; never an unhandled rejection
    return { own, proof };
  }
  return { own: undefined, proof };
}

/**
 * A fetch that found the object proves its parents exist; one that found nothing (the loaders turn a
 * 404 into null) proves nothing: the 404 may have been about a parent.
 */
function provenOrThrow<Data>(found: Data | null): Data {
  if (found === null) throw new Error('not found: proves nothing about the parents');
  return found;
}

/** The object for a field that returns it by key: fetched, or its stub once a child's request proved it. */
export async function resolveByKey<Key extends ResourceKey, Data extends object>(
  ctx: GatewayContext,
  lookahead: ObjectLookahead<Key, Data>,
  key: Key,
  selection: Selection | undefined,
): Promise<Data | null> {
  if (!ctx.lookahead) return ctx.loaders.load(lookahead.resource, key);
  const plan = planObject(ctx, lookahead, key, selection);
  if (plan.own) return plan.own;
  try {
    await plan.proof;
    return lookahead.stub(key);
  } catch {
    // Missing, forbidden, failing: fetch the object as if there were no lookahead, so its answer (null
    // or its own error) is what it always was; its child reports the cached failure on its own path.
    return ctx.loaders.load(lookahead.resource, key) as Promise<Data | null>;
  }
}

function startChild<Key extends ResourceKey, Data extends object>(
  ctx: GatewayContext,
  lookahead: ObjectLookahead<Key, Data>,
  key: Key,
  field: SelectedField,
): Promise<unknown> | undefined {
  const planner = lookahead.children[field.name];
  const args = planner ? field.args : undefined;
  if (!planner || !args) return undefined;
  let started: Promise<unknown> | undefined;
  try {
    started = planner(ctx, key, { name: field.name, selection: field.selection, args });
  } catch {
    return undefined; // e.g. an argument the resolver will reject: plan nothing, let execution say why
  }
  // A prefetch nobody awaits must never surface as an unhandled rejection; the loaders keep the
  // failure cached for the field that does await it.
  started?.catch(() => undefined);
  return started;
}
