/**
 * The inbound limits: what a single request may ask of the gateway. Values come from the configuration
 * (src/config.ts); docs/limits-and-failures.md ("Inbound limits") lists every default.
 */
import { GraphQLError, type ASTNode } from 'graphql';
import { ErrorCode } from '../errors';

export interface InboundLimits {
  /** Largest request body, bytes (413 above it). */
  maxRequestBytes: number;
  /** Most lexical tokens in a query document (checked while parsing). */
  maxTokens: number;
  /** Deepest field nesting, fragments expanded; a root field is at depth 1. */
  maxDepth: number;
  /** Most aliased fields, fragments expanded. */
  maxAliases: number;
  /** Most root fields, every aliased or repeated use counted. */
  maxRootFields: number;
  /** Most directive uses, fragments expanded. */
  maxDirectives: number;
  /** Most selections of one response name in one selection set (bounds graphql-js's pairwise field check). */
  maxRepeatedFields: number;
  /** Deepest nesting of braces, brackets and parentheses in a document (checked before parsing). */
  maxNesting: number;
  /** Highest estimated cost (see src/limits/cost.ts). */
  maxCost: number;
}

/**
 * A rejection by one of the limits: HTTP 400, code QUERY_TOO_COMPLEX, raised before any resolver runs.
 * It carries no stack frames: Apollo wraps it and copies its stack, and formatting a stack (through
 * source maps under tsx) would be the most expensive part of a refusal that is meant to be cheap.
 */
export function queryLimitError(message: string, nodes?: ASTNode | readonly ASTNode[]): GraphQLError {
  const frames = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(message, { nodes, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, http: { status: 400 } } });
  } finally {
    Error.stackTraceLimit = frames;
  }
}
