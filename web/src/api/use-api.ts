import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

export interface ApiOptions<T> {
  /** Loads again every `pollMs` while this returns true for the latest data. */
  pollWhile?: (data: T) => boolean;
  pollMs?: number;
}

/**
 * Loads data from the API and keeps it, loading again when `key` changes, on `reload`, and
 * while `pollWhile` returns true for the data (an insight refreshing). A response that arrives
 * after a newer request started is dropped.
 */
export function useApi<T>(key: string, load: () => Promise<T>, options: ApiOptions<T> = {}): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoading(true);

    loadRef.current().then(
      (loaded) => {
        if (!current) return;
        setData(loaded);
        setError(undefined);
        setLoading(false);
        const { pollWhile, pollMs = 1000 } = optionsRef.current;
        if (pollWhile?.(loaded)) timer = setTimeout(reload, pollMs);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
    return () => {
      current = false;
      if (timer) clearTimeout(timer);
    };
  }, [key, generation, reload]);

  return { data, error, loading, reload };
}
