/**
 * The redactor (src/redact.ts) on its own: exact secrets wherever they stand, credential shapes
 * whoever they belong to, linear on hostile input; and the logger's last net, which applies the
 * shapes to every serialized line whatever was logged.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { authorizationSecrets, redactText, REDACTED, scrubCredentialShapes } from '../../src/redact';

const TOKEN = 'sk-live-4f9a2c7e1b8d.3a6f+0e5d/9c2b7a1f==';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.Qm9keS1zaWduYXR1cmU';

describe('redactText with the caller\'s token', () => {
  it.each([
    ['at the start', `${TOKEN} was refused`, `${REDACTED} was refused`],
    ['in the middle', `token=${TOKEN}; retry`, `token=${REDACTED}; retry`],
    ['at the end', `refused: ${TOKEN}`, `refused: ${REDACTED}`],
    ['several times', `${TOKEN}${TOKEN} and ${TOKEN}`, `${REDACTED}${REDACTED} and ${REDACTED}`],
    ['after Bearer', `Authorization: Bearer ${TOKEN}`, `Authorization: Bearer ${REDACTED}`],
    ['as the whole text', TOKEN, REDACTED],
  ])('removes it %s', (_where, text, expected) => {
    expect(redactText(text, authorizationSecrets(`Bearer ${TOKEN}`))).toBe(expected);
  });

  it('compares the token as plain text, so its regex metacharacters match only themselves', () => {
    const secrets = authorizationSecrets(`Bearer ${TOKEN}`);
    // `.` and `+` as patterns would match these near misses; as text they do not.
    const nearMiss = 'sk-live-4f9a2c7e1b8dX3a6f0e5d/9c2b7a1f==';
    expect(redactText(`${nearMiss} ${TOKEN}`, secrets)).toBe(`${nearMiss} ${REDACTED}`);
    expect(redactText('a+b a.b (x)* ^$', ['a.b', '(x)*', '^$', 'a+b'])).toBe(`${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`);
  });

  it('removes the JSON-escaped and URL-encoded forms of the token', () => {
    const secrets = authorizationSecrets(`Bearer ${TOKEN}`);
    expect(redactText(`{"auth":"${TOKEN.replaceAll('/', '\\/')}"} ?t=${encodeURIComponent(TOKEN)}`, secrets)).toBe(`{"auth":"${REDACTED}"} ?t=${REDACTED}`);
  });

  it('ignores an empty token and an empty secret, and leaves text without secrets alone', () => {
    expect(authorizationSecrets(undefined)).toEqual([]);
    expect(authorizationSecrets('')).toEqual([]);
    expect(authorizationSecrets('Bearer ')).toEqual([]);
    expect(redactText('nothing to hide here', [''])).toBe('nothing to hide here');
    expect(redactText('nothing to hide here', [])).toBe('nothing to hide here');
  });

  it('reads the token from the Authorization value whatever the case of the scheme', () => {
    expect(authorizationSecrets(`bearer ${TOKEN}`)[0]).toBe(TOKEN);
    expect(authorizationSecrets('Bearer abc')).toEqual(['abc']);
  });
});

describe('scrubCredentialShapes', () => {
  it.each([
    ['a bearer credential', 'sent Bearer abc.DEF-123_x~+/== then', `sent Bearer ${REDACTED} then`],
    ['whatever the case of the scheme', 'BEARER abc and bearer\tdef', `Bearer ${REDACTED} and Bearer ${REDACTED}`],
    ['with JSON-escaped blanks, as in a serialized line', 'x Bearer\\nabc\\tdef', `x Bearer ${REDACTED}\\tdef`],
    ['a JWT', `jwt ${JWT}.`, `jwt ${REDACTED}.`],
    ['a JWT glued to other text', `token=${JWT}&x=1`, `token=${REDACTED}&x=1`],
    ['an unsigned JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', REDACTED],
    ['two JWTs joined by a dot', `${JWT}.${JWT}`, `${REDACTED}.${REDACTED}`],
    ['a JWT after a JSON escape', `line\\n${JWT}`, `line\\n${REDACTED}`],
  ])('replaces %s', (_what, text, expected) => {
    expect(scrubCredentialShapes(text)).toBe(expected);
  });

  it('leaves words that only look alike', () => {
    for (const text of ['eyJhbGciOiJIUzI1NiJ9 alone', 'eyJa.b', 'eyJ.b.c', 'eyJa..c', 'a.b.c', 'the bearer.', 'version 1.2.3']) {
      expect(scrubCredentialShapes(text)).toBe(text);
    }
  });

  it('scrubs 150 KB of hostile JWT-like text (a quadratic scan would run past the test timeout)', () => {
    // A regex searching for a JWT at each `eyJ` takes about ten seconds on the first input; the
    // scrubber is linear. Its speed is not timed here: a quadratic one never finishes within jest's timeout.
    const inputs = ['eyJ'.repeat(50_000), 'eyJa.'.repeat(30_000), `Bearer${' '.repeat(150_000)}`, `${'bearer '.repeat(20_000)}`];
    for (const text of inputs) expect(scrubCredentialShapes(text)).not.toMatch(/eyJa\.eyJa\.eyJa/);
  });
});

describe('the logger\'s last net', () => {
  function captureLogger() {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    return { logger, lines };
  }

  it('scrubs bearer credentials and JWTs from every field, the message and error stacks, and keeps each line valid JSON', () => {
    const { logger, lines } = captureLogger();
    const error = new Error(`upstream said Bearer ${TOKEN}`);
    logger.error({ err: error, note: `forwarded ${JWT}`, nested: { list: [{ deep: `Bearer ${TOKEN}` }] }, [`key Bearer ${TOKEN}`]: 1 }, `message with ${JWT}`);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    for (const part of TOKEN.split(/[^A-Za-z0-9]+/).filter((run) => run.length >= 8)) expect(line).not.toContain(part);
    expect(line).not.toContain(JWT.split('.')[2]);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toMatchObject({ msg: `message with ${REDACTED}`, note: `forwarded ${REDACTED}`, nested: { list: [{ deep: `Bearer ${REDACTED}` }] } });
    expect(parsed.err).toMatchObject({ type: 'Error', message: `upstream said Bearer ${REDACTED}`, stack: expect.stringContaining(`upstream said Bearer ${REDACTED}`) });
  });

  it('neither throws nor recurses without bound on deeply nested or circular objects', () => {
    const { logger, lines } = captureLogger();
    let deep: Record<string, unknown> = { secret: `Bearer ${TOKEN}` };
    for (let i = 0; i < 100_000; i += 1) deep = { next: deep };
    const circular: Record<string, unknown> = { secret: `Bearer ${TOKEN}`, jwt: JWT };
    circular.self = circular;
    expect(() => logger.info({ deep, circular }, 'nested')).not.toThrow();
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as { circular: Record<string, unknown> };
    expect(parsed.circular).toMatchObject({ secret: `Bearer ${REDACTED}`, jwt: REDACTED });
    expect(lines[0]).not.toContain(TOKEN.slice(0, 16));
  });
});
