import { useEffect, useRef, useState } from 'react';

import { api, type RuleInput } from '../api/api-client.js';
import type { PreviewResponse } from '../api/api-types.js';
import { ErrorMessage } from '../common/error-message.js';
import { formatCount, formatShare } from '../format/number-format.js';

/** Wait after the last edit before counting, so typing does not send a request per key. */
const PREVIEW_DELAY_MS = 300;

interface MemberPreviewProps {
  rule: RuleInput | undefined;
  problem: Error | undefined;
  /** Receives the rule as the server formats it, once it counted it. */
  onFormatted: (ruleText: string) => void;
}

/** The live member count of the rule being edited, from the API's preview. */
export function MemberPreview({ rule, problem, onFormatted }: MemberPreviewProps) {
  const [preview, setPreview] = useState<PreviewResponse>();
  const [error, setError] = useState<Error>();
  const [counting, setCounting] = useState(false);
  // The key stands for the rule's content, so a new object holding the same rule is not counted again.
  const key = rule === undefined ? '' : JSON.stringify(rule);
  const latest = useRef({ rule, onFormatted });
  latest.current = { rule, onFormatted };

  useEffect(() => {
    const { rule } = latest.current;
    if (rule === undefined) {
      setPreview(undefined);
      setError(undefined);
      return undefined;
    }
    let current = true;
    setCounting(true);
    const timer = setTimeout(() => {
      api.preview(rule).then(
        (counted) => {
          if (!current) return;
          setPreview(counted);
          setError(undefined);
          setCounting(false);
          latest.current.onFormatted(counted.ruleText);
        },
        (failure: unknown) => {
          if (!current) return;
          setPreview(undefined);
          setError(failure as Error);
          setCounting(false);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);

  return (
    <div className="member-preview" aria-live="polite" data-counting={counting || undefined}>
      {problem && <p className="muted">{problem.message}</p>}
      {!problem && rule === undefined && <p className="muted">Write a rule to see how many customers it matches.</p>}
      <ErrorMessage error={error} />
      {preview && !error && rule !== undefined && (
        <p>
          <strong data-preview-members>{formatCount(preview.members)}</strong> of {formatCount(preview.profiles)} customers (
          {formatShare(preview.profiles === 0 ? 0 : preview.members / preview.profiles)}) match
          {counting && <span className="muted"> · counting…</span>}
        </p>
      )}
    </div>
  );
}
