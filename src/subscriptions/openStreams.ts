/**
 * The subscriptions whose results are being streamed, by their subscribe request: shutdown waits until
 * each has sent its completion before it closes the connections that carry them.
 */
export class OpenStreams {
  private readonly streaming = new Set<object>();
  private whenEmpty: Array<() => void> = [];

  open(request: object): void {
    this.streaming.add(request);
  }

  close(request: object): void {
    if (!this.streaming.delete(request) || this.streaming.size > 0) return;
    for (const resolve of this.whenEmpty.splice(0)) resolve();
  }

  allClosed(): Promise<void> {
    return this.streaming.size === 0 ? Promise.resolve() : new Promise((resolve) => this.whenEmpty.push(resolve));
  }
}
