import { useState } from 'react';

import type { AttributeDifferentiator, DifferentiatorsChanges, DifferentiatorsResult } from '../api/api-types.js';
import { CountChange } from '../common/count-change.js';
import { formatCount, formatInstant, formatPValue, formatScore, formatStatistic } from '../format/number-format.js';
import { ValueComparisonTable } from './value-comparison-table.js';

const BASELINE_LABELS = { all: 'all customers', rest: 'the rest of the customers', segment: 'segment' } as const;

interface DifferentiatorsViewProps {
  result: DifferentiatorsResult;
  changes: DifferentiatorsChanges | null;
}

/** Attributes ranked by influence; the chosen one is compared value by value below. */
export function DifferentiatorsView({ result, changes }: DifferentiatorsViewProps) {
  const [chosen, setChosen] = useState(result.attributes[0]?.field);
  const attribute = result.attributes.find((candidate) => candidate.field === chosen);
  const baselineName = result.baseline.kind === 'segment' ? `segment ${result.baseline.name}` : BASELINE_LABELS[result.baseline.kind];

  return (
    <div className="differentiators-view" data-view="differentiators">
      {changes && <p className="muted changes-note">Changes are since the refresh of {formatInstant(changes.previousRun.finishedAt)}.</p>}
      <dl className="headline-numbers">
        <div className="headline-number" data-headline="segment">
          <dt>{result.segment.name}</dt>
          <dd>
            <span className="value">{formatCount(result.segment.size)}</span>
            <CountChange current={result.segment.size} previous={changes?.segmentSize.previous} />
          </dd>
        </div>
        <div className="headline-number" data-headline="baseline">
          <dt>Baseline: {baselineName}</dt>
          <dd>
            <span className="value">{formatCount(result.baseline.size)}</span>
            <CountChange current={result.baseline.size} previous={changes?.baselineSize.previous} />
          </dd>
        </div>
        <div className="headline-number" data-headline="profiles">
          <dt>Customers</dt>
          <dd>
            <span className="value">{formatCount(result.profiles)}</span>
            <CountChange current={result.profiles} previous={changes?.profiles.previous} />
          </dd>
        </div>
      </dl>
      <p className="muted">
        Significance compares {formatCount(result.tested.segment)} members with {formatCount(result.tested.baseline)} baseline customers outside the segment
        {result.tested.leftOut > 0 ? `; ${formatCount(result.tested.leftOut)} customers in both were left out of the tests` : ''}. p-values are adjusted for testing
        many attributes (Benjamini–Hochberg).
      </p>
      <div className="differentiators-layout">
        <AttributeList attributes={result.attributes} chosen={chosen} onChoose={setChosen} changes={changes} />
        {attribute && <AttributeDetail attribute={attribute} segmentName={result.segment.name} baselineName={baselineName} previous={previousOf(changes, attribute.field)} />}
      </div>
      {result.excluded.length > 0 && (
        <details className="excluded">
          <summary>{result.excluded.length} attributes not compared</summary>
          <ul>
            {result.excluded.map((excluded) => (
              <li key={excluded.field}>
                {excluded.field}: {excluded.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

interface AttributeListProps {
  attributes: AttributeDifferentiator[];
  chosen: string | undefined;
  onChoose: (field: string) => void;
  changes: DifferentiatorsChanges | null;
}

/** Influence as horizontal bars, most influential first; each row is a button that opens the attribute. */
function AttributeList({ attributes, chosen, onChoose, changes }: AttributeListProps) {
  const maxInfluence = Math.max(0.0001, ...attributes.map((attribute) => attribute.influence));
  return (
    <section aria-labelledby="attributes-title" className="attribute-list">
      <h2 id="attributes-title">Attributes by influence</h2>
      <p className="muted">Influence is the Jensen–Shannon distance between the segment's and the baseline's value shares (0 = same, 1 = disjoint).</p>
      <ol>
        {attributes.map((attribute, index) => (
          <li key={attribute.field}>
            <button type="button" className={attribute.field === chosen ? 'attribute-bar selected' : 'attribute-bar'} aria-pressed={attribute.field === chosen} onClick={() => onChoose(attribute.field)} data-attribute={attribute.field}>
              <span className="attribute-name">
                {attribute.field}
                <RankChange rank={index + 1} previous={previousOf(changes, attribute.field)?.previousRank} />
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar" style={{ width: `${(100 * attribute.influence) / maxInfluence}%` }} />
              </span>
              <span className="attribute-score">
                {formatScore(attribute.influence)}
                <InfluenceChange current={attribute.influence} previous={previousOf(changes, attribute.field)} />
              </span>
              <Significance attribute={attribute} />
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function RankChange({ rank, previous }: { rank: number; previous: number | null | undefined }) {
  if (previous === undefined || previous === rank) return null;
  if (previous === null) return <span className="change"> (new)</span>;
  const up = previous > rank;
  return (
    <span className={`change change-${up ? 'up' : 'down'}`} title={`rank ${previous} at the previous refresh`}>
      {' '}
      {up ? '▲' : '▼'}
      {Math.abs(previous - rank)}
      <span className="visually-hidden"> places since the previous refresh</span>
    </span>
  );
}

type AttributeChange = DifferentiatorsChanges['attributes'][number];

/** Finds an attribute's influence and rank at the previous refresh; undefined when there was no comparable refresh. */
function previousOf(changes: DifferentiatorsChanges | null, field: string): AttributeChange | undefined {
  return changes?.attributes.find((change) => change.field === field);
}

/** Shows the influence at the previous refresh beside the current one, when it differs at the shown precision. */
function InfluenceChange({ current, previous }: { current: number; previous: AttributeChange | undefined }) {
  if (previous === undefined || previous.previous === null) return null;
  const before = formatScore(previous.previous);
  if (before === formatScore(current)) return null;
  const direction = current > previous.previous ? 'up' : 'down';
  return (
    <span className="influence-change" title={`influence ${before} at the previous refresh`} data-previous-influence={before}>
      <span aria-hidden="true">{direction === 'up' ? '▲' : '▼'} </span>was {before}
      <span className="visually-hidden"> at the previous refresh</span>
    </span>
  );
}

function Significance({ attribute }: { attribute: AttributeDifferentiator }) {
  if (attribute.notTestableReason) return <span className="significance not-tested" title={attribute.notTestableReason}>not tested</span>;
  const p = formatPValue(attribute.adjustedPValue, attribute.adjustedPValueUnderflow);
  return attribute.significant ? (
    <span className="significance significant" title={`adjusted p = ${p}`}>
      ★ significant
    </span>
  ) : (
    <span className="significance" title={`adjusted p = ${p}`}>
      not significant
    </span>
  );
}

interface AttributeDetailProps {
  attribute: AttributeDifferentiator;
  segmentName: string;
  baselineName: string;
  previous: AttributeChange | undefined;
}

function AttributeDetail({ attribute, segmentName, baselineName, previous }: AttributeDetailProps) {
  const before = previous?.previous === null || previous === undefined ? undefined : formatScore(previous.previous);
  return (
    <section aria-labelledby="attribute-title" className="attribute-detail" data-attribute-detail={attribute.field}>
      <h2 id="attribute-title">{attribute.field}</h2>
      <p className="muted">
        Influence {formatScore(attribute.influence)}
        {before !== undefined && before !== formatScore(attribute.influence) && ` (${before} at the previous refresh)`} · Cramér's V {formatScore(attribute.effectSize)} ·{' '}
        {attribute.notTestableReason
          ? `not tested: ${attribute.notTestableReason}`
          : `χ² ${formatStatistic(attribute.statistic)} with ${attribute.degreesOfFreedom} degrees of freedom, p ${formatPValue(attribute.pValue, attribute.pValueUnderflow)}, adjusted ${formatPValue(attribute.adjustedPValue, attribute.adjustedPValueUnderflow)}`}
        {attribute.sparse && ' · some expected counts are below 5, so the p-value is rough'}
      </p>
      <ValueComparisonTable attribute={attribute} segmentName={segmentName} baselineName={baselineName} />
    </section>
  );
}
