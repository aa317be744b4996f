/**
 * One subscriber's side of a poll loop: an async iterator the loop pushes events into and the GraphQL
 * subscription reads from. Events wait in a queue until read, so a slow reader misses none.
 */

export interface FeedSink<E> {
  push(event: E): void;
  /** No more events: the reader finishes after the queued ones. */
  end(): void;
}

export function createFeed<E>(onClose: () => void): { sink: FeedSink<E>; iterator: AsyncIterableIterator<E> } {
  const queue: E[] = [];
  let ended = false;
  let closed = false;
  let waiting: ((result: IteratorResult<E>) => void) | undefined;

  const close = (): void => {
    if (closed) return;
    closed = true;
    onClose();
  };
  const sink: FeedSink<E> = {
    push(event) {
      if (ended) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: event, done: false });
      } else queue.push(event);
    },
    end() {
      ended = true;
      if (waiting && queue.length === 0) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value: undefined, done: true });
      }
    },
  };
  const iterator: AsyncIterableIterator<E> = {
    next() {
      const event = queue.shift();
      if (event !== undefined) return Promise.resolve({ value: event, done: false });
      if (ended || closed) {
        close();
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve) => (waiting = resolve));
    },
    // The subscriber left (unsubscribe, socket closed): leave the loop at once.
    return() {
      ended = true;
      queue.length = 0;
      close();
      const resolve = waiting;
      waiting = undefined;
      resolve?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return { sink, iterator };
}
