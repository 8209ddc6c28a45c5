import type { Command } from 'commander';

import { analyseOverlap, DEFAULT_MAX_VALUES } from '../../analyses/overlap/overlap-analysis.js';
import { openAnalysisContext } from '../analysis-context.js';
import { formatOverlapCsv } from '../format/overlap-csv.js';
import { formatOverlapText } from '../format/overlap-text.js';
import { addSourceOptions, collect, parseFormat, parsePositiveInteger, sourceOptions, type CliIo } from '../cli-options.js';
import { withProgress } from '../progress.js';
import { selectSegments } from '../segment-selection.js';

export function registerOverlapCommand(program: Command, io: CliIo): void {
  const command = program
    .command('overlap')
    .description('count the customers in every combination of 2 to 16 segments, overall and per field value')
    .argument('[segments...]', 'names of saved segments')
    .option('--segment <name: rule>', 'an inline segment, e.g. "Big spenders: total_spend > 500" (repeatable)', collect)
    .option('--segments <file>', 'a JSON file with a list of {"name", "rule"} or {"name", "members"}')
    .option('--by <field>', 'break the overlap down by this field (repeatable)', collect)
    .option('--max-values <n>', 'values shown per --by field before the rest fold into "(other)"', parsePositiveInteger, DEFAULT_MAX_VALUES)
    .option('--format <format>', 'output format: text, json or csv', parseFormat, 'text');
  addSourceOptions(command);

  command.action(async (names: string[], options: Record<string, unknown>) => {
    const context = await openAnalysisContext(sourceOptions(command));
    try {
      const notes = [...context.notes];
      const segments = await selectSegments(
        context,
        { names, inline: (options.segment as string[] | undefined) ?? [], file: options.segments as string | undefined },
        notes,
      );
      const result = await withProgress(
        'Counting overlaps',
        analyseOverlap(
          context.engine,
          context.source,
          { segments, breakdownFields: (options.by as string[] | undefined) ?? [], maxValues: options.maxValues as number },
          context.resolver,
        ),
      );

      for (const note of notes) io.error(`note: ${note}\n`);
      if (options.format === 'json') io.output(JSON.stringify(result, null, 2) + '\n');
      else if (options.format === 'csv') io.output(formatOverlapCsv(result));
      else io.output(formatOverlapText(result));
    } finally {
      await context.close();
    }
  });
}
