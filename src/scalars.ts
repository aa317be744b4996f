/**
 * The DateTime and JSON scalars.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode, gatewayError } from './errors';
import { findJsonExcess, type JsonExcess, type JsonLimits } from './upstream/jsonLimits';

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 instant in UTC with millisecond precision.',
  serialize(value) {
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    // An unparsable upstream timestamp is a fault of the upstream, reported on the field only.
    if (!date || Number.isNaN(date.getTime())) throw gatewayError(ErrorCode.UPSTREAM_ERROR, 'The AI Squared API sent an invalid timestamp.');
    return date.toISOString();
  },
  parseValue(value) {
    return parseDateTime(value);
  },
  parseLiteral(ast) {
    return parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});

function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  throw gatewayError(ErrorCode.BAD_USER_INPUT, 'A DateTime must be an ISO-8601 string such as "2025-03-14T09:21:07.412Z".');
}

/**
 * The JSON scalar, bounded by `limits`: a value over them fails its own field with UPSTREAM_ERROR
 * instead of breaking the serialization of the whole response (src/upstream/jsonLimits.ts).
 */
export function createJsonScalar(limits: JsonLimits): GraphQLScalarType {
  return new GraphQLScalarType({
    name: 'JSON',
    description: 'Any JSON value.',
    serialize: (value) => assertServableJson(value, limits),
    parseValue: (value) => value,
    parseLiteral: (ast, variables) => literalToValue(ast, variables ?? undefined),
  });
}

/** `value` itself when it is within the limits; otherwise throws a GraphQLError with a code, and nothing else. */
function assertServableJson(value: unknown, limits: JsonLimits): unknown {
  let excess: JsonExcess | undefined;
  try {
    excess = findJsonExcess(value, limits);
  } catch (error) {
    // Only a value JSON.parse never makes (a throwing getter, a proxy) gets here: a gateway bug.
    const originalError = error instanceof Error ? error : new Error('A non-Error value was thrown.');
    throw new GraphQLError('A JSON value could not be read.', { originalError, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
  }
  if (excess === undefined) return value;
  switch (excess.kind) {
    case 'depth':
      throw gatewayError(ErrorCode.UPSTREAM_ERROR, `The AI Squared API sent a JSON value nested deeper than the gateway allows (${excess.limit} levels).`);
    case 'keys':
      throw gatewayError(ErrorCode.UPSTREAM_ERROR, `The AI Squared API sent a JSON value with more keys and items than the gateway allows (${excess.limit}).`);
    case 'not-json':
      throw gatewayError(ErrorCode.INTERNAL_SERVER_ERROR, `A JSON field held ${excess.found}, which is not JSON.`);
  }
}

function literalToValue(ast: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      return ast.value;
    case Kind.LIST:
      return ast.values.map((v) => literalToValue(v, variables));
    case Kind.OBJECT: {
      const out: Record<string, unknown> = Object.create(null);
      for (const field of ast.fields) out[field.name.value] = literalToValue(field.value, variables);
      return out;
    }
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}
