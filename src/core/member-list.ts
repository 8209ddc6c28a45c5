import { InvalidInputError } from './errors.js';

/** How a list of member keys was read: what was dropped or changed, with a few examples. */
export interface MemberListReport {
  entries: number;
  /** Distinct keys after trimming, before matching them against the profiles. */
  distinct: number;
  blank: number;
  /** Keys listed more than once, with how often (a few examples). */
  repeated: { key: string; times: number }[];
  repeatedKeys: number;
  /** Entries that had surrounding whitespace (a few examples, as written). */
  trimmed: string[];
  trimmedEntries: number;
}

const EXAMPLES = 10;

/**
 * Cleans a member list into a set of keys: entries are trimmed and NFC-normalised like profile
 * keys, blanks are dropped, repeats count once. Matching stays exact and case-sensitive, so "c04"
 * is not "C04". Numbers are rejected because keys are text: 1234567890123456789 cannot survive a
 * JSON number.
 */
export function cleanMemberList(entries: readonly unknown[], label = 'members'): { keys: string[]; report: MemberListReport } {
  const counts = new Map<string, number>();
  const trimmed: string[] = [];
  let trimmedEntries = 0;
  let blank = 0;

  entries.forEach((entry, index) => {
    if (typeof entry !== 'string') {
      throw new InvalidInputError(
        `${label}[${index}] is ${JSON.stringify(entry)}, not text. Write customer keys as strings, e.g. "00123"`,
        { index },
      );
    }
    const key = entry.trim().normalize('NFC');
    if (key !== entry.normalize('NFC')) {
      trimmedEntries += 1;
      if (trimmed.length < EXAMPLES) trimmed.push(entry);
    }
    if (key === '') blank += 1;
    else counts.set(key, (counts.get(key) ?? 0) + 1);
  });

  const repeatedAll = [...counts].filter(([, times]) => times > 1);
  return {
    keys: [...counts.keys()],
    report: {
      entries: entries.length,
      distinct: counts.size,
      blank,
      repeated: repeatedAll.slice(0, EXAMPLES).map(([key, times]) => ({ key, times })),
      repeatedKeys: repeatedAll.length,
      trimmed,
      trimmedEntries,
    },
  };
}

/** Splits a members file's text into entries: one key per line, a header line allowed. */
export function splitMemberLines(text: string, keyField: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines[0]?.trim() === keyField) lines.shift();
  return lines;
}
