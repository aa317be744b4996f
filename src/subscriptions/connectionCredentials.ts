/**
 * Where a WebSocket connection's caller credentials come from. graphql-ws clients send them in
 * `connection_init`'s payload. Apollo Router in passthrough mode cannot put them there without a script
 * (its payload is `{ "token": <Authorization> }`), but it sends the headers its propagation rules give
 * the subgraph on the WebSocket upgrade request. So a payload that names an `Authorization` supplies
 * both credentials, and the upgrade request's headers are not read; otherwise both come from those
 * headers. Never one from each: a token and a workspace always come from the same sender. (Browsers
 * cannot set either header on a WebSocket upgrade, so a cross-site page cannot supply them this way.)
 */
import type { IncomingMessage } from 'node:http';

export type HeaderLookup = (name: string) => string | undefined;

export function connectionCredentialsLookup(params: Readonly<Record<string, unknown>> | undefined, upgrade: IncomingMessage): HeaderLookup {
  const payload = payloadLookup(params);
  return payload('authorization') === undefined ? upgradeHeaderLookup(upgrade) : payload;
}

/** `connection_init`'s payload as headers: names in any case, only non-empty string values. */
function payloadLookup(params: Readonly<Record<string, unknown>> | undefined): HeaderLookup {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(params ?? {})) if (typeof value === 'string' && value !== '') values.set(name.toLowerCase(), value);
  return (name) => values.get(name.toLowerCase());
}

/**
 * The upgrade request's headers. A repeated header is joined as Node joins most of them ("a, b"), which
 * no valid token or workspace id matches: two Authorization headers are refused as over HTTP, where Node
 * would otherwise keep only the first.
 */
function upgradeHeaderLookup(upgrade: IncomingMessage): HeaderLookup {
  return (name) => upgrade.headersDistinct[name.toLowerCase()]?.join(', ');
}
