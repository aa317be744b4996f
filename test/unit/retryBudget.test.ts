import { RetryBudget } from '../../src/upstream/retryBudget';

function budget(ratio: number, floor: number, windowMs = 10_000) {
  let now = 0;
  const subject = new RetryBudget({ ratio, floor, windowMs }, () => now);
  return { subject, advance: (ms: number) => (now += ms) };
}

describe('RetryBudget', () => {
  it('allows `floor` retries in a window with no calls at all', () => {
    const { subject } = budget(0.2, 2);
    expect([subject.tryRetry(), subject.tryRetry(), subject.tryRetry()]).toEqual([true, true, false]);
    expect(subject.totals()).toEqual({ calls: 0, retries: 2 });
  });

  it('allows `ratio` retries per call on top of the floor', () => {
    const { subject } = budget(0.2, 0);
    for (let i = 0; i < 10; i += 1) subject.recordCall();
    expect([subject.tryRetry(), subject.tryRetry(), subject.tryRetry()]).toEqual([true, true, false]);
    for (let i = 0; i < 5; i += 1) subject.recordCall();
    expect([subject.tryRetry(), subject.tryRetry()]).toEqual([true, false]);
  });

  it('keeps an outage to about (1 + ratio) times the calls', () => {
    const { subject } = budget(0.2, 0);
    let sent = 0;
    for (let call = 0; call < 1000; call += 1) {
      subject.recordCall();
      sent += 1;
      // Every attempt fails; up to 2 retries per call when the budget allows.
      for (let retry = 0; retry < 2 && subject.tryRetry(); retry += 1) sent += 1;
    }
    expect(sent).toBe(1200);
  });

  it('forgets calls and retries that slid out of the window', () => {
    const { subject, advance } = budget(0, 1, 10_000);
    expect(subject.tryRetry()).toBe(true);
    expect(subject.tryRetry()).toBe(false);
    advance(9_999);
    expect(subject.tryRetry()).toBe(false);
    advance(1);
    expect(subject.totals()).toEqual({ calls: 0, retries: 0 });
    expect(subject.tryRetry()).toBe(true);
  });

  it('slides bucket by bucket, not all at once', () => {
    const { subject, advance } = budget(1, 0, 10_000);
    subject.recordCall(); // t = 0
    advance(5_000);
    subject.recordCall(); // t = 5 s
    expect(subject.totals().calls).toBe(2);
    advance(5_000); // the first call leaves the window, the second stays
    expect(subject.totals().calls).toBe(1);
    advance(5_000);
    expect(subject.totals().calls).toBe(0);
  });
});
