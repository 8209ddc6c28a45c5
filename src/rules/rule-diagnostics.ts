import { RuleError, type RuleDiagnostic, type SourcePosition } from '../core/errors.js';

/** Stable codes of rule diagnostics, for the API and the UI to tell problems apart. */
export const RULE_DIAGNOSTIC_CODES = [
  'syntax',
  'unknown-field',
  'type-mismatch',
  'invalid-value',
  'unknown-segment',
  'segment-cycle',
] as const;

export type RuleDiagnosticCode = (typeof RULE_DIAGNOSTIC_CODES)[number];

export function isRuleDiagnosticCode(value: unknown): value is RuleDiagnosticCode {
  return typeof value === 'string' && (RULE_DIAGNOSTIC_CODES as readonly string[]).includes(value);
}

/**
 * Formats a position for a message: ` at 1:8`, or nothing when the node has no position (a rule
 * that came from JSON).
 */
export function at(position: SourcePosition | undefined): string {
  return position ? ` at ${position.line}:${position.column}` : '';
}

export function diagnostic(
  code: RuleDiagnosticCode,
  message: string,
  position?: SourcePosition,
): RuleDiagnostic {
  return position ? { code, message, position } : { code, message };
}

/**
 * Builds the RuleError for a list of diagnostics. Each diagnostic message already names its
 * position where the sentence needs it (`unterminated string starting at 1:10. Close it with '`),
 * so the error message is the diagnostic messages, one a line, without the position suffix that
 * the RuleError constructor appends.
 */
export function ruleError(diagnostics: RuleDiagnostic[], context?: string): RuleError {
  if (diagnostics.length === 0) throw new Error('ruleError needs at least one diagnostic');

  return new RuleError(diagnostics, context);
}

export function syntaxError(message: string, position: SourcePosition): RuleError {
  return ruleError([diagnostic('syntax', message, position)]);
}
