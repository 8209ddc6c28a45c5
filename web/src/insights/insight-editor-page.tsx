import { useState, type FormEvent } from 'react';

import { api, type InsightCreateBody } from '../api/api-client.js';
import type { FieldsResponse, InsightDetail, InsightKind, Segment } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { ErrorMessage } from '../common/error-message.js';
import { formatCount } from '../format/number-format.js';
import { Link, navigate } from '../router.js';

/** Most segments one overlap takes, as the API enforces. */
const MAX_OVERLAP_SEGMENTS = 16;

interface Loaded {
  fields: FieldsResponse;
  segments: Segment[];
  /** The insight being edited; undefined for a new one. */
  insight: InsightDetail | undefined;
}

/** Defines a new insight, or edits the one with `insightId` in place. */
export function InsightEditorPage({ insightId }: { insightId?: string }) {
  const loaded = useApi(`insight-editor:${insightId ?? ''}`, async (): Promise<Loaded> => {
    const [fields, segments] = await Promise.all([api.fields(), api.segments()]);
    return { fields, segments, insight: insightId ? await api.insight(insightId) : undefined };
  });
  const editedName = loaded.data?.insight?.name;
  return (
    <section aria-labelledby="insight-editor-title">
      <div className="page-title">
        <h1 id="insight-editor-title">{insightId ? `Edit insight${editedName ? ` "${editedName}"` : ''}` : 'New insight'}</h1>
      </div>
      <ErrorMessage error={loaded.error} notFound={<>This insight was not found. It may have been deleted. <Link to="/insights">See all insights</Link>.</>} />
      {loaded.data && <InsightForm {...loaded.data} />}
    </section>
  );
}

function InsightForm({ fields, segments, insight }: Loaded) {
  const definition = insight?.definition;
  const [kind, setKind] = useState<InsightKind>(insight?.kind ?? 'overlap');
  const [chosen, setChosen] = useState<string[]>(definition?.kind === 'overlap' ? definition.segments.map((segment) => segment.id) : []);
  const [segment, setSegment] = useState(definition?.kind === 'differentiators' ? definition.segment.id : (segments[0]?.id ?? ''));
  const [baseline, setBaseline] = useState(initialBaseline(insight));
  const [chosenFields, setChosenFields] = useState<string[]>(initialFields(insight));
  const [name, setName] = useState(insight?.name ?? '');
  const [displayName, setDisplayName] = useState(insight?.displayName ?? '');
  const [description, setDescription] = useState(insight?.description ?? '');
  const [error, setError] = useState<Error>();
  const [saving, setSaving] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const body: InsightCreateBody = { kind, name, displayName: displayName || null, description, ...keptOptions(insight, kind) };
    if (kind === 'overlap') Object.assign(body, { segments: chosen, fields: chosenFields });
    else Object.assign(body, { segment, baseline, ...(chosenFields.length > 0 ? { include: chosenFields } : {}) });
    try {
      if (insight) {
        await api.updateInsight(insight.id, body);
        navigate(`/insights/${encodeURIComponent(insight.id)}`);
      } else {
        await api.createInsight(body);
        navigate('/insights');
      }
    } catch (failure) {
      setError(failure as Error);
      setSaving(false);
    }
  };

  const analysable = fields.fields.filter((field) => field.name !== fields.keyField);
  const overlapReady = chosen.length >= 2 && chosen.length <= MAX_OVERLAP_SEGMENTS;
  return (
    <form className="editor-form" onSubmit={(event) => void save(event)}>
      {insight && (
        <p className="note">
          Saving replaces this insight&apos;s definition and refreshes it. Earlier runs stay in its history, and the current result stays on show until
          the new run finishes.
        </p>
      )}
      <fieldset>
        <legend>Type</legend>
        <div className="segmented">
          <label>
            <input type="radio" name="kind" checked={kind === 'overlap'} onChange={() => setKind('overlap')} /> Overlap
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'differentiators'} onChange={() => setKind('differentiators')} /> Differentiators
          </label>
        </div>
      </fieldset>
      {kind === 'overlap' ? (
        <SegmentChecklist segments={segments} chosen={chosen} onChange={setChosen} />
      ) : (
        <DifferentiatorsChoice segments={segments} segment={segment} baseline={baseline} onSegment={setSegment} onBaseline={setBaseline} />
      )}
      <FieldChecklist
        legend={kind === 'overlap' ? 'Fields to break the overlap down by (optional)' : 'Attributes to compare (optional; none chosen compares all)'}
        fields={analysable.map((field) => field.name)}
        chosen={chosenFields}
        onChange={setChosenFields}
      />
      <label className="field">
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        Display name <span className="muted">(optional)</span>
        <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} maxLength={200} />
      </label>
      <label className="field">
        Description <span className="muted">(optional)</span>
        <textarea value={description} onChange={(event) => setDescription(event.target.value)} rows={2} />
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving || (kind === 'overlap' && !overlapReady) || (kind === 'differentiators' && !segment)}>
          {insight ? 'Save changes and refresh' : 'Save and refresh'}
        </button>
        <Link to={insight ? `/insights/${encodeURIComponent(insight.id)}` : '/insights'} className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function SegmentChecklist({ segments, chosen, onChange }: { segments: Segment[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((other) => other !== id));
  return (
    <fieldset>
      <legend>Segments to overlap (2 to {MAX_OVERLAP_SEGMENTS}; {chosen.length} chosen)</legend>
      {segments.length < 2 && <TooFewSegments needed={2} saved={segments.length} />}
      <ul className="checklist">
        {segments.map((segment) => (
          <li key={segment.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.includes(segment.id)}
                disabled={!chosen.includes(segment.id) && chosen.length >= MAX_OVERLAP_SEGMENTS}
                onChange={(event) => toggle(segment.id, event.target.checked)}
              />{' '}
              {segment.name} <span className="muted">({segment.memberCount === null ? 'not counted' : formatCount(segment.memberCount)})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

interface DifferentiatorsChoiceProps {
  segments: Segment[];
  segment: string;
  baseline: string;
  onSegment: (id: string) => void;
  onBaseline: (baseline: string) => void;
}

function DifferentiatorsChoice({ segments, segment, baseline, onSegment, onBaseline }: DifferentiatorsChoiceProps) {
  return (
    <fieldset>
      <legend>Compare</legend>
      {segments.length === 0 && <TooFewSegments needed={1} saved={0} />}
      <div className="field">
        <label htmlFor="differentiators-segment">Segment</label>
        <select id="differentiators-segment" value={segment} onChange={(event) => onSegment(event.target.value)}>
          {segments.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="differentiators-baseline">Baseline</label>
        <select id="differentiators-baseline" value={baseline} onChange={(event) => onBaseline(event.target.value)}>
          <option value="all">All customers</option>
          <option value="rest">The rest of the customers</option>
          {segments
            .filter((option) => option.id !== segment)
            .map((option) => (
              <option key={option.id} value={option.id}>
                Segment: {option.name}
              </option>
            ))}
        </select>
      </div>
    </fieldset>
  );
}

/** Says why the segment choice is empty or too short, and where to make segments. */
function TooFewSegments({ needed, saved }: { needed: number; saved: number }) {
  const have = saved === 0 ? 'there are no saved segments yet' : `there is only ${saved}`;
  return (
    <p className="note" data-too-few-segments>
      This insight needs at least {needed} segment{needed === 1 ? '' : 's'}, and {have}. <Link to="/segments/new">Create a segment</Link> first, then come back here.
    </p>
  );
}

function FieldChecklist({ legend, fields, chosen, onChange }: { legend: string; fields: string[]; chosen: string[]; onChange: (names: string[]) => void }) {
  const toggle = (name: string, on: boolean) => onChange(on ? [...chosen, name] : chosen.filter((other) => other !== name));
  return (
    <fieldset>
      <legend>{legend}</legend>
      <ul className="checklist columns">
        {fields.map((name) => (
          <li key={name}>
            <label>
              <input type="checkbox" checked={chosen.includes(name)} onChange={(event) => toggle(name, event.target.checked)} /> {name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function initialBaseline(insight: InsightDetail | undefined): string {
  const definition = insight?.definition;
  if (definition?.kind !== 'differentiators') return 'all';
  return definition.baseline.kind === 'segment' ? definition.baseline.segment.id : definition.baseline.kind;
}

function initialFields(insight: InsightDetail | undefined): string[] {
  const definition = insight?.definition;
  if (!definition) return [];
  return definition.kind === 'overlap' ? definition.fields : (definition.include ?? []);
}

/**
 * Returns the options of the edited insight that the form does not show, so an edit keeps them
 * while the kind stays. A saved edit replaces the whole definition, so an option left out would
 * fall back to its default.
 */
function keptOptions(insight: InsightDetail | undefined, kind: InsightKind): Partial<InsightCreateBody> {
  const definition = insight?.definition;
  if (!definition || definition.kind !== kind) return {};
  if (definition.kind === 'overlap') return definition.maxValues === null ? {} : { maxValues: definition.maxValues };

  const options: Partial<InsightCreateBody> = { exclude: definition.exclude, keepRuleFields: definition.keepRuleFields };
  if (definition.maxValues !== null) options.maxValues = definition.maxValues;
  if (definition.bins !== null) options.bins = definition.bins;
  if (definition.minSupport !== null) options.minSupport = definition.minSupport;
  if (definition.dateUnit !== null) options.dateUnit = definition.dateUnit;
  return options;
}
