/**
 * GraphQL over Server-Sent Events in tests: graphql-sse's own client on a gateway's GraphQL path (over
 * Node's fetch), and a plain reader of one event-stream response, for what the client hides (the status,
 * the bytes on the wire).
 */
import { createClient, type Client } from 'graphql-sse';

/** A client in "distinct connections" mode (one request per subscription); it never retries, so a refusal shows. */
export function sseClient(gatewayUrl: string, headers: Record<string, string>): Client {
  return createClient({ url: `${gatewayUrl}/graphql`, headers, retryAttempts: 0 });
}

/**
 * A client in "single connection" mode: it reserves one stream (PUT) and sends every subscription on it.
 * It gets a copy of `headers`: it writes the stream's token into the object it is given.
 */
export function sseSingleConnectionClient(gatewayUrl: string, headers: Record<string, string>): Client<true> {
  return createClient({ url: `${gatewayUrl}/graphql`, headers: { ...headers }, retryAttempts: 0, singleConnection: true });
}

export interface StreamEvent {
  event: string;
  data: unknown;
}

export interface EventStreamAnswer {
  status: number;
  headers: Headers;
  /** The whole body as sent. */
  text: string;
  /** The body's events (comments, such as the opening `:`, left out). */
  events: StreamEvent[];
}

/** POSTs one operation asking for an event stream, and reads the answer to its end (the stream must end). */
export async function postEventStream(gatewayUrl: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<EventStreamAnswer> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, events: response.headers.get('content-type')?.startsWith('text/event-stream') ? parseEvents(text) : [] };
}

/** Reads an open stream's events until one satisfies `last`, then stops reading (the stream stays open on the server until the client goes). */
export async function readEventsUntil(response: Response, last: (event: StreamEvent) => boolean): Promise<StreamEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return parseEvents(text);
      text += decoder.decode(value, { stream: true });
      // Only whole events (each ends with a blank line) are parsed.
      const events = parseEvents(text.slice(0, text.lastIndexOf('\n\n') + 2));
      if (events.some(last)) return events;
    }
  } finally {
    await reader.cancel();
  }
}

function parseEvents(text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter((line) => line !== '' && !line.startsWith(':'));
    if (lines.length === 0) continue;
    const field = (name: string) => lines.find((line) => line.startsWith(`${name}:`))?.slice(name.length + 1).trim();
    const data = field('data');
    events.push({ event: field('event') ?? 'message', data: data === undefined || data === '' ? null : JSON.parse(data) });
  }
  return events;
}
