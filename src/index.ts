/**
 * One bundle serves both steps. The main step saves `is-post` first thing, so
 * when the runner starts this file again for the post step, the saved state
 * tells it which step it is.
 *
 * The heavy part (Azure SDK, MSAL, Octokit) is loaded only after the required
 * inputs are known to be present, so a misconfigured step fails in tens of
 * milliseconds instead of hundreds.
 */
import { missingRequiredInput, saveStateEarly, failEarly } from './early.js';
import { holdYoungGeneration } from './heap.js';
import { State } from './names.js';

holdYoungGeneration();

async function entry(): Promise<void> {
  if (process.env[`STATE_${State.IsPost}`] === 'true') {
    const { post } = await import('./post.js');
    await post();
    return;
  }
  saveStateEarly(State.IsPost, 'true');
  const missing = missingRequiredInput(process.env);
  if (missing) {
    failEarly(missing);
    return;
  }
  const { main } = await import('./main.js');
  await main();
}

entry().catch(async (err: unknown) => {
  const { describeError } = await import('./errors.js');
  failEarly(describeError(err));
});
