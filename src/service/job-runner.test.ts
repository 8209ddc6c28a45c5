import { describe, expect, test } from 'vitest';

import { JobRunner } from './job-runner.js';

/** Creates jobs that each finish when the test releases them. */
function controlledJobs() {
  const started: number[] = [];
  const releases = new Map<number, () => void>();
  const perform = (job: number) =>
    new Promise<void>((resolve) => {
      started.push(job);
      releases.set(job, resolve);
    });
  const release = async (job: number) => {
    releases.get(job)?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, perform, release };
}

describe('JobRunner', () => {
  test('runs at most the concurrency at a time, in order', async () => {
    const jobs = controlledJobs();
    const runner = new JobRunner<number>(2, jobs.perform, () => undefined);
    [1, 2, 3, 4].forEach((job) => runner.enqueue(job));

    expect(jobs.started).toEqual([1, 2]);
    expect(runner.queuedCount).toBe(2);

    await jobs.release(2);
    expect(jobs.started).toEqual([1, 2, 3]);

    await jobs.release(1);
    await jobs.release(3);
    await jobs.release(4);
    await runner.whenIdle();
    expect(runner.activeCount).toBe(0);
  });

  test('reports a failing job and moves on', async () => {
    const failures: number[] = [];
    const runner = new JobRunner<number>(
      1,
      async (job) => {
        if (job === 1) throw new Error('job 1 failed');
      },
      (job) => failures.push(job),
    );
    runner.enqueue(1);
    runner.enqueue(2);
    await runner.whenIdle();
    expect(failures).toEqual([1]);
  });

  test('removes queued jobs but not running ones', async () => {
    const jobs = controlledJobs();
    const runner = new JobRunner<number>(1, jobs.perform, () => undefined);
    [1, 2, 3].forEach((job) => runner.enqueue(job));

    expect(runner.remove((job) => job !== 2)).toEqual([3]);
    await jobs.release(1);
    await jobs.release(2);
    await runner.whenIdle();
    expect(jobs.started).toEqual([1, 2]);
  });

  test('stops starting jobs and hands back the queue', async () => {
    const jobs = controlledJobs();
    const runner = new JobRunner<number>(1, jobs.perform, () => undefined);
    [1, 2].forEach((job) => runner.enqueue(job));

    expect(runner.stop()).toEqual([2]);
    expect(() => runner.enqueue(3)).toThrow(/stopped/);
    expect(await runner.waitForRunning(10)).toBe(false);
    await jobs.release(1);
    expect(await runner.waitForRunning(10)).toBe(true);
  });

  test('runs jobs with one key one after the other', async () => {
    // Keys by tens: 11 and 12 share a key, 21 has its own. With room for two, 21 overtakes 12.
    const jobs = controlledJobs();
    const runner = new JobRunner<number>(2, jobs.perform, () => undefined, (job) => String(Math.floor(job / 10)));
    [11, 12, 21].forEach((job) => runner.enqueue(job));

    expect(jobs.started).toEqual([11, 21]);
    expect(runner.queuedCount).toBe(1);

    await jobs.release(21);
    expect(jobs.started).toEqual([11, 21]);

    await jobs.release(11);
    expect(jobs.started).toEqual([11, 21, 12]);
    await jobs.release(12);
    await runner.whenIdle();
    expect(runner.activeCount).toBe(0);
  });

  test('rejects a concurrency below 1', () => {
    expect(() => new JobRunner<number>(0, async () => undefined, () => undefined)).toThrow(/at least 1/);
  });
});
