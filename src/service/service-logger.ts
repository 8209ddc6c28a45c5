/**
 * The logging calls the service makes: pino's shape (fields first, then the message), so the
 * server can pass its request logger. Fields carry ids, states and durations, never user data.
 */
export interface ServiceLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const SILENT_LOGGER: ServiceLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
