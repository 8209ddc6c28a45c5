import { useMemo, useState, type FormEvent, type ReactNode } from 'react';

import { api, ApiError, type RuleInput } from '../api/api-client.js';
import type { FieldsResponse, Segment } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { ErrorMessage } from '../common/error-message.js';
import { navigate, Link } from '../router.js';
import { BuilderProblem, emptyRule, toRuleJson, type BuilderRule, type FieldType } from './builder-rule.js';
import { MemberPreview, useMemberPreview } from './member-preview.js';
import { RuleBuilder } from './rule-builder.js';
import { readRuleText } from './rule-text-reader.js';
import { builderRuleText } from './rule-text-writer.js';

type Mode = 'builder' | 'text';

interface Loaded {
  fields: FieldsResponse;
  segments: Segment[];
  segment: Segment | undefined;
}

/** Creates a segment, or edits the one with `segmentId`. */
export function SegmentEditorPage({ segmentId }: { segmentId?: string }) {
  const loaded = useApi(`segment-editor:${segmentId ?? ''}`, async (): Promise<Loaded> => {
    const [fields, segments] = await Promise.all([api.fields(), api.segments()]);
    return { fields, segments, segment: segmentId ? await api.segment(segmentId) : undefined };
  });

  return (
    <section aria-labelledby="segment-editor-title">
      <div className="page-title">
        <h1 id="segment-editor-title">{segmentId ? `Edit segment${loaded.data?.segment ? ` "${loaded.data.segment.name}"` : ''}` : 'New segment'}</h1>
      </div>
      <ErrorMessage error={loaded.error} notFound={<>This segment was not found. It may have been deleted or renamed. <Link to="/segments">See all segments</Link>.</>} />
      {loaded.data && <SegmentForm {...loaded.data} />}
    </section>
  );
}

function SegmentForm({ fields, segments, segment }: Loaded) {
  const ruleFields = useMemo(() => fields.fields.filter((field) => field.name !== fields.keyField), [fields]);
  const types = useMemo(() => new Map(fields.fields.map((field) => [field.name, field.type as FieldType])), [fields]);
  const initialRule = segment?.ruleText ? readRuleText(segment.ruleText) : null;

  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [mode, setMode] = useState<Mode>(segment?.ruleText && !initialRule ? 'text' : 'builder');
  const [builderRule, setBuilderRule] = useState<BuilderRule>(initialRule ?? emptyRule(ruleFields[0]?.name));
  const [ruleText, setRuleText] = useState(segment?.ruleText ?? '');
  const [modeNote, setModeNote] = useState<string>();
  const [error, setError] = useState<ReactNode>();
  const [saveAttempted, setSaveAttempted] = useState(false);
  const [saving, setSaving] = useState(false);

  const built = useMemo(() => buildRule(mode, builderRule, ruleText, types), [mode, builderRule, ruleText, types]);
  const preview = useMemberPreview(built.rule);
  const otherSegments = segments.filter((other) => other.id !== segment?.id).map((other) => other.name);
  const isMemberList = segment?.kind === 'static';

  const switchMode = (next: Mode) => {
    setModeNote(undefined);
    if (next === 'text') setRuleText(builderRuleText(builderRule, types));
    if (next === 'builder') {
      const read = ruleText.trim() === '' ? emptyRule(ruleFields[0]?.name) : readRuleText(ruleText);
      if (!read) {
        setModeNote('The builder cannot show this rule, because it nests groups more than two levels deep or puts "not" before a group. Keep editing it as text.');
        return;
      }
      setBuilderRule(read);
    }
    setMode(next);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaveAttempted(true);
    setError(undefined);
    const rule = isMemberList ? undefined : built.rule;
    if (!isMemberList && rule === undefined) {
      setError(unsavedReason(built.problem));
      return;
    }
    setSaving(true);
    try {
      if (segment) await api.updateSegment(segment.id, { name, description, rule });
      else await api.createSegment({ name, description, rule: rule as RuleInput });
      navigate('/segments');
    } catch (failure) {
      setError(saveFailure(failure as Error, preview.error));
      setSaving(false);
    }
  };

  const problem = built.problem instanceof BuilderProblem ? built.problem : undefined;
  return (
    <form onSubmit={(event) => void save(event)} className="editor-form">
      <label className="field">
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        Description <span className="muted">(optional)</span>
        <textarea value={description} onChange={(event) => setDescription(event.target.value)} rows={2} />
      </label>
      {isMemberList ? (
        <p className="muted">This segment is a list of customers, so it has no rule to edit here.</p>
      ) : (
        <RuleEditor
          mode={mode}
          onModeChange={switchMode}
          note={modeNote}
          builder={<RuleBuilder rule={builderRule} fields={ruleFields} segments={otherSegments} problem={problem} highlightProblem={saveAttempted} onChange={setBuilderRule} />}
          ruleText={ruleText}
          onRuleTextChange={setRuleText}
        />
      )}
      {!isMemberList && <MemberPreview state={preview} incomplete={built.problem !== undefined} empty={built.rule === undefined && built.problem === undefined} />}
      {typeof error === 'string' ? (
        <p role="alert" className="error" data-save-error>
          {error}
        </p>
      ) : (
        error
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving}>
          {segment ? 'Save changes' : 'Save segment'}
        </button>
        <Link to="/segments" className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function unsavedReason(problem: Error | undefined): string {
  if (problem instanceof BuilderProblem && problem.rowId !== '') return 'Not saved: complete the highlighted condition first.';
  if (problem) return `Not saved: ${problem.message}`;
  return 'Not saved: the rule is empty. Write a rule first.';
}

/**
 * Words a failed save. A rule the server rejects is already explained by the preview above, so
 * the message then only says that nothing was saved instead of repeating the rule's problem.
 */
function saveFailure(failure: Error, previewError: Error | undefined): ReactNode {
  const ruleRejected = failure instanceof ApiError && failure.code === 'invalid-rule';
  const previewShowsIt = previewError instanceof ApiError && previewError.code === 'invalid-rule';
  if (ruleRejected && previewShowsIt) return 'Not saved: fix the rule as the message above says.';
  return <ErrorMessage error={failure} />;
}

interface RuleEditorProps {
  mode: Mode;
  onModeChange: (mode: Mode) => void;
  note: string | undefined;
  builder: ReactNode;
  ruleText: string;
  onRuleTextChange: (text: string) => void;
}

function RuleEditor({ mode, onModeChange, note, builder, ruleText, onRuleTextChange }: RuleEditorProps) {
  return (
    <fieldset className="rule-editor">
      <legend>Rule</legend>
      <div role="radiogroup" aria-label="Rule editing mode" className="segmented">
        <label>
          <input type="radio" name="rule-mode" checked={mode === 'builder'} onChange={() => onModeChange('builder')} /> Builder
        </label>
        <label>
          <input type="radio" name="rule-mode" checked={mode === 'text'} onChange={() => onModeChange('text')} /> Text
        </label>
      </div>
      {note && (
        <p className="note" role="status" data-mode-note>
          {note}
        </p>
      )}
      {mode === 'builder' ? (
        builder
      ) : (
        <label className="field">
          Rule text
          <textarea
            className="rule-textarea"
            value={ruleText}
            onChange={(event) => onRuleTextChange(event.target.value)}
            rows={4}
            spellCheck={false}
            placeholder={`total_spend > 500 and (city = 'Seattle' or city is empty)`}
          />
        </label>
      )}
    </fieldset>
  );
}

interface BuiltRule {
  rule: RuleInput | undefined;
  problem: Error | undefined;
}

function buildRule(mode: Mode, builderRule: BuilderRule, ruleText: string, types: ReadonlyMap<string, FieldType>): BuiltRule {
  if (mode === 'text') return ruleText.trim() === '' ? { rule: undefined, problem: undefined } : { rule: ruleText, problem: undefined };
  try {
    return { rule: toRuleJson(builderRule, types), problem: undefined };
  } catch (problem) {
    if (problem instanceof BuilderProblem) return { rule: undefined, problem };
    throw problem;
  }
}
