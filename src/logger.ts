/**
 * Structured JSON logs (pino), with two nets for credentials. Fields that hold them by name
 * (`authorization`, cookies) are redacted by path; and every serialized line, whatever its fields,
 * message or error stack, has `Bearer …` and JWT-shaped strings scrubbed just before it is written.
 * The second net works on the finished line rather than walking the logged object, so no depth or
 * cycle in that object changes its cost (pino's own serializer already bounds both).
 */
import pino, { type Logger } from 'pino';
import { REDACTED, scrubCredentialShapes } from './redact';

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
        censor: REDACTED,
      },
      hooks: { streamWrite: scrubCredentialShapes },
    },
    options.destination,
  );
}

/** A logger that drops everything (tests that do not look at logs). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
