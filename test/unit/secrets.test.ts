/**
 * src/secrets.ts: which keys name a secret, masking a JSON value at any depth without recursion, and
 * the same rule on JSON text that may be cut short (for log lines).
 */
import { isSecretKey, MASKED_SECRET, maskSecrets, maskSecretsInText } from '../../src/secrets';

const MASK = '*************';

describe('isSecretKey', () => {
  it.each([
    'api_key',
    'API_KEY',
    'apiKey',
    'Api-Key',
    'openai_api_key',
    'private_api_key',
    'secret',
    'client_secret',
    'password',
    'db_password',
    'token',
    'access_token',
    'security_token',
    'private_key',
    'access_key',
    'secret_access_key',
    'AWS_ACCESS_KEY',
  ])('reads %s as a secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['key', 'api_keys', 'keyboard', 'token_url', 'secret_name', 'passwords_policy', 'tokenizer', 'primary_key', 'mode', 'model', ''])(
    'reads %s as no secret',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe('maskSecrets', () => {
  it('masks every value under a secret key, at any depth, in objects and in arrays, and nothing else', () => {
    const configuration = [
      { from: 'email', to: 'properties.email', mapping_type: 'standard' },
      { from: 'chunk', to: 'embedding', mapping_type: 'vector', embedding_config: { mode: 'open_ai', api_key: 'sk-1', nested: [{ Token: 42 }] } },
      { credentials: { password: 'p', secret: { any: 'shape' }, tokens: ['kept'], private_key: null } },
    ];
    expect(maskSecrets(configuration)).toEqual([
      { from: 'email', to: 'properties.email', mapping_type: 'standard' },
      { from: 'chunk', to: 'embedding', mapping_type: 'vector', embedding_config: { mode: 'open_ai', api_key: MASK, nested: [{ Token: MASK }] } },
      { credentials: { password: MASK, secret: MASK, tokens: ['kept'], private_key: null } },
    ]);
    expect(MASKED_SECRET).toBe(MASK);
  });

  it('leaves the input untouched and shares no object with it', () => {
    const input = { a: { api_key: 'sk-1', b: [1, { c: 2 }] } };
    const copy = JSON.parse(JSON.stringify(input)) as typeof input;
    const output = maskSecrets(input) as typeof input;
    expect(input).toEqual(copy);
    expect(output.a).not.toBe(input.a);
    expect(output.a.b).not.toBe(input.a.b);
    expect(output.a.b[1]).not.toBe(input.a.b[1]);
  });

  it('passes scalars, null, an already masked value and an empty container through', () => {
    expect([null, 'text', 7, true, {}, [], { api_key: MASK }].map(maskSecrets)).toEqual([null, 'text', 7, true, {}, [], { api_key: MASK }]);
  });

  it('keeps a `__proto__` key as a plain property', () => {
    const output = maskSecrets(JSON.parse('{"__proto__": {"token": "t", "x": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, '__proto__')?.value).toEqual({ token: MASK, x: 1 });
  });

  it('walks a value nested 100,000 levels deep without exhausting the stack', () => {
    let deep: unknown = { api_key: 'sk-deep' };
    for (let level = 0; level < 100_000; level++) deep = level % 2 === 0 ? [deep] : { next: deep };
    let masked = maskSecrets(deep);
    for (let level = 100_000 - 1; level >= 0; level--) masked = level % 2 === 0 ? (masked as unknown[])[0] : (masked as { next: unknown }).next;
    expect(masked).toEqual({ api_key: MASK });
  });
});

describe('maskSecretsInText', () => {
  it('masks string, number and boolean values of secret keys in JSON text, and nothing else', () => {
    const text = JSON.stringify({ data: { attributes: { configuration: [{ embedding_config: { api_key: 'sk-1', mode: 'open_ai' } }], token: 12345, password: true, name: 'api_key' } } });
    expect(JSON.parse(maskSecretsInText(text))).toEqual({
      data: { attributes: { configuration: [{ embedding_config: { api_key: MASK, mode: 'open_ai' } }], token: MASK, password: MASK, name: 'api_key' } },
    });
  });

  it('masks a value cut off by truncation, and escaped quotes inside values', () => {
    expect(maskSecretsInText('{"a":"say \\"hi\\"","client_secret" : "abc\\"def')).toBe(`{"a":"say \\"hi\\"","client_secret" : "${MASK}"`);
  });
});
