import type { CliIo } from '../cli/cli-options.js';
import { DemoStepFailed, runDemo } from './demo-runner.js';
import { serveDemo } from './demo-server.js';

/**
 * Entry point of `npm start`, which runs it from the repository root: prints the demo overlap,
 * then serves the demo workspace with the web UI. `--no-serve` stops after the overlap.
 */
const io: CliIo = {
  output: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
};

try {
  await runDemo({ folder: '.demo', rows: 200_000, seed: 42, io });
  if (!process.argv.includes('--no-serve')) await serveDemo('.demo/demo.duckdb', io);
} catch (error) {
  if (error instanceof DemoStepFailed) {
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`demo failed: ${message}\n`);
    process.exitCode = 1;
  }
}
