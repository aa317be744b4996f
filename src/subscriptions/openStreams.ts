/**
 * The subscriptions whose results a transport is streaming, each known by an object of the transport's
 * (graphql-ws's subscribe payload, graphql-sse's request), so that stopping can wait until every one
 * of them queued its `complete`.
 */
export class OpenStreams {
  private readonly streaming = new Set<object>();
  private whenEmpty: Array<() => void> = [];

  open(key: object): void {
    this.streaming.add(key);
  }

  close(key: object): void {
    if (!this.streaming.delete(key) || this.streaming.size > 0) return;
    for (const resolve of this.whenEmpty.splice(0)) resolve();
  }

  allClosed(): Promise<void> {
    return this.streaming.size === 0 ? Promise.resolve() : new Promise((resolve) => this.whenEmpty.push(resolve));
  }
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
