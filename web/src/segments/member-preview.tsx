import { useEffect, useRef, useState } from 'react';

import { api, type RuleInput } from '../api/api-client.js';
import type { PreviewResponse } from '../api/api-types.js';
import { ErrorMessage } from '../common/error-message.js';
import { formatCount, formatShare } from '../format/number-format.js';

/** Wait after the last edit before counting, so typing does not send a request per key. */
const PREVIEW_DELAY_MS = 300;

export interface MemberPreviewState {
  /** The count of the latest rule the server counted; while a newer rule is counted it stays, marked as counting. */
  preview: PreviewResponse | undefined;
  error: Error | undefined;
  counting: boolean;
}

/**
 * Counts the members of the rule being edited with the API's preview, a short while after the
 * last change. An undefined rule (an incomplete builder, empty text) clears the count.
 */
export function useMemberPreview(rule: RuleInput | undefined): MemberPreviewState {
  const [preview, setPreview] = useState<PreviewResponse>();
  const [error, setError] = useState<Error>();
  const [counting, setCounting] = useState(false);
  // The key stands for the rule's content, so a new object holding the same rule is not counted again.
  const key = rule === undefined ? '' : JSON.stringify(rule);
  const latest = useRef(rule);
  latest.current = rule;

  useEffect(() => {
    const current = latest.current;
    if (current === undefined) {
      setPreview(undefined);
      setError(undefined);
      setCounting(false);
      return undefined;
    }
    let active = true;
    setCounting(true);
    const timer = setTimeout(() => {
      api.preview(current).then(
        (counted) => {
          if (!active) return;
          setPreview(counted);
          setError(undefined);
          setCounting(false);
        },
        (failure: unknown) => {
          if (!active) return;
          setPreview(undefined);
          setError(failure as Error);
          setCounting(false);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [key]);

  return { preview, error, counting };
}

interface MemberPreviewProps {
  state: MemberPreviewState;
  /** True when the rule cannot be counted yet: a condition of the builder is incomplete. */
  incomplete: boolean;
  /** True when there is no rule at all (empty text). */
  empty: boolean;
}

/** The live member count of the rule being edited; never a count for a rule that is not complete. */
export function MemberPreview({ state, incomplete, empty }: MemberPreviewProps) {
  const { preview, error, counting } = state;
  return (
    <div className="member-preview" aria-live="polite" data-counting={counting || undefined}>
      {incomplete && <p className="muted">The member count appears when every condition is complete.</p>}
      {!incomplete && empty && <p className="muted">Write a rule to see how many customers it matches.</p>}
      <ErrorMessage error={error} />
      {preview && !error && !incomplete && !empty && (
        <p>
          <strong data-preview-members>{formatCount(preview.members)}</strong> of {formatCount(preview.profiles)} customers (
          {formatShare(preview.profiles === 0 ? 0 : preview.members / preview.profiles)}) match
          {counting && <span className="muted"> · counting…</span>}
        </p>
      )}
      {counting && (!preview || incomplete || empty) && <p className="muted">Counting members…</p>}
    </div>
  );
}
