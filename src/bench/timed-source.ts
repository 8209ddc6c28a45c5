import type { ProfileSource } from '../core/fields.js';
import type { Engine } from '../engines/engine.js';

/** The profiles a benchmark job times its cases on, as the product and the plain queries see them. */
export interface TimedSource {
  engine: Engine;
  /** The product's view of the profiles. */
  source: ProfileSource;
  /** The same profiles as SQL that the plain queries read straight (a table or a file scan). */
  plainRelation: string;
  /** Name of the profile source in case names: "imported table" or "Parquet in place". */
  label: string;
  rows: number;
}
