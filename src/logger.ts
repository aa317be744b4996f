/**
 * Structured JSON logs (pino). Tokens are redacted by path, so a log line can never carry a bearer token.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

/** pino's levels, plus `silent` (no output at all); LOG_LEVEL must be one of them. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          '*.authorization',
          '*.headers.authorization',
          'headers.cookie',
          '*.headers.cookie',
          'headers["proxy-authorization"]',
          '*.headers["proxy-authorization"]',
          'token',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** A logger that drops everything (tests that do not look at logs). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
