import { backoffDelayMs, parseRetryAfterMs, planRetry, type RetryOptions } from '../../src/upstream/retryPolicy';

const OPTIONS: RetryOptions = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, retryAfterMaxMs: 5000 };

describe('backoffDelayMs (full jitter)', () => {
  it('draws uniformly below a ceiling that doubles per retry', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, OPTIONS, () => 0.5))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3].map((retry) => backoffDelayMs(retry, OPTIONS, () => 0))).toEqual([0, 0, 0]);
    expect([1, 2, 3].map((retry) => backoffDelayMs(retry, OPTIONS, () => 0.9999))).toEqual([99, 199, 399]);
  });

  it('never exceeds the maximum delay', () => {
    expect([5, 6, 30, 2000].map((retry) => backoffDelayMs(retry, OPTIONS, () => 0.9999))).toEqual([999, 999, 999, 999]);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5000],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['Wed, 21 Oct 2015 07:20:00 GMT', 0],
  ])('reads %p as %p ms', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });

  it.each([undefined, '', 'soon', '-1', '1.5', '2015-10-21T07:28:30Z', 'Wed, 21 Oct 2015 07:28:30'])('ignores %p', (value) => {
    expect(parseRetryAfterMs(value, now)).toBeUndefined();
  });

  it('reads the first of repeated headers', () => {
    expect(parseRetryAfterMs(['3', '9'], now)).toBe(3000);
  });
});

describe('planRetry', () => {
  const random = () => 0.5;

  it('does not retry what is not retryable', () => {
    expect(planRetry({ retryable: false }, 1, OPTIONS, random)).toEqual({ retry: false, reason: 'not-retryable' });
  });

  it('retries with backoff until maxAttempts attempts were made', () => {
    expect(planRetry({ retryable: true }, 1, OPTIONS, random)).toEqual({ retry: true, delayMs: 50 });
    expect(planRetry({ retryable: true }, 2, OPTIONS, random)).toEqual({ retry: true, delayMs: 100 });
    expect(planRetry({ retryable: true }, 3, OPTIONS, random)).toEqual({ retry: false, reason: 'attempts-exhausted' });
    expect(planRetry({ retryable: true }, 1, { ...OPTIONS, maxAttempts: 1 }, random)).toEqual({ retry: false, reason: 'attempts-exhausted' });
  });

  it('waits exactly the Retry-After up to the cap, and refuses a longer one', () => {
    expect(planRetry({ retryable: true, retryAfterMs: 5000 }, 1, OPTIONS, random)).toEqual({ retry: true, delayMs: 5000 });
    expect(planRetry({ retryable: true, retryAfterMs: 0 }, 1, OPTIONS, random)).toEqual({ retry: true, delayMs: 0 });
    expect(planRetry({ retryable: true, retryAfterMs: 5001 }, 1, OPTIONS, random)).toEqual({ retry: false, reason: 'retry-after-too-long' });
  });
});
