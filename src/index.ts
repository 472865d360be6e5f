/**
 * One bundle serves both steps. The main step saves `is-post` first thing, so
 * when the runner starts this file again for the post step, the saved state
 * tells it which step it is.
 */
import * as core from '@actions/core';
import { describeError } from './errors.js';
import { State } from './names.js';
import { main } from './main.js';
import { post } from './post.js';

async function entry(): Promise<void> {
  if (core.getState(State.IsPost) === 'true') {
    await post();
    return;
  }
  core.saveState(State.IsPost, 'true');
  await main();
}

entry().catch((err: unknown) => core.setFailed(describeError(err)));
