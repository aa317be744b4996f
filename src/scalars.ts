/**
 * The DateTime and JSON scalars.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode, gatewayError } from './errors';

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

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalToValue(ast, variables ?? undefined),
});

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
