/** Log: structured events. Never pass a token in fields. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Log {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}
