export const DEFAULT_RUN_CONCURRENCY = 2;

/**
 * A first-in, first-out queue that performs at most `concurrency` jobs at a time in the
 * background. Jobs that share a key (`keyOf`) run one after the other: a job waits while one
 * with its key is running, and jobs behind it with other keys may start first. `perform` owns
 * its errors: a job that throws is reported to `onError` and the queue moves on.
 */
export class JobRunner<Job> {
  private readonly queue: Job[] = [];
  private readonly running = new Set<Promise<void>>();
  /** Keys of the running jobs; at most one job per key runs. */
  private readonly runningKeys = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly concurrency: number,
    private readonly perform: (job: Job) => Promise<void>,
    private readonly onError: (job: Job, error: unknown) => void,
    private readonly keyOf?: (job: Job) => string,
  ) {
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new Error(`job concurrency must be a whole number of at least 1, got ${concurrency}`);
    }
  }

  get activeCount(): number {
    return this.running.size;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  enqueue(job: Job): void {
    if (this.stopped) throw new Error('the job runner is stopped');
    this.queue.push(job);
    this.startNext();
  }

  /** Takes the queued jobs that match out of the queue; jobs already running are not touched. */
  remove(matches: (job: Job) => boolean): Job[] {
    const removed = this.queue.filter(matches);
    const kept = this.queue.filter((job) => !matches(job));
    this.queue.splice(0, this.queue.length, ...kept);
    this.notifyIfIdle();
    return removed;
  }

  /** Starts no more jobs and returns the ones still queued. */
  stop(): Job[] {
    this.stopped = true;
    return this.remove(() => true);
  }

  /** Resolves once no job is queued or running. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits up to `timeoutMs` for the running jobs; true when they all finished in time. */
  async waitForRunning(timeoutMs: number): Promise<boolean> {
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = Promise.all([...this.running]).then(() => true);
    const inTime = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    return inTime;
  }

  private startNext(): void {
    while (!this.stopped && this.running.size < this.concurrency) {
      const index = this.queue.findIndex((job) => this.canStart(job));
      if (index < 0) return;
      const [job] = this.queue.splice(index, 1) as [Job];
      const key = this.keyOf?.(job);
      if (key !== undefined) this.runningKeys.add(key);

      const execution = this.execute(job);
      this.running.add(execution);
      void execution.finally(() => {
        this.running.delete(execution);
        if (key !== undefined) this.runningKeys.delete(key);
        this.startNext();
        this.notifyIfIdle();
      });
    }
  }

  private canStart(job: Job): boolean {
    const key = this.keyOf?.(job);
    return key === undefined || !this.runningKeys.has(key);
  }

  private async execute(job: Job): Promise<void> {
    try {
      await this.perform(job);
    } catch (error) {
      this.onError(job, error);
    }
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.queue.length === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
