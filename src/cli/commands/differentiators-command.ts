import { InvalidArgumentError, type Command } from 'commander';

import {
  analyseDifferentiators,
  type Baseline,
} from '../../analyses/differentiators/differentiators-analysis.js';
import {
  DATE_UNITS,
  DEFAULT_BINS,
  DEFAULT_MAX_VALUES,
  DEFAULT_MIN_SUPPORT,
  isDateUnit,
  type DateUnit,
} from '../../analyses/differentiators/differentiators-request.js';
import { ruleSegment } from '../../analyses/segment-input.js';
import { closestName } from '../../core/closest-name.js';
import { InvalidInputError, NotFoundError } from '../../core/errors.js';
import type { SegmentDefinition } from '../../core/segments.js';
import type { AnalysisContext } from '../analysis-context.js';
import { openAnalysisContext } from '../analysis-context.js';
import { addSourceOptions, collect, parseFormat, parsePositiveInteger, sourceOptions, type CliIo } from '../cli-options.js';
import { formatDifferentiatorsCsv } from '../format/differentiators-csv.js';
import { formatDifferentiatorsText } from '../format/differentiators-text.js';
import { withProgress } from '../progress.js';
import { selectSegments, splitInlineSegment } from '../segment-selection.js';

export function registerDifferentiatorsCommand(program: Command, io: CliIo): void {
  const command = program
    .command('differentiators')
    .description('rank the profile attributes by how much they set a segment apart from a baseline')
    .argument('[segment]', 'name of a saved segment')
    .option('--segment <name: rule>', 'the segment written inline, e.g. "Subscribed: y = \'yes\'"', collect)
    .option('--segments <file>', 'a JSON file with one {"name", "rule"} or {"name", "members"}')
    .option(
      '--baseline <baseline>',
      'what to compare with: "all" customers, the "rest", a saved segment name, or "Name: rule"',
      'all',
    )
    .option('--include <field>', 'compare only these fields (repeatable)', collect)
    .option('--exclude <field>', 'leave these fields out (repeatable)', collect)
    .option('--keep-rule-fields', 'also compare the fields the segment and baseline rules refer to', false)
    .option('--max-values <n>', 'values listed per categorical field before the rest fold into "(other)"', parsePositiveInteger, DEFAULT_MAX_VALUES)
    .option('--bins <n>', 'quantile bins per numeric field, cut at the baseline\'s quantiles', parsePositiveInteger, DEFAULT_BINS)
    .option('--min-support <n>', 'customers below which a value or attribute is marked as low support', parseCount, DEFAULT_MIN_SUPPORT)
    .option('--date-unit <unit>', `calendar unit of date bins: ${DATE_UNITS.join(', ')} (chosen from the date range when not given)`, parseDateUnit)
    .option('--format <format>', 'output format: text, json or csv', parseFormat, 'text');
  addSourceOptions(command);

  command.action(async (name: string | undefined, options: Record<string, unknown>) => {
    const context = await openAnalysisContext(sourceOptions(command));
    try {
      const notes = [...context.notes];
      const segment = await chooseSegment(context, name, options, notes);
      const baseline = chooseBaseline(context, String(options.baseline));
      const request = {
        segment,
        baseline,
        include: options.include as string[] | undefined,
        exclude: (options.exclude as string[] | undefined) ?? [],
        keepRuleFields: options.keepRuleFields === true,
        maxValues: options.maxValues as number,
        bins: options.bins as number,
        minSupport: options.minSupport as number,
        dateUnit: options.dateUnit as DateUnit | undefined,
      };
      const result = await withProgress(
        'Comparing attributes',
        analyseDifferentiators(context.engine, context.source, request, context.resolver),
      );

      for (const note of notes) io.error(`note: ${note}\n`);
      if (options.format === 'json') io.output(JSON.stringify(result, null, 2) + '\n');
      else if (options.format === 'csv') io.output(formatDifferentiatorsCsv(result));
      else io.output(formatDifferentiatorsText(result));
    } finally {
      await context.close();
    }
  });
}

async function chooseSegment(
  context: AnalysisContext,
  name: string | undefined,
  options: Record<string, unknown>,
  notes: string[],
): Promise<SegmentDefinition> {
  const segments = await selectSegments(
    context,
    { names: name === undefined ? [] : [name], inline: (options.segment as string[] | undefined) ?? [], file: options.segments as string | undefined },
    notes,
  );
  if (segments.length !== 1 || !segments[0]) {
    throw new InvalidInputError(
      `differentiators compare exactly one segment, got ${segments.length}. ` +
        'Name one saved segment, or give one with --segment "Name: rule" or --segments FILE',
    );
  }
  return segments[0];
}

/**
 * Reads `--baseline`: the words "all" and "rest", a saved segment's name, or an inline
 * "Name: rule" such as an overlap region `Only A: in segment "A" and not in segment "B"`.
 */
function chooseBaseline(context: AnalysisContext, text: string): Baseline {
  if (text === 'all' || text === 'rest') return { kind: text };

  const saved = context.resolver(text);
  if (saved) return { kind: 'segment', segment: saved };
  if (text.includes(':')) {
    const { name, rule } = splitInlineSegment(text);
    return { kind: 'segment', segment: ruleSegment(name, rule, context.source, context.resolver) };
  }

  const suggestion = closestName(text, ['all', 'rest', ...context.segmentNames]);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  throw new NotFoundError(
    `unknown baseline "${text}".${hint} Use all, rest, a saved segment name, or "Name: rule"`,
    { baseline: text },
  );
}

function parseCount(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) {
    throw new InvalidArgumentError('use a whole number of at least 0.');
  }
  return number;
}

function parseDateUnit(value: string): DateUnit {
  if (!isDateUnit(value)) throw new InvalidArgumentError(`use one of ${DATE_UNITS.join(', ')}.`);
  return value;
}
