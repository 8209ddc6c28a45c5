import { formatCount, formatCountChange } from '../format/number-format.js';

/** The change of a count since the previous refresh, beside the count; nothing when unchanged or unknown. */
export function CountChange({ current, previous }: { current: number; previous: number | undefined }) {
  if (previous === undefined || previous === current) return null;
  const direction = current > previous ? 'up' : 'down';
  return (
    <span className={`change change-${direction}`} title={`${formatCount(previous)} at the previous refresh`} data-change>
      {' '}
      {formatCountChange(current, previous)}
      <span className="visually-hidden"> since the previous refresh (was {formatCount(previous)})</span>
    </span>
  );
}
