/**
 * Shows that long work is going on: after one second, a line on stderr with the elapsed time,
 * redrawn in place. Only on a terminal, so pipes and logs stay clean.
 */
export async function withProgress<T>(label: string, work: Promise<T>, stream: NodeJS.WriteStream = process.stderr): Promise<T> {
  if (!stream.isTTY) return work;

  const started = Date.now();
  const frames = ['|', '/', '-', '\\'];
  let frame = 0;
  let shown = false;
  const timer = setInterval(() => {
    // Quick work prints nothing: the first frame comes after a second.
    if (Date.now() - started < 1000) return;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r${frames[frame % frames.length]} ${label}... ${seconds}s`);
    frame += 1;
    shown = true;
  }, 1000 / 8);

  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (shown) stream.write('\r\u001b[2K');
  }
}
