import { getEventListeners } from 'node:events';
import { GatewayShutdownError, ShutdownSwitch } from '../../src/upstream/shutdown';

describe('ShutdownSwitch', () => {
  it('aborts every linked signal with a GatewayShutdownError when it fires, and refuses later links at once', () => {
    const shutdown = new ShutdownSwitch();
    const first = shutdown.link(undefined);
    const second = shutdown.link(new AbortController().signal);
    shutdown.fire();
    expect([first.signal.reason, second.signal.reason]).toEqual([expect.any(GatewayShutdownError), expect.any(GatewayShutdownError)]);
    expect(shutdown.link(undefined).signal.aborted).toBe(true);
  });

  it("passes the operation's own abort reason through (the deadline stays a deadline)", () => {
    const shutdown = new ShutdownSwitch();
    const operation = new AbortController();
    const linked = shutdown.link(operation.signal);
    const deadline = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    operation.abort(deadline);
    expect(linked.signal.reason).toBe(deadline);
    shutdown.fire();
    expect(linked.signal.reason).toBe(deadline);
  });

  it('leaves no listener behind on either signal once a call is disposed', () => {
    const shutdown = new ShutdownSwitch();
    const operation = new AbortController();
    const calls = Array.from({ length: 50 }, () => shutdown.link(operation.signal));
    expect(getEventListeners(operation.signal, 'abort')).toHaveLength(50);
    calls.forEach((call) => call.dispose());
    expect(getEventListeners(operation.signal, 'abort')).toHaveLength(0);
    shutdown.fire();
    expect(calls.map((call) => call.signal.aborted)).toEqual(Array.from({ length: 50 }, () => false));
  });
});
