import { CircuitBreaker, type BreakerState } from '../../src/upstream/circuitBreaker';
import { defined } from '../support/response';

function breaker(failureThreshold = 3, cooldownMs = 1000) {
  let now = 0;
  const changes: Array<[BreakerState, BreakerState]> = [];
  const subject = new CircuitBreaker({ failureThreshold, cooldownMs }, () => now, (from, to) => changes.push([from, to]));
  const fail = (n: number) => {
    for (let i = 0; i < n; i += 1) subject.record(defined(subject.tryAcquire(), 'a permit'), 'failure');
  };
  return { subject, changes, fail, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after `failureThreshold` consecutive failures, and a success resets the count', () => {
    const { subject, changes, fail } = breaker(3);
    fail(2);
    subject.record(defined(subject.tryAcquire(), 'a permit'), 'success');
    fail(2);
    expect(subject.state).toBe('closed');
    fail(1);
    expect(subject.state).toBe('open');
    expect(changes).toEqual([['closed', 'open']]);
  });

  it('refuses every call while open, until the cool-down has passed', () => {
    const { subject, fail, advance } = breaker(1, 1000);
    fail(1);
    expect(subject.tryAcquire()).toBeUndefined();
    advance(999);
    expect(subject.tryAcquire()).toBeUndefined();
    expect(subject.state).toBe('open');
    advance(1);
    expect(subject.state).toBe('half-open');
  });

  it('lets one probe through when half-open, and closes when it succeeds', () => {
    const { subject, changes, fail, advance } = breaker(1, 1000);
    fail(1);
    advance(1000);
    const probe = subject.tryAcquire();
    expect(probe).toEqual({ probe: true, probeId: 1 });
    expect(subject.tryAcquire()).toBeUndefined();
    subject.record(defined(probe, 'the probe'), 'success');
    expect(subject.state).toBe('closed');
    expect(subject.tryAcquire()).toEqual({ probe: false, probeId: 0 });
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('opens again for a full cool-down when the probe fails', () => {
    const { subject, fail, advance } = breaker(1, 1000);
    fail(1);
    advance(1500);
    subject.record(defined(subject.tryAcquire(), 'a permit'), 'failure');
    expect(subject.state).toBe('open');
    advance(999);
    expect(subject.tryAcquire()).toBeUndefined();
    advance(1);
    expect(subject.tryAcquire()?.probe).toBe(true);
  });

  it('frees the probe slot when the probe proves nothing (cancelled), without changing state', () => {
    const { subject, fail, advance } = breaker(1, 1000);
    fail(1);
    advance(1000);
    subject.record(defined(subject.tryAcquire(), 'a permit'), 'neutral');
    expect(subject.state).toBe('half-open');
    expect(subject.tryAcquire()).toEqual({ probe: true, probeId: 2 });
  });

  it('writes off a probe that never reports within a cool-down', () => {
    const { subject, fail, advance } = breaker(1, 1000);
    fail(1);
    advance(1000);
    const lost = defined(subject.tryAcquire(), 'a permit');
    advance(999);
    expect(subject.tryAcquire()).toBeUndefined();
    advance(1);
    const next = defined(subject.tryAcquire(), 'a permit');
    expect(next.probeId).toBe(2);
    subject.record(lost, 'success'); // too late: not the current probe
    expect(subject.state).toBe('half-open');
    subject.record(next, 'success');
    expect(subject.state).toBe('closed');
  });

  it('ignores neutral outcomes while closed, and late results of calls made before it opened', () => {
    const { subject, fail } = breaker(2, 1000);
    const early = defined(subject.tryAcquire(), 'a permit');
    subject.record(defined(subject.tryAcquire(), 'a permit'), 'neutral');
    subject.record(defined(subject.tryAcquire(), 'a permit'), 'failure');
    subject.record(defined(subject.tryAcquire(), 'a permit'), 'neutral');
    fail(1);
    expect(subject.state).toBe('open');
    subject.record(early, 'success');
    expect(subject.state).toBe('open');
  });
});

describe('CircuitBreaker, as its owners drive it', () => {
  it('trip opens it at once for a whole cool-down, from closed or half-open', () => {
    const { subject, changes, advance } = breaker(3, 1000);
    subject.trip();
    expect(subject.tryAcquire()).toBeUndefined();
    advance(1000);
    defined(subject.tryAcquire(), 'the probe');
    subject.trip();
    advance(999);
    expect(subject.state).toBe('open');
    advance(1);
    expect(subject.tryAcquire()?.probe).toBe(true);
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'open'],
      ['open', 'half-open'],
    ]);
  });

  it('is idle only when closed with no failure counted', () => {
    const { subject, fail } = breaker(3, 1000);
    expect(subject.idle).toBe(true);
    fail(1);
    expect(subject.idle).toBe(false);
    subject.record(defined(subject.tryAcquire(), 'a permit'), 'success');
    expect(subject.idle).toBe(true);
    fail(3);
    expect(subject.idle).toBe(false);
  });
});
