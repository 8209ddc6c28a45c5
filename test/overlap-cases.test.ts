import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { analyseOverlap } from '../src/analyses/overlap/overlap-analysis.js';
import type { ValueCounts } from '../src/analyses/overlap/overlap-result.js';
import { buildRegionMembersQuery } from '../src/analyses/overlap/region-members.js';
import { ruleSegment, temporaryMemberSegment } from '../src/analyses/segment-input.js';
import type { ProfileSource } from '../src/core/fields.js';
import type { SegmentDefinition } from '../src/core/segments.js';
import { importProfiles } from '../src/profiles/profile-import.js';
import { Workspace } from '../src/workspace/workspace.js';
import { CASES_DIR } from './support/shared-paths.js';

/**
 * Every overlap request of the shared fault cases, run through import, rules and the overlap
 * analysis. The expected numbers in the case files were worked out by hand and checked with
 * pandas; they are the assertions.
 */

interface CaseSegment {
  rule?: unknown;
  member_ids?: string[];
  member_ids_raw?: string[];
}

interface OverlapExpectation {
  total_customers?: number;
  segment_sizes?: Record<string, number>;
  exclusive_region_counts?: Record<string, number>;
  exclusive_region_members?: Record<string, string[]>;
  inclusive_intersection_counts?: Record<string, number>;
  members_in_all?: number;
  members_in_exactly_one?: Record<string, number>;
  only_in?: Record<string, number>;
  breakdown?: Record<string, Record<string, number>>;
  outcome?: string;
}

interface CaseFile {
  id: string;
  input_file: string;
  segments: Record<string, CaseSegment>;
  requests: { kind: string; segments?: string[]; breakdown_field?: string; expected: OverlapExpectation }[];
}

const OVERLAP_CASES = ['P01', 'P02', 'P03', 'P05', 'P06', 'P07', 'P09', 'P11', 'P18', 'P20', 'P22', 'P26', 'P28', 'P31', 'P34', 'P35', 'P38'];

const readCase = (id: string): CaseFile =>
  JSON.parse(readFileSync(join(CASES_DIR, `${id}.expected.json`), 'utf8')) as CaseFile;

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'overlap-cases-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function openCase(caseFile: CaseFile): Promise<{ workspace: Workspace; source: ProfileSource }> {
  const workspace = await Workspace.open(join(directory, `${caseFile.id}.duckdb`), { create: true });
  await importProfiles(workspace, { file: join(CASES_DIR, caseFile.input_file), key: 'customer_id' });
  return { workspace, source: await workspace.profileSource() };
}

async function defineSegments(
  workspace: Workspace,
  source: ProfileSource,
  caseFile: CaseFile,
  names: readonly string[],
): Promise<SegmentDefinition[]> {
  const segments: SegmentDefinition[] = [];
  for (const name of names) {
    const spec = caseFile.segments[name];
    if (!spec) throw new Error(`case ${caseFile.id} has no segment ${name}`);
    const members = spec.member_ids ?? spec.member_ids_raw;
    if (members) segments.push((await temporaryMemberSegment(workspace.engine, source, name, members)).segment);
    else segments.push(ruleSegment(name, spec.rule, source, () => undefined));
  }
  return segments;
}

/** Region keys in the case files join names with "&" in selection order; "none" is mask 0. */
function maskOf(regionKey: string, names: readonly string[]): number {
  if (regionKey === 'none') return 0;
  return regionKey.split('&').reduce((mask, name) => mask | (1 << names.indexOf(name)), 0);
}

function regionCount(result: ValueCounts, regionKey: string): number {
  if (regionKey === 'none') return result.none;
  const wanted = regionKey.split('&').sort().join('&');
  const region = result.regions.find((candidate) => [...candidate.segments].sort().join('&') === wanted);
  return region?.count ?? 0;
}

describe.each(OVERLAP_CASES)('case %s', (id) => {
  const caseFile = readCase(id);
  const requests = caseFile.requests.filter((request) => request.kind === 'overlap' || request.kind === 'overlap_with_diagram');

  test.each(requests.map((request, index) => [index, request] as const))('overlap request %i', async (_, request) => {
    const { workspace, source } = await openCase(caseFile);
    try {
      const names = request.segments ?? [];
      const segments = await defineSegments(workspace, source, caseFile, names);
      const expected = request.expected;
      const run = () =>
        analyseOverlap(
          workspace.engine,
          source,
          { segments, breakdownFields: request.breakdown_field ? [request.breakdown_field] : [] },
          () => undefined,
        );

      // An overlap needs two segments; a request with fewer is rejected with a message, not a crash.
      if (names.length < 2) {
        await expect(run()).rejects.toThrow(/at least 2/);
        return;
      }
      const result = await run();

      if (expected.total_customers !== undefined) expect(result.profiles).toBe(expected.total_customers);
      for (const [name, size] of Object.entries(expected.segment_sizes ?? {})) {
        expect(result.segments.find((segment) => segment.name === name)?.size, `size of ${name}`).toBe(size);
      }
      for (const [regionKey, count] of Object.entries(expected.exclusive_region_counts ?? {})) {
        expect(regionCount(result, regionKey), `region ${regionKey}`).toBe(count);
      }
      for (const [regionKey, count] of Object.entries(expected.inclusive_intersection_counts ?? {})) {
        const wanted = regionKey.split('&').sort().join('&');
        const pair = result.pairs.find((candidate) => [...candidate.segments].sort().join('&') === wanted);
        const listed = result.intersections.find((candidate) => [...candidate.segments].sort().join('&') === wanted);
        expect(pair?.intersection ?? listed?.count, `inclusive ${regionKey}`).toBe(count);
      }
      if (expected.members_in_all !== undefined) expect(result.inAll).toBe(expected.members_in_all);
      for (const [name, only] of Object.entries({ ...expected.members_in_exactly_one, ...expected.only_in })) {
        expect(result.segments.find((segment) => segment.name === name)?.only, `only in ${name}`).toBe(only);
      }

      for (const [regionKey, members] of Object.entries(expected.exclusive_region_members ?? {})) {
        const query = buildRegionMembersQuery(workspace.engine.dialect, source, segments, maskOf(regionKey, names), () => undefined);
        const rows = await workspace.engine.query(query);
        expect(rows.map((row) => row.key), `members of ${regionKey}`).toEqual([...members].sort());
      }

      if (expected.breakdown) {
        const breakdown = result.breakdowns[0];
        for (const [regionKey, byValue] of Object.entries(expected.breakdown)) {
          for (const [label, count] of Object.entries(byValue)) {
            const value = breakdown?.values.find((row) =>
              label === '(missing)' ? row.value === null : String(row.value) === label,
            );
            expect(value ? regionCount(value, regionKey) : 0, `${regionKey} at ${label}`).toBe(count);
          }
        }
      }
    } finally {
      await workspace.close();
    }
  });
});
