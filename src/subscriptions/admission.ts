/**
 * What an operation must pass before a subscription transport (WebSocket, SSE) runs it: the checks an
 * HTTP request gets at the edge and in Apollo, in the same order and with the same messages. The
 * pre-parse scan (nesting, names, root fields), parsing under MAX_QUERY_TOKENS, validation with the
 * shape limits, then the cost estimate with the operation's variables. Only subscriptions are admitted:
 * queries and mutations belong to HTTP, where the operation deadline, the router gate and the request
 * log apply, and a second way in would have to repeat all of them.
 */
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { scanDocument } from '../limits/documentScan';
import { costRefusal, type CostLimitOptions } from '../limits/costPlugin';
import { refusalLimitOf, type RefusalLimit } from '../limits/refusal';
import { queryLimitError } from '../limits/settings';
import { SCAN_REFUSALS, scanRefusalMessage, type ScanSettings } from '../limits/scanRefusal';
import { stripSuggestions } from '../limits/suggestions';

export interface AdmissionSettings {
  schema: GraphQLSchema;
  /** The rules Apollo runs besides the spec's (the shape limits). */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  scan: ScanSettings;
  cost: CostLimitOptions;
}

/** A subscription request as both transports receive it. */
export interface SubscriptionRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/** What graphql-js's subscribe() needs, less the context; or why the operation may not run. */
export type Admission =
  | { ok: true; schema: GraphQLSchema; document: DocumentNode; operationName: string | undefined; variableValues: Record<string, unknown> | undefined }
  | { ok: false; errors: GraphQLError[]; refusal?: RefusalLimit };

export const SUBSCRIPTIONS_ONLY_MESSAGE = 'This transport carries subscriptions only; send queries and mutations as plain JSON POST requests to /graphql.';

export function createAdmission(settings: AdmissionSettings): (request: SubscriptionRequest) => Admission {
  const rules = [...specifiedRules, ...settings.validationRules];
  return (request) => {
    if (typeof request.query !== 'string' || request.query.length === 0) return refuse([requestError('BAD_REQUEST', 'The request carries no query document.')]);
    const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
    const variableValues = isRecord(request.variables) ? request.variables : undefined;
    const scan = scanDocument(request.query, settings.scan);
    if (scan.kind !== 'ok') return refuse([queryLimitError(scanRefusalMessage(scan, settings.scan))], SCAN_REFUSALS[scan.kind]);
    const parsed = parseDocument(request.query, settings.maxTokens);
    if (parsed instanceof GraphQLError) return refuse([parsed], refusalLimitOf(parsed));
    const invalid = validate(settings.schema, parsed, rules);
    if (invalid.length > 0) return refuse(invalid.map((error) => validationError(error, settings.scan.exposeLimits)), refusalLimitOf(invalid[0]));
    const operation = getOperationAST(parsed, operationName);
    if (!operation) return refuse([requestError('OPERATION_RESOLUTION_FAILURE', unresolvedOperationMessage(operationName))]);
    if (operation.operation !== 'subscription') return refuse([requestError('BAD_REQUEST', SUBSCRIPTIONS_ONLY_MESSAGE)], 'transport');
    const overCost = costRefusal(settings.schema, parsed, operation, variableValues, settings.cost);
    if (overCost) return refuse([overCost], 'cost');
    return { ok: true, schema: settings.schema, document: parsed, operationName, variableValues };
  };
}

function refuse(errors: GraphQLError[], refusal?: RefusalLimit): Admission {
  return { ok: false, errors, refusal };
}

/** Parse failures carry Apollo's code; formatError turns the token limit and stack overflows into QUERY_TOO_COMPLEX. */
function parseDocument(query: string, maxTokens: number): DocumentNode | GraphQLError {
  try {
    return parse(query, { maxTokens });
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    const syntax = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError(syntax?.message ?? 'The query document could not be parsed.', {
      nodes: syntax?.nodes,
      source: syntax?.source,
      positions: syntax?.positions,
      originalError: cause,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  }
}

/** As Apollo labels validation errors: a limit's own code is restored by formatError. */
function validationError(error: GraphQLError, suggestions: boolean): GraphQLError {
  return new GraphQLError(suggestions ? error.message : stripSuggestions(error.message), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}

function unresolvedOperationMessage(name: string | undefined): string {
  return name ? `The document has no operation named "${name}".` : 'The document has several operations; name the one to run with "operationName".';
}

function requestError(code: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
