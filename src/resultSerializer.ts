/**
 * Apollo's `stringifyResult`, made unable to fail. When JSON.stringify throws on a result (a value
 * nested deep enough to overflow V8's recursive serializer, a cycle, a BigInt), Apollo would answer 500
 * and drop every field. Nothing the gateway serves should get there (the JSON scalar bounds upstream
 * values), so this is a safety net: it logs the cause with the request id and answers with a copy of
 * the result in which every value it cannot serialize is null, plus one INTERNAL_SERVER_ERROR.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './context';
import { ErrorCode } from './errors';
import type { Logger } from './logger';

/** Deeper than any result the configured limits allow, far below where V8's JSON.stringify overflows. */
const FALLBACK_MAX_DEPTH = 1000;

const UNSERIALIZABLE = { message: 'Part of this response could not be serialized and was replaced by null.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };

const LAST_RESORT = JSON.stringify({ errors: [{ message: 'The response could not be serialized.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });

export interface ResultSerializer {
  stringifyResult(result: FormattedExecutionResult): string;
  /** Tells the serializer which request each result belongs to (for the log line). */
  plugin: ApolloServerPlugin<GatewayContext>;
}

export function createResultSerializer(logger: Logger): ResultSerializer {
  // stringifyResult gets no context; Apollo hands it a new object holding the same `data` and `errors`.
  const requestIds = new WeakMap<object, string>();
  const ownerOf = (result: FormattedExecutionResult): object | undefined => result.data ?? result.errors ?? undefined;
  return {
    stringifyResult(result) {
      try {
        return `${JSON.stringify(result)}\n`;
      } catch (error) {
        const owner = ownerOf(result);
        const { text, replaced } = stringifyReplacingOffenders(result);
        logger.error({ requestId: owner && requestIds.get(owner), err: error, replaced }, 'response could not be serialized; its offending values were replaced by null');
        return text;
      }
    },
    plugin: {
      async requestDidStart({ contextValue }) {
        return {
          async willSendResponse({ response }) {
            const owner = response.body.kind === 'single' ? ownerOf(response.body.singleResult) : undefined;
            if (owner) requestIds.set(owner, contextValue.requestId);
          },
        };
      },
    },
  };
}

/** Marks a value JSON.stringify would choke on. */
const UNREADABLE = Symbol('unreadable');

/** The result with every value JSON.stringify chokes on replaced by null, and an error saying so. */
function stringifyReplacingOffenders(result: FormattedExecutionResult): { text: string; replaced: number | undefined } {
  try {
    const { copy, replaced } = serializableCopy(result, FALLBACK_MAX_DEPTH);
    const safe = copy as FormattedExecutionResult;
    return { text: `${JSON.stringify({ errors: [...(safe.errors ?? []), UNSERIALIZABLE], data: safe.data, extensions: safe.extensions })}\n`, replaced };
  } catch {
    return { text: `${LAST_RESORT}\n`, replaced: undefined };
  }
}

interface Task {
  source: unknown;
  depth: number;
  put(value: unknown): void;
}

/**
 * A copy of `value` that JSON.stringify can serialize: built with an explicit stack (no recursion),
 * values past `maxDepth`, cycles, BigInts, functions, symbols and throwing getters or toJSON become null.
 */
export function serializableCopy(value: unknown, maxDepth: number): { copy: unknown; replaced: number } {
  let copy: unknown = null;
  let replaced = 0;
  const ancestors = new Set<object>();
  const stack: Array<Task | { leave: object }> = [{ source: value, depth: 0, put: (v) => (copy = v) }];
  while (stack.length > 0) {
    const task = stack.pop() as Task | { leave: object };
    if ('leave' in task) {
      ancestors.delete(task.leave);
      continue;
    }
    const source = readJsonValue(task.source);
    if (source === UNREADABLE || (source !== null && typeof source === 'object' && (task.depth >= maxDepth || ancestors.has(source)))) {
      replaced += 1;
      task.put(null);
      continue;
    }
    if (source === null || typeof source !== 'object') {
      task.put(source);
      continue;
    }
    ancestors.add(source);
    stack.push({ leave: source });
    pushChildren(source, task, stack);
  }
  return { copy, replaced };
}

/** A fresh container for `source` (given to the parent), its children pushed in reverse so they fill it in order. */
function pushChildren(source: object, task: Task, stack: Array<Task | { leave: object }>): void {
  const depth = task.depth + 1;
  if (Array.isArray(source)) {
    const target: unknown[] = new Array<unknown>(source.length).fill(null);
    task.put(target);
    for (let i = source.length - 1; i >= 0; i -= 1) stack.push({ source: readKey(source, i), depth, put: (v) => (target[i] = v === undefined ? null : v) });
    return;
  }
  const target: Record<string, unknown> = {};
  task.put(target);
  const keys = Object.keys(source);
  for (let i = keys.length - 1; i >= 0; i -= 1) {
    const key = keys[i] as string;
    stack.push({
      source: readKey(source, key),
      depth,
      put: (v) => {
        if (v !== undefined) target[key] = v;
      },
    });
  }
}

function readKey(source: object, key: string | number): unknown {
  try {
    return (source as Record<string | number, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

/** What JSON.stringify would serialize for `value` (the result of its toJSON, if any), or UNREADABLE. */
function readJsonValue(value: unknown): unknown {
  let json = value;
  try {
    const toJSON: unknown = value !== null && typeof value === 'object' ? (value as { toJSON?: unknown }).toJSON : undefined;
    if (typeof toJSON === 'function') json = toJSON.call(value);
  } catch {
    return UNREADABLE;
  }
  return typeof json === 'bigint' || typeof json === 'function' || typeof json === 'symbol' ? UNREADABLE : json;
}
