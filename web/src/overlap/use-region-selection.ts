import { useCallback, useMemo, useState } from 'react';

import { regionKey, type RegionRow } from './region-rows.js';

export interface RegionSelectionState {
  keys: ReadonlySet<string>;
  /** The selected rows, in table order. */
  rows: RegionRow[];
  toggle: (row: RegionRow) => void;
  /** Selects a region by its segments, as a diagram click does; a second click deselects it. */
  toggleSegments: (segments: string[]) => void;
  clear: () => void;
}

/** The regions selected in one region table, to act on together as their union. */
export function useRegionSelection(rows: RegionRow[]): RegionSelectionState {
  const [keys, setKeys] = useState<ReadonlySet<string>>(new Set());

  const toggleKey = useCallback((key: string) => {
    setKeys((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  const toggle = useCallback((row: RegionRow) => toggleKey(row.key), [toggleKey]);
  const toggleSegments = useCallback((segments: string[]) => toggleKey(regionKey(segments)), [toggleKey]);
  const clear = useCallback(() => setKeys(new Set()), []);

  const selectedRows = useMemo(() => rows.filter((row) => keys.has(row.key)), [rows, keys]);
  return { keys, rows: selectedRows, toggle, toggleSegments, clear };
}
