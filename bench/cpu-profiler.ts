/**
 * Preloaded into the API child when BENCH_CPU_PROF is set (node --import): the message
 * 'cpu-profile' on the IPC channel starts the V8 sampling profiler, the next one stops it and
 * writes BENCH_CPU_PROF_DIR/<n>.cpuprofile. (node --cpu-prof only writes at a clean exit, which
 * a server stopped by a signal never has; and a signal will not do: Nest's shutdown hooks take
 * SIGUSR2 as an order to stop.)
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR ?? '.';
const session = new Session();
session.connect();
let running = false;
let written = 0;

async function toggle(): Promise<void> {
  if (!running) {
    running = true;
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    return;
  }
  running = false;
  const { profile } = await session.post('Profiler.stop');
  const path = join(dir, `${++written}.cpuprofile`);
  writeFileSync(path, JSON.stringify(profile));
  console.log(`cpu profile written to ${path}`);
}

process.on('message', (message) => {
  if (message !== 'cpu-profile') return;
  toggle().catch((error: unknown) => console.error('cpu profiler:', error));
});
// the channel must not keep the server alive once it is asked to stop
process.channel?.unref();
