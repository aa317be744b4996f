/**
 * Id sequences, one per resource type. Each type starts in its own range (syncs 1.., connectors 201..,
 * models 301.., runs 1001.., records 100001..) so an id used as the wrong kind of id finds nothing, and
 * ids are global across workspaces, so two workspaces never share one.
 */
export type IdKind = 'sync' | 'connector' | 'model' | 'run' | 'record';

export const FIRST_IDS: Readonly<Record<IdKind, number>> = {
  sync: 1,
  connector: 201,
  model: 301,
  run: 1001,
  record: 100001,
};

export interface IdAllocator {
  next(kind: IdKind): number;
  /** Makes the next id of `kind` larger than `used` (after the store adopts existing rows). */
  reserve(kind: IdKind, used: number): void;
}

export function createIdAllocator(): IdAllocator {
  const next: Record<IdKind, number> = { ...FIRST_IDS };
  return {
    next(kind) {
      const id = next[kind];
      next[kind] = id + 1;
      return id;
    },
    reserve(kind, used) {
      if (used >= next[kind]) next[kind] = used + 1;
    },
  };
}
