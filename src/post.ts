import { runPost } from './cleanup.js';
import { coreIO } from './io.js';
import { realRuntime } from './runtime.js';

/** The post step: removes whatever the main step could not. */
export async function post(): Promise<void> {
  await runPost({ io: coreIO, rt: realRuntime });
}
