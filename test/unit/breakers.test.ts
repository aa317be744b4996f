import { randomBytes } from 'node:crypto';
import { routeTemplateOf, UpstreamBreakers } from '../../src/upstream/breakers';
import { CallerBreakers } from '../../src/upstream/callerBreakers';
import { OriginBreaker } from '../../src/upstream/originBreaker';
import { createSilentLogger } from '../../src/logger';
import { defined } from '../support/response';

const OPTIONS = { failureThreshold: 3, cooldownMs: 1000, distinctCallers: 3, windowMs: 10_000 };

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('CallerBreakers', () => {
  function callers(maxEntries?: number) {
    const time = clock();
    const subject = new CallerBreakers(OPTIONS, time.now, () => {}, maxEntries);
    const answer = (key: string, evidence: 'answered' | 'server-error' | 'transport-failure') => subject.record(key, defined(subject.tryAcquire(key), `a permit for ${key}`), evidence);
    return { subject, answer, ...time };
  }

  it('opens the breaker of one key after its 5xx answers, and leaves the others closed', () => {
    const { subject, answer } = callers();
    for (let i = 0; i < 3; i += 1) answer('a', 'server-error');
    expect(subject.tryAcquire('a')).toBeUndefined();
    expect(subject.isOpen('a')).toBe(true);
    expect(subject.tryAcquire('b')).toEqual({ probe: false, probeId: 0 });
  });

  it('judges a caller by answers only: transport failures count for nobody', () => {
    const { subject, answer } = callers();
    for (let i = 0; i < 10; i += 1) answer('a', 'transport-failure');
    expect(subject.size).toBe(0);
    expect(subject.isOpen('a')).toBe(false);
  });

  it('remembers nothing of callers that succeed, and forgets a caller once a success clears its count', () => {
    const { subject, answer } = callers();
    for (let i = 0; i < 1000; i += 1) answer(`caller-${i}`, 'answered');
    expect(subject.size).toBe(0);
    answer('a', 'server-error');
    expect(subject.size).toBe(1);
    answer('a', 'answered');
    expect(subject.size).toBe(0);
  });

  it('keeps at most maxEntries breakers under a stream of random failing callers, the most recent ones', () => {
    const { subject, answer } = callers(100);
    for (let i = 0; i < 20_000; i += 1) answer(randomBytes(16).toString('hex'), 'server-error');
    expect(subject.size).toBe(100);
    for (let i = 0; i < 3; i += 1) answer('recent', 'server-error');
    expect(subject.size).toBe(100);
    expect(subject.isOpen('recent')).toBe(true);
  });

  it('forgets the least recently used breaker first', () => {
    const { subject, answer } = callers(2);
    for (let i = 0; i < 3; i += 1) answer('old', 'server-error');
    answer('middle', 'server-error');
    expect(subject.tryAcquire('old')).toBeUndefined(); // a use makes "old" the most recent
    answer('new', 'server-error');
    expect([subject.isOpen('old'), subject.size]).toEqual([true, 2]);
    expect(subject.tryAcquire('middle')).toEqual({ probe: false, probeId: 0 }); // forgotten: closed again
  });
});

describe('OriginBreaker', () => {
  function origin() {
    const time = clock();
    const opened: number[] = [];
    const subject = new OriginBreaker(OPTIONS, time.now, (_from, to, failing) => {
      if (to === 'open') opened.push(failing);
    });
    const answer = (caller: string, evidence: 'answered' | 'server-error' | 'transport-failure') => subject.record(defined(subject.tryAcquire(), 'a permit'), evidence, caller);
    return { subject, answer, opened, ...time };
  }

  it('is never opened by the 5xx answers of one caller, however many', () => {
    const { subject, answer } = origin();
    for (let i = 0; i < 100; i += 1) answer('a', 'server-error');
    expect(subject.state).toBe('closed');
  });

  it('opens on 5xx answers to three distinct callers within the window', () => {
    const { subject, answer, opened } = origin();
    answer('a', 'server-error');
    answer('b', 'server-error');
    expect(subject.state).toBe('closed');
    answer('c', 'server-error');
    expect(subject.state).toBe('open');
    expect(opened).toEqual([3]);
  });

  it('forgets a failing caller once it succeeds, or once the window has passed', () => {
    const { subject, answer, advance } = origin();
    answer('a', 'server-error');
    answer('b', 'server-error');
    answer('a', 'answered');
    answer('c', 'server-error');
    expect(subject.state).toBe('closed');
    advance(10_000);
    answer('d', 'server-error');
    expect(subject.state).toBe('closed');
  });

  it('opens after transport failures in a row, whoever made the calls; any answer ends the run', () => {
    const { subject, answer } = origin();
    answer('a', 'transport-failure');
    answer('a', 'transport-failure');
    answer('b', 'server-error');
    answer('a', 'transport-failure');
    answer('a', 'transport-failure');
    expect(subject.state).toBe('closed');
    answer('a', 'transport-failure');
    expect(subject.state).toBe('open');
  });

  it('needs fresh evidence after a cool-down: a probe answered with a 5xx closes it', () => {
    const { subject, answer, advance } = origin();
    for (const caller of ['a', 'b', 'c']) answer(caller, 'server-error');
    advance(1000);
    answer('a', 'server-error');
    expect(subject.state).toBe('closed');
    answer('b', 'server-error');
    expect(subject.state).toBe('closed');
    answer('c', 'server-error');
    expect(subject.state).toBe('open');
  });
});

describe('UpstreamBreakers', () => {
  const credentials = (authorization: string, workspaceId: string | undefined) => ({ authorization, workspaceId, problem: undefined });

  it('keys a caller by an HMAC of its token and workspace: stable, distinct, and free of the token', () => {
    const breakers = new UpstreamBreakers(OPTIONS, () => 0, createSilentLogger());
    const key = breakers.callerOf(credentials('Bearer secret-token', '7'));
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('secret-token');
    expect(breakers.callerOf(credentials('Bearer secret-token', '7'))).toBe(key);
    expect(breakers.callerOf(credentials('Bearer secret-token', '8'))).not.toBe(key);
    expect(breakers.callerOf(credentials('Bearer secret-token', undefined))).not.toBe(key);
    // Keyed per process: a key seen in one gateway's logs says nothing in another's.
    expect(new UpstreamBreakers(OPTIONS, () => 0, createSilentLogger()).callerOf(credentials('Bearer secret-token', '7'))).not.toBe(key);
  });

  it('gives back the caller permit when the shared breaker refuses, so the caller probe is not lost', () => {
    const time = clock();
    const breakers = new UpstreamBreakers(OPTIONS, time.now, createSilentLogger());
    const fail = (caller: string, evidence: 'server-error' | 'transport-failure') => {
      const admission = breakers.admit(caller, '/api/v1/syncs/1');
      if (!('ticket' in admission)) throw new Error(`refused by ${admission.refusedBy}`);
      breakers.record(admission.ticket, evidence);
    };
    for (let i = 0; i < 3; i += 1) fail('a', 'server-error');
    expect(breakers.admit('a', '/api/v1/syncs/2')).toEqual({ refusedBy: 'caller' });
    for (let i = 0; i < 3; i += 1) fail('b', 'transport-failure');
    time.advance(1000);
    const probe = breakers.admit('b', '/api/v1/syncs/1'); // takes the shared probe
    expect('ticket' in probe).toBe(true);
    expect(breakers.admit('a', '/api/v1/syncs/1')).toEqual({ refusedBy: 'origin' });
    if ('ticket' in probe) breakers.record(probe.ticket, 'answered');
    expect(breakers.admit('a', '/api/v1/syncs/1')).toMatchObject({ ticket: { own: { probe: true } } });
  });
});

describe('routeTemplateOf', () => {
  it.each([
    ['/api/v1/syncs/7', '/api/v1/syncs/:id'],
    ['/api/v1/syncs/7/sync_runs/12/sync_records', '/api/v1/syncs/:id/sync_runs/:id/sync_records'],
    ['/api/v1/workspaces', '/api/v1/workspaces'],
    ['/api/v1/schedule_syncs', '/api/v1/schedule_syncs'],
    ['/prefix/v2/api/v1/connectors/5', '/prefix/v2/api/v1/connectors/:id'],
  ])('%s -> %s', (path, template) => {
    expect(routeTemplateOf(path)).toBe(template);
  });
});
