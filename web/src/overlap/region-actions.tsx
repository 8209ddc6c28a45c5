import { useState, type FormEvent } from 'react';

import { api, regionExportUrl, responseError, send, type RegionSelection } from '../api/api-client.js';
import type { Segment } from '../api/api-types.js';
import { ErrorMessage } from '../common/error-message.js';
import { formatCount, formatFieldValue } from '../format/number-format.js';
import { Link } from '../router.js';
import { regionLabel, type RegionRow } from './region-rows.js';

interface RegionActionsProps {
  insightId: string;
  rows: RegionRow[];
  within?: RegionSelection['within'];
  onClear: () => void;
}

/** Acts on the selected regions (their union): save them as a segment, or export their members. */
export function RegionActions({ insightId, rows, within, onClear }: RegionActionsProps) {
  const [naming, setNaming] = useState(false);
  const [created, setCreated] = useState<{ segment: Segment; regionCount: number | null }>();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<Error>();
  if (rows.length === 0) return null;

  const selection: RegionSelection = { regions: rows.map((row) => row.segments), ...(within ? { within } : {}) };
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const description = describeSelection(rows, within);

  return (
    <div className="region-actions" role="region" aria-label="Selected regions">
      <p>
        Selected: <strong>{description}</strong>, <span data-selection-count>{formatCount(total)}</span> customers.
      </p>
      <div className="button-row">
        <button type="button" onClick={() => setNaming(true)}>
          Create segment…
        </button>
        <button
          type="button"
          disabled={exporting}
          onClick={() => {
            setExporting(true);
            setExportError(undefined);
            exportMembers(insightId, selection)
              .catch((failure: unknown) => setExportError(failure as Error))
              .finally(() => setExporting(false));
          }}
        >
          {exporting ? 'Exporting members…' : 'Export members (CSV)'}
        </button>
        <button type="button" className="link-button" onClick={onClear}>
          Clear selection
        </button>
      </div>
      {exportError && (
        <div data-export-error>
          <ErrorMessage error={exportError} notFound="This insight no longer exists, so its members cannot be exported. It may have been deleted." />
        </div>
      )}
      {naming && <SegmentNameForm insightId={insightId} selection={selection} defaultName={description} onCreated={(outcome) => { setCreated(outcome); setNaming(false); }} onCancel={() => setNaming(false)} />}
      {created && (
        <p role="status" className="success" data-created-segment={created.segment.name}>
          Saved segment <Link to={`/segments/${encodeURIComponent(created.segment.id)}`}>{created.segment.name}</Link> with{' '}
          <span data-created-members>{created.segment.memberCount === null ? 'an unknown number of' : formatCount(created.segment.memberCount)}</span> members
          {created.regionCount !== null && ` (the insight counted ${formatCount(created.regionCount)})`}.
        </p>
      )}
    </div>
  );
}

interface SegmentNameFormProps {
  insightId: string;
  selection: RegionSelection;
  defaultName: string;
  onCreated: (outcome: { segment: Segment; regionCount: number | null }) => void;
  onCancel: () => void;
}

function SegmentNameForm({ insightId, selection, defaultName, onCreated, onCancel }: SegmentNameFormProps) {
  const [name, setName] = useState(defaultName.slice(0, 200));
  const [error, setError] = useState<Error>();
  const [saving, setSaving] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      onCreated(await api.segmentFromRegions(insightId, { ...selection, name }));
    } catch (failure) {
      setError(failure as Error);
      setSaving(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(event) => void save(event)}>
      <label className="field">
        Name of the new segment
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} autoFocus />
      </label>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving}>
          Save segment
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function describeSelection(rows: RegionRow[], within: RegionSelection['within']): string {
  const regions = rows.map((row) => (row.segments.length === 0 ? 'none of them' : `${regionLabel(row.segments)} only`)).join(' or ');
  return within ? `${regions}, ${within.field} = ${formatFieldValue(within.value)}` : regions;
}

/**
 * Downloads the CSV export. The file is fetched first, so a failed export (a token the server
 * does not accept, an insight changed since) shows the API's message instead of saving the error
 * as a CSV file. The whole file is held in memory until it is saved.
 */
async function exportMembers(insightId: string, selection: RegionSelection): Promise<void> {
  const response = await send(regionExportUrl(insightId, selection), { headers: { accept: 'text/csv' } });
  if (!response.ok) throw await responseError(response);

  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = 'region-members.csv';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
