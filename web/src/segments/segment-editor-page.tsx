import { useMemo, useState, type FormEvent, type ReactNode } from 'react';

import { api, type RuleInput } from '../api/api-client.js';
import type { FieldsResponse, Segment } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { ErrorMessage } from '../common/error-message.js';
import { navigate, Link } from '../router.js';
import { BuilderProblem, emptyRule, toRuleJson, type BuilderRule, type FieldType } from './builder-rule.js';
import { MemberPreview } from './member-preview.js';
import { RuleBuilder } from './rule-builder.js';
import { readRuleText } from './rule-text-reader.js';

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
      <ErrorMessage error={loaded.error} />
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
  const [error, setError] = useState<Error>();
  const [saving, setSaving] = useState(false);
  const [formattedText, setFormattedText] = useState<string>();

  const built = useMemo(() => buildRule(mode, builderRule, ruleText, types), [mode, builderRule, ruleText, types]);
  const otherSegments = segments.filter((other) => other.id !== segment?.id).map((other) => other.name);
  const isMemberList = segment?.kind === 'static';

  const switchMode = (next: Mode) => {
    // The server formats the builder's rule for the preview; that text carries into text mode.
    if (next === 'text' && mode === 'builder' && built.rule !== undefined && formattedText) setRuleText(formattedText);
    if (next === 'builder') {
      const read = readRuleText(ruleText);
      if (!read && ruleText.trim() !== '') {
        setError(new Error('the builder cannot show this rule (it nests groups more than two levels or negates a group). Keep editing it as text'));
        return;
      }
      if (read) setBuilderRule(read);
    }
    setError(undefined);
    setMode(next);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const rule = isMemberList ? undefined : built.rule;
      if (!isMemberList && rule === undefined) throw built.problem ?? new Error('the rule is empty. Add a condition');
      if (segment) await api.updateSegment(segment.id, { name, description, rule });
      else await api.createSegment({ name, description, rule: rule as RuleInput });
      navigate('/segments');
    } catch (failure) {
      setError(failure as Error);
      setSaving(false);
    }
  };

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
        <p className="muted">This segment is a member list; its members are replaced through the API.</p>
      ) : (
        <RuleEditor
          mode={mode}
          onModeChange={switchMode}
          builder={<RuleBuilder rule={builderRule} fields={ruleFields} segments={otherSegments} problemRowId={built.problem instanceof BuilderProblem ? built.problem.rowId : undefined} onChange={setBuilderRule} />}
          ruleText={ruleText}
          onRuleTextChange={setRuleText}
        />
      )}
      {!isMemberList && <MemberPreview rule={built.rule} problem={built.problem} onFormatted={setFormattedText} />}
      <ErrorMessage error={error} />
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

interface RuleEditorProps {
  mode: Mode;
  onModeChange: (mode: Mode) => void;
  builder: ReactNode;
  ruleText: string;
  onRuleTextChange: (text: string) => void;
}

function RuleEditor({ mode, onModeChange, builder, ruleText, onRuleTextChange }: RuleEditorProps) {
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
