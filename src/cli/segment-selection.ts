import { readFile } from 'node:fs/promises';

import { InvalidInputError, NotFoundError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import type { SegmentDefinition } from '../core/segments.js';
import { ruleSegment, temporaryMemberSegment } from '../analyses/segment-input.js';
import type { AnalysisContext } from './analysis-context.js';

/** Segments as the user named them on the command line. */
export interface SegmentArguments {
  /** Names of saved segments. */
  names: string[];
  /** Inline segments written "Name: rule". */
  inline: string[];
  /** A JSON file with a list of {name, rule} or {name, members}. */
  file?: string;
}

/**
 * Resolves the segments of a command, in the order given: saved names first, then inline rules,
 * then the segments file. Member lists get a report line in `notes`.
 */
export async function selectSegments(
  context: AnalysisContext,
  args: SegmentArguments,
  notes: string[],
): Promise<SegmentDefinition[]> {
  const segments: SegmentDefinition[] = args.names.map((name) => savedSegment(context, name));

  for (const text of args.inline) {
    const { name, rule } = splitInlineSegment(text);
    segments.push(ruleSegment(name, rule, context.source, context.resolver));
  }

  if (args.file) {
    for (const entry of await readSegmentsFile(args.file)) {
      if ('rule' in entry) {
        segments.push(ruleSegment(entry.name, entry.rule, context.source, context.resolver));
      } else {
        const { segment, report } = await temporaryMemberSegment(context.engine, context.source, entry.name, entry.members);
        notes.push(
          `segment "${segment.name}": ${report.entries} entries, ${report.matched} matched profiles, ` +
            `${report.unmatched} not found, ${report.repeatedKeys} repeated`,
        );
        segments.push(segment);
      }
    }
  }
  return segments;
}

function savedSegment(context: AnalysisContext, name: string): SegmentDefinition {
  const segment = context.resolver(name);
  if (segment) return segment;

  if (!context.workspace) {
    throw new InvalidInputError(
      `segment "${name}" cannot be looked up: saved segments live in a workspace, and --profiles reads a file without one. ` +
        'Write it inline with --segment "Name: rule" or use --segments FILE',
    );
  }
  throw new NotFoundError(`unknown segment "${name}".${savedHint(context, name)}`, { segment: name });
}

function savedHint(context: AnalysisContext, name: string): string {
  const suggestion = closestName(name, context.segmentNames);
  return suggestion ? ` Did you mean "${suggestion}"?` : ' List them with: segment-insights segment list';
}

/** Splits `Name: rule` at the first colon. */
export function splitInlineSegment(text: string): { name: string; rule: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || text.slice(colon + 1).trim() === '') {
    throw new InvalidInputError(
      `inline segment ${JSON.stringify(text)} is not of the form "Name: rule". Write e.g. --segment "Big spenders: total_spend > 500"`,
    );
  }
  return { name: text.slice(0, colon).trim(), rule: text.slice(colon + 1).trim() };
}

type SegmentsFileEntry = { name: string; rule: string | object } | { name: string; members: unknown[] };

async function readSegmentsFile(path: string): Promise<SegmentsFileEntry[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`segments file "${path}" not found. Check the path`);
    }
    throw new InvalidInputError(`cannot read segments file "${path}": ${(error as Error).message}`);
  }

  if (!Array.isArray(parsed)) {
    throw new InvalidInputError(`segments file "${path}" must hold a JSON list of {"name", "rule"} or {"name", "members"}`);
  }
  return parsed.map((entry, index) => checkSegmentsFileEntry(entry, `${path}[${index}]`));
}

function checkSegmentsFileEntry(entry: unknown, where: string): SegmentsFileEntry {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new InvalidInputError(`${where} is not an object. Write {"name": "...", "rule": "..."}`);
  }
  const record = entry as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((key) => !['name', 'rule', 'members', 'description'].includes(key));
  if (unknownKeys.length > 0) {
    throw new InvalidInputError(`${where} has unknown key "${unknownKeys[0]}". Allowed keys: name, rule, members`);
  }
  if (typeof record.name !== 'string') throw new InvalidInputError(`${where}.name is missing or not text`);
  if ('rule' in record === 'members' in record) {
    throw new InvalidInputError(`${where} needs exactly one of "rule" or "members"`);
  }
  if ('members' in record) {
    if (!Array.isArray(record.members)) throw new InvalidInputError(`${where}.members must be a list of keys`);
    return { name: record.name, members: record.members };
  }
  if (typeof record.rule !== 'string' && (typeof record.rule !== 'object' || record.rule === null)) {
    throw new InvalidInputError(`${where}.rule must be rule text or a JSON rule tree`);
  }
  return { name: record.name, rule: record.rule };
}
