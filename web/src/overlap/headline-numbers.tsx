import { CountChange } from '../common/count-change.js';
import { formatCount } from '../format/number-format.js';

export interface Headline {
  profiles: number;
  union: number;
  inAll: number;
  atLeastTwo: number;
  none: number;
  segments: { name: string; size: number; only: number }[];
}

export interface HeadlinePrevious {
  profiles?: number;
  none?: number;
  /** Segment sizes and only-counts at the previous refresh, by segment position. */
  segments?: { size?: number; only?: number }[];
  inAll?: number;
  atLeastTwo?: number;
  union?: number;
}

/** The headline numbers of an overlap: in all, only in each segment, union, none, profiles. */
export function HeadlineNumbers({ headline, previous = {}, label }: { headline: Headline; previous?: HeadlinePrevious; label: string }) {
  return (
    <section aria-label={label} className="headline">
      <dl className="headline-numbers">
        <Number name="In all segments" value={headline.inAll} previous={previous.inAll} id="in-all" />
        <Number name="In at least two" value={headline.atLeastTwo} previous={previous.atLeastTwo} id="at-least-two" />
        <Number name="In any (union)" value={headline.union} previous={previous.union} id="union" />
        <Number name="In none of them" value={headline.none} previous={previous.none} id="none" />
        <Number name="Customers" value={headline.profiles} previous={previous.profiles} id="profiles" />
      </dl>
      <table className="data-table segment-sizes">
        <caption className="visually-hidden">Segment sizes</caption>
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col" className="number">
              Members
            </th>
            <th scope="col" className="number">
              Only in this one
            </th>
          </tr>
        </thead>
        <tbody>
          {headline.segments.map((segment, index) => (
            <tr key={segment.name} data-segment={segment.name}>
              <th scope="row">{segment.name}</th>
              <td className="number">
                {formatCount(segment.size)}
                <CountChange current={segment.size} previous={previous.segments?.[index]?.size} />
              </td>
              <td className="number" data-only>
                {formatCount(segment.only)}
                <CountChange current={segment.only} previous={previous.segments?.[index]?.only} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Number({ name, value, previous, id }: { name: string; value: number; previous?: number; id: string }) {
  return (
    <div className="headline-number" data-headline={id}>
      <dt>{name}</dt>
      <dd>
        <span className="value">{formatCount(value)}</span>
        <CountChange current={value} previous={previous} />
      </dd>
    </div>
  );
}
