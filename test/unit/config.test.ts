import { loadConfig, withUpstreamUrl } from '../../src/config';

describe('loadConfig sections', () => {
  it('gives each component its own section, with the documented defaults', () => {
    const config = loadConfig({ CURSOR_SECRET: 'config-test-cursor-secret' });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 4000 });
    expect(config.upstream).toEqual({
      url: undefined,
      connectTimeoutMs: 3000,
      headersTimeoutMs: 10000,
      bodyTimeoutMs: 10000,
      connections: 64,
      keepAliveTimeoutMs: 4000,
      maxResponseBytes: 10 * 1024 * 1024,
      maxRequestsPerOperation: 300,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, retryAfterMaxMs: 5000 },
      retryBudget: { ratio: 0.2, floor: 10, windowMs: 10000 },
      breaker: { failureThreshold: 5, cooldownMs: 5000, distinctCallers: 3, windowMs: 10000 },
      readinessTimeoutMs: 2000,
      jsonLimits: { maxDepth: 64, maxKeys: 10000 },
    });
    expect(config.pagination).toEqual({ maxPageSize: 100, defaultPageSize: 10, realignRadius: 50, cursorSecret: Buffer.from('config-test-cursor-secret') });
    expect(config.operationTimeoutMs).toBe(15000);
    expect(config.federation).toEqual({ maxEntityRepresentations: 100 });
    expect(config.logLevel).toBe('info');
  });

  it('reads the upstream URL without a trailing slash, and fills it in when the demo upstream provides it', () => {
    expect(loadConfig({ AISQUARED_API_URL: 'https://api.example.test/prefix/' }).upstream.url).toBe('https://api.example.test/prefix');
    expect(withUpstreamUrl(loadConfig({}), 'http://127.0.0.1:1234').upstream.url).toBe('http://127.0.0.1:1234');
  });

  it('reads the upstream JSON limits, refusing a depth that V8 could not serialize', () => {
    expect(loadConfig({ UPSTREAM_JSON_MAX_DEPTH: '10', UPSTREAM_JSON_MAX_KEYS: '500' }).upstream.jsonLimits).toEqual({ maxDepth: 10, maxKeys: 500 });
    expect(() => loadConfig({ UPSTREAM_JSON_MAX_DEPTH: '5000', UPSTREAM_JSON_MAX_KEYS: '0' })).toThrow(
      'Invalid configuration:\n' + '- UPSTREAM_JSON_MAX_DEPTH must be between 1 and 1000, got 5000.\n' + '- UPSTREAM_JSON_MAX_KEYS must be between 1 and 1000000, got 0.',
    );
  });

  it('reads the shutdown delay and grace period, 5 s and 10 s by default', () => {
    expect(loadConfig({})).toMatchObject({ shutdownDelayMs: 5000, shutdownGraceMs: 10000 });
    expect(loadConfig({ SHUTDOWN_DELAY_MS: '0', SHUTDOWN_GRACE_MS: '250' })).toMatchObject({ shutdownDelayMs: 0, shutdownGraceMs: 250 });
    expect(() => loadConfig({ SHUTDOWN_DELAY_MS: '-1' })).toThrow('Invalid configuration:\n- SHUTDOWN_DELAY_MS must be a whole number, got "-1".');
  });

  it('reads LOG_LEVEL as one of pino\'s levels and reports any other value with the other problems', () => {
    expect(loadConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(() => loadConfig({ LOG_LEVEL: 'loud', PORT: 'x' })).toThrow(
      'Invalid configuration:\n' + '- PORT must be a whole number, got "x".\n' + '- LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud".',
    );
  });
});

describe('the embedded demo upstream outside and inside production', () => {
  it('allows the demo upstream by default, so that npm start works with no setting at all', () => {
    expect(loadConfig({}).demoUpstream).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).demoUpstream).toBe(true);
  });

  it('refuses to start without AISQUARED_API_URL when NODE_ENV is production, naming the cause in one line', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'Invalid configuration:\n' +
        "- AISQUARED_API_URL must be set to the AI Squared API's base URL (e.g. https://api.squared.ai): NODE_ENV is production, so the embedded demo upstream does not start.",
    );
    expect(() => loadConfig({ NODE_ENV: 'production', AISQUARED_API_URL: '  ' })).toThrow('NODE_ENV is production');
  });

  it('refuses to start without AISQUARED_API_URL when DEMO_UPSTREAM is false, whatever NODE_ENV says', () => {
    expect(() => loadConfig({ DEMO_UPSTREAM: 'false', PORT: 'x' })).toThrow(
      'Invalid configuration:\n' +
        '- PORT must be a whole number, got "x".\n' +
        "- AISQUARED_API_URL must be set to the AI Squared API's base URL (e.g. https://api.squared.ai): DEMO_UPSTREAM is false, so the embedded demo upstream does not start.",
    );
  });

  it('starts in production when the URL is set, and lets DEMO_UPSTREAM=true bring the demo back there', () => {
    const production = loadConfig({ NODE_ENV: 'production', AISQUARED_API_URL: 'https://api.example.test' });
    expect({ url: production.upstream.url, demoUpstream: production.demoUpstream }).toEqual({ url: 'https://api.example.test', demoUpstream: false });
    expect(loadConfig({ NODE_ENV: 'production', DEMO_UPSTREAM: 'true' }).demoUpstream).toBe(true);
  });

  it('turns the cost report on by default only where the embedded demo upstream runs (no AISQUARED_API_URL)', () => {
    expect(loadConfig({}).costReport).toBe(true);
    expect(loadConfig({ AISQUARED_API_URL: 'https://api.example.test' }).costReport).toBe(false);
    expect(loadConfig({ AISQUARED_API_URL: 'https://api.example.test', COST_REPORT: 'true' }).costReport).toBe(true);
    expect(loadConfig({ COST_REPORT: 'false' }).costReport).toBe(false);
    expect(() => loadConfig({ COST_REPORT: 'sometimes' })).toThrow('COST_REPORT must be true or false, got "sometimes".');
  });

  it('reports a DEMO_UPSTREAM that is not a boolean, and in production still the missing URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_UPSTREAM: 'maybe' })).toThrow(
      'Invalid configuration:\n' +
        '- DEMO_UPSTREAM must be true or false, got "maybe".\n' +
        "- AISQUARED_API_URL must be set to the AI Squared API's base URL (e.g. https://api.squared.ai): NODE_ENV is production, so the embedded demo upstream does not start.",
    );
  });
});

describe('the metrics settings', () => {
  it('collects and serves metrics on the main port by default', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, port: undefined });
  });

  it('reads METRICS=false and a METRICS_PORT, which must differ from PORT', () => {
    expect(loadConfig({ METRICS: 'false', METRICS_PORT: '9464' }).metrics).toEqual({ enabled: false, port: 9464 });
    expect(() => loadConfig({ PORT: '9464', METRICS_PORT: '9464' })).toThrow('Invalid configuration:\n- METRICS_PORT must differ from PORT (9464).');
    expect(() => loadConfig({ METRICS: 'sometimes', METRICS_PORT: '70000' })).toThrow(
      'Invalid configuration:\n- METRICS must be true or false, got "sometimes".\n- METRICS_PORT must be between 0 and 65535, got 70000.',
    );
  });
});
