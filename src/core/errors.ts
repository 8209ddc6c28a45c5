/**
 * The product's error family. Each class has a stable kebab-case `code` that the CLI and the HTTP
 * API map to exit codes and status codes. A broken invariant stays a plain `Error`.
 *
 * Messages follow one shape: what is wrong, the value at fault, then what to do.
 */

export const ERROR_CODES = [
  'invalid-input',
  'invalid-rule',
  'not-found',
  'conflict',
  'bad-configuration',
  'engine-failure',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class SegmentInsightsError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** Bad input from the user: a file, a flag, a value. Nothing was changed. */
export class InvalidInputError extends SegmentInsightsError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('invalid-input', message, details);
  }
}

/** A position in rule text, 1-based, for pointing at the part at fault. */
export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}

/** One problem found in a rule, with a stable code and, when known, where it is. */
export interface RuleDiagnostic {
  code: string;
  message: string;
  position?: SourcePosition;
}

/** A rule that does not parse or does not fit the profile fields. */
export class RuleError extends SegmentInsightsError {
  readonly diagnostics: RuleDiagnostic[];

  constructor(diagnostics: RuleDiagnostic[], context?: string) {
    // Each diagnostic message already says where it is, so the message lists them as they are.
    const prefix = context ? `${context}: ` : '';
    const messages = diagnostics.map((diagnostic) => diagnostic.message);
    super('invalid-rule', `${prefix}${messages.join('\n') || 'invalid rule'}`, { diagnostics });
    this.diagnostics = diagnostics;
  }
}

export class NotFoundError extends SegmentInsightsError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('not-found', message, details);
  }
}

export class ConflictError extends SegmentInsightsError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('conflict', message, details);
  }
}

export class ConfigurationError extends SegmentInsightsError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('bad-configuration', message, details);
  }
}

/** A failure inside a database engine, wrapped with the engine name and a hint. */
export class EngineError extends SegmentInsightsError {
  constructor(engine: string, message: string, options: { cause?: unknown; sql?: string } = {}) {
    super('engine-failure', `${engine}: ${message}`, options.sql ? { sql: options.sql } : {});
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
