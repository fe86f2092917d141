import { type Logger, pino } from 'pino';

export type { Logger };

/** One root logger per process: JSON lines with the service name on every line. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'key'],
      censor: '[redacted]',
    },
  });
}
