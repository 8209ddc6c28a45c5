import type { CliIo } from '../cli/cli-options.js';
import { DemoStepFailed, runDemo } from './demo-runner.js';

/** Entry point of `npm start`, which runs it from the repository root. */
const io: CliIo = {
  output: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
};

try {
  await runDemo({ folder: '.demo', rows: 200_000, seed: 42, io });
} catch (error) {
  if (error instanceof DemoStepFailed) {
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`demo failed: ${message}\n`);
    process.exitCode = 1;
  }
}
