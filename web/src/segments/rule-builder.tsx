import { useEffect, useState } from 'react';

import { fieldValues, type FieldValue } from '../api/field-values.js';
import type { ProfileField } from '../api/api-types.js';
import { formatCount } from '../format/number-format.js';
import {
  emptyRow,
  isSegmentOperator,
  needsValue,
  newId,
  OPERATOR_LABELS,
  OPERATORS_BY_TYPE,
  SEGMENT_OPERATORS,
  type BuilderProblem,
  type BuilderRule,
  type ConditionGroup,
  type ConditionRow,
  type Join,
} from './builder-rule.js';

/** The field select's entry for "in segment" conditions; no field name can be empty. */
const SEGMENT_CHOICE = '';

interface RuleBuilderProps {
  rule: BuilderRule;
  fields: ProfileField[];
  /** Names of the other saved segments, for "is in segment" conditions. */
  segments: string[];
  /** The first incomplete condition; its row shows what to fix. */
  problem: BuilderProblem | undefined;
  /** True once a save was tried: the incomplete row is then marked as an error, not a hint. */
  highlightProblem: boolean;
  onChange: (rule: BuilderRule) => void;
}

export function RuleBuilder({ rule, fields, segments, problem, highlightProblem, onChange }: RuleBuilderProps) {
  const updateGroup = (index: number, group: ConditionGroup) => onChange({ ...rule, groups: rule.groups.map((old, at) => (at === index ? group : old)) });
  const removeGroup = (index: number) => onChange({ ...rule, groups: rule.groups.filter((_, at) => at !== index) });
  const addGroup = () => onChange({ ...rule, groups: [...rule.groups, { id: newId(), join: rule.join === 'all' ? 'any' : 'all', rows: [emptyRow(fields[0]?.name)] }] });

  return (
    <div className="rule-builder" role="group" aria-label="Rule builder">
      {rule.groups.length > 1 && <JoinChoice label="Groups are joined with" join={rule.join} onChange={(join) => onChange({ ...rule, join })} />}
      {rule.groups.map((group, index) => (
        <fieldset key={group.id} className="condition-group">
          <legend>
            Group {index + 1}
            {index > 0 && <span className="join-word"> ({rule.join === 'all' ? 'and' : 'or'} the groups above)</span>}
          </legend>
          <GroupEditor group={group} fields={fields} segments={segments} problem={problem} highlightProblem={highlightProblem} onChange={(changed) => updateGroup(index, changed)} />
          {rule.groups.length > 1 && (
            <button type="button" className="link-button" onClick={() => removeGroup(index)}>
              Remove group {index + 1}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={addGroup}>
        Add group
      </button>
    </div>
  );
}

function JoinChoice({ label, join, onChange }: { label: string; join: Join; onChange: (join: Join) => void }) {
  return (
    <label className="join-choice">
      {label}{' '}
      <select value={join} onChange={(event) => onChange(event.target.value as Join)}>
        <option value="all">AND (all must hold)</option>
        <option value="any">OR (any may hold)</option>
      </select>
    </label>
  );
}

interface GroupEditorProps {
  group: ConditionGroup;
  fields: ProfileField[];
  segments: string[];
  problem: BuilderProblem | undefined;
  highlightProblem: boolean;
  onChange: (group: ConditionGroup) => void;
}

function GroupEditor({ group, fields, segments, problem, highlightProblem, onChange }: GroupEditorProps) {
  const setRows = (rows: ConditionRow[]) => onChange({ ...group, rows });
  return (
    <>
      {group.rows.length > 1 && <JoinChoice label="Conditions are joined with" join={group.join} onChange={(join) => onChange({ ...group, join })} />}
      <ol className="condition-rows">
        {group.rows.map((row, index) => (
          <ConditionRowItem
            key={row.id}
            row={row}
            position={index + 1}
            join={group.join}
            fields={fields}
            segments={segments}
            problem={problem?.rowId === row.id ? problem.message : undefined}
            highlightProblem={highlightProblem}
            onChange={(changed) => setRows(group.rows.map((old) => (old.id === row.id ? changed : old)))}
            onRemove={() => setRows(group.rows.filter((old) => old.id !== row.id))}
          />
        ))}
      </ol>
      <button type="button" onClick={() => setRows([...group.rows, emptyRow(fields[0]?.name)])}>
        Add condition
      </button>
    </>
  );
}

interface ConditionRowItemProps {
  row: ConditionRow;
  position: number;
  join: Join;
  fields: ProfileField[];
  segments: string[];
  /** Message on what this row still lacks, shown under it. */
  problem: string | undefined;
  highlightProblem: boolean;
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
}

/** Shows one condition row, with what it still lacks written under it: a hint at first, an error after a save was tried. */
function ConditionRowItem({ row, position, join, fields, segments, problem, highlightProblem, onChange, onRemove }: ConditionRowItemProps) {
  const marked = problem !== undefined && highlightProblem;
  return (
    <li className={marked ? 'condition-row has-problem' : 'condition-row'} aria-invalid={marked || undefined} data-condition-row={position}>
      {position > 1 && <span className="join-word">{join === 'all' ? 'and' : 'or'}</span>}
      <ConditionEditor row={row} position={position} fields={fields} segments={segments} onChange={onChange} />
      <button type="button" className="icon-button" onClick={onRemove} aria-label={`Remove condition ${position}`}>
        ×
      </button>
      {problem && (
        <p className={marked ? 'row-problem error-text' : 'row-problem muted'} role={marked ? 'alert' : undefined} data-row-problem>
          {problem}
        </p>
      )}
    </li>
  );
}

interface ConditionEditorProps {
  row: ConditionRow;
  position: number;
  fields: ProfileField[];
  segments: string[];
  onChange: (row: ConditionRow) => void;
}

function ConditionEditor({ row, position, fields, segments, onChange }: ConditionEditorProps) {
  const isSegment = isSegmentOperator(row.op);
  const field = fields.find((candidate) => candidate.name === row.field);
  const operators = isSegment ? SEGMENT_OPERATORS : OPERATORS_BY_TYPE[field?.type ?? 'text'];

  const chooseField = (name: string) => {
    if (name === SEGMENT_CHOICE) return onChange({ ...row, field: '', op: 'in_segment', value: segments[0] ?? '', secondValue: '' });
    const type = fields.find((candidate) => candidate.name === name)?.type ?? 'text';
    const op = OPERATORS_BY_TYPE[type].includes(row.op) ? row.op : 'eq';
    return onChange({ ...row, field: name, op, value: isSegment ? '' : row.value });
  };

  return (
    <span className="condition">
      <label>
        <span className="visually-hidden">Field of condition {position}</span>
        <select value={isSegment ? SEGMENT_CHOICE : row.field} onChange={(event) => chooseField(event.target.value)}>
          {fields.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name}
            </option>
          ))}
          {segments.length > 0 && <option value={SEGMENT_CHOICE}>(membership of a segment)</option>}
        </select>
      </label>
      <label>
        <span className="visually-hidden">Operator of condition {position}</span>
        <select value={row.op} onChange={(event) => onChange({ ...row, op: event.target.value as ConditionRow['op'] })}>
          {operators.map((op) => (
            <option key={op} value={op}>
              {OPERATOR_LABELS[op]}
            </option>
          ))}
        </select>
      </label>
      {isSegment ? (
        <label>
          <span className="visually-hidden">Segment of condition {position}</span>
          <select value={row.value} onChange={(event) => onChange({ ...row, value: event.target.value })}>
            {segments.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        needsValue(row.op) && <ValueInputs row={row} position={position} field={field} onChange={onChange} />
      )}
    </span>
  );
}

function ValueInputs({ row, position, field, onChange }: { row: ConditionRow; position: number; field: ProfileField | undefined; onChange: (row: ConditionRow) => void }) {
  const values = useFieldValues(field);
  const listId = `values-${row.id}`;
  const inputType = field?.type === 'date' ? 'date' : 'text';
  const placeholder = field?.type === 'timestamp' ? 'YYYY-MM-DD HH:MM' : undefined;

  if (row.op === 'in' || row.op === 'not_in') {
    return (
      <label>
        <span className="visually-hidden">Values of condition {position}, one per line</span>
        <textarea rows={3} value={row.value} placeholder="one value per line" onChange={(event) => onChange({ ...row, value: event.target.value })} />
      </label>
    );
  }
  return (
    <>
      <datalist id={listId}>
        {values.map((entry) => (
          <option key={String(entry.value)} value={String(entry.value)} label={customerCount(entry.profiles)} />
        ))}
      </datalist>
      <label>
        <span className="visually-hidden">Value of condition {position}</span>
        <input type={inputType} list={listId} value={row.value} placeholder={placeholder} onChange={(event) => onChange({ ...row, value: event.target.value })} />
      </label>
      {row.op === 'between' && (
        <label>
          <span className="between-and">and</span>
          <span className="visually-hidden">Upper bound of condition {position}</span>
          <input type={inputType} list={listId} value={row.secondValue} placeholder={placeholder} onChange={(event) => onChange({ ...row, secondValue: event.target.value })} />
        </label>
      )}
    </>
  );
}

function customerCount(profiles: number): string {
  return `${formatCount(profiles)} ${profiles === 1 ? 'customer' : 'customers'}`;
}

/** The most common values of a field, offered as suggestions while typing. */
function useFieldValues(field: ProfileField | undefined): FieldValue[] {
  const [values, setValues] = useState<FieldValue[]>([]);
  useEffect(() => {
    let current = true;
    if (!field || field.type === 'date' || field.type === 'timestamp') {
      setValues([]);
      return undefined;
    }
    void fieldValues(field.name).then((loaded) => {
      if (current) setValues(loaded);
    });
    return () => {
      current = false;
    };
  }, [field]);
  return values;
}
