/**
 * The workflows and action.yml, checked with GitHub's own parser
 * (@actions/workflow-parser, the schemas of actions/languageservices) and then
 * for the promises the reusable workflow makes: a plan before approval, an
 * approval gate, one run per vault at a time, a plan-hash binding, an audit
 * record whatever happens, and no secret or expression pasted into a script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const ACTION_REF = 'org/jit-rbac-action@v1';

type Map = Record<string, unknown>;
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  name?: string;
  uses?: string;
  needs?: string | string[];
  if?: string;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: Map };
  outputs?: Record<string, string>;
  with?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Map;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowFiles = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const read = (path: string) => readFileSync(path, 'utf8');
const workflow = (file: string) => parse(read(join(WORKFLOWS, file))) as Workflow;
const action = parse(read(join(ROOT, 'action.yml'))) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
};

/** Parser errors for one workflow, reusable workflows it calls in this repo included. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const parseErrors = parsed.context.errors.getErrors().map((e) => e.message);
  if (!parsed.value) return parseErrors.length ? parseErrors : [`${name} is empty`];
  const local = {
    async getFileContent(ref: FileReference) {
      if ('owner' in ref) throw new Error(`Remote reusable workflow ${ref.path} is not fetched`);
      return { name: ref.path, content: read(join(ROOT, ref.path)) };
    },
  };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, local, {
    fetchReusableWorkflowDepth: 1,
  });
  return [...new Set([...parseErrors, ...(template.errors ?? []).map((e) => e.Message)])];
}

function actionErrors(name: string, content: string): string[] {
  const parsed = parseAction({ name, content }, new NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((e) => e.message);
}

/** Every step of every workflow that runs this action, with where it is. */
function actionSteps(): Array<{ where: string; file: string; step: Step }> {
  return workflowFiles.flatMap((file) =>
    Object.entries(workflow(file).jobs).flatMap(([jobId, job]) =>
      (job.steps ?? [])
        .filter((s) => s.uses === ACTION_REF)
        .map((step) => ({ where: `${file} ${jobId}/${step.id ?? step.name}`, file, step })),
    ),
  );
}

function stepOf(job: Job, id: string): Step {
  const step = job.steps?.find((s) => s.id === id);
  if (!step) throw new Error(`No step with id ${id}`);
  return step;
}

describe('schema validation with GitHub’s parser', () => {
  it('finds the workflows this project ships', () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining(['ci.yml', 'demo-rotation.yml', 'pim-elevate.yml']),
    );
  });

  it.each(workflowFiles)('%s is a valid workflow', async (file) => {
    expect(await workflowErrors(file, read(join(WORKFLOWS, file)))).toEqual([]);
  });

  it('action.yml is a valid action', () => {
    expect(actionErrors('action.yml', read(join(ROOT, 'action.yml')))).toEqual([]);
  });

  // The validator earns trust only if it also says no.
  const broken = [
    {
      name: 'a misspelt job key',
      content:
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minute: 5\n    steps:\n      - run: echo\n',
      want: "Unexpected value 'timeout-minute'",
    },
    {
      name: 'a step with both uses and run',
      content:
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: a/b@v1\n        run: echo\n',
      want: "Unexpected value 'run'",
    },
    {
      name: 'an unknown context',
      content:
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secretz.x }}\n',
      want: "Unrecognized named-value: 'secretz'",
    },
    {
      name: 'needs on a job that does not exist',
      content:
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n  b:\n    needs: nope\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      want: 'nope',
    },
  ];
  it.each(broken)('rejects a workflow with $name', async ({ content, want }) => {
    const errors = await workflowErrors('broken.yml', content);
    expect(errors.join('\n')).toContain(want);
  });

  it('rejects an action with an unknown runtime and no description', () => {
    const errors = actionErrors('action.yml', 'name: x\nruns:\n  using: node99\n  main: a.js\n');
    expect(errors.join('\n')).toContain("Unexpected value 'node99'");
    expect(errors.join('\n')).toContain('description');
  });
});

describe('every use of the action', () => {
  const uses = actionSteps();

  it('is found', () => {
    expect(uses.length).toBeGreaterThanOrEqual(2);
  });

  it.each(uses)('$where passes only inputs that action.yml declares', ({ step }) => {
    const unknown = Object.keys(step.with ?? {}).filter((k) => !(k in action.inputs));
    expect(unknown).toEqual([]);
  });

  it.each(uses)('$where passes every required input', ({ step }) => {
    const required = Object.entries(action.inputs)
      .filter(([, i]) => i.required)
      .map(([name]) => name);
    expect(required.filter((name) => !(name in (step.with ?? {})))).toEqual([]);
  });

  it.each(uses)('$where is read only for outputs that action.yml declares', ({ file, step }) => {
    const text = read(join(WORKFLOWS, file));
    const pattern = new RegExp(`steps\\.${step.id}\\.outputs\\.([\\w-]+)`, 'g');
    const outputs = [...text.matchAll(pattern)].map((m) => m[1] as string);
    expect(outputs.filter((o) => !(o in action.outputs))).toEqual([]);
  });
});

describe('pim-elevate.yml', () => {
  const wf = workflow('pim-elevate.yml');
  const { plan, rotate, report } = wf.jobs as Record<string, Job>;
  const call = wf.on.workflow_call as {
    inputs: Record<string, { default?: string; required?: boolean }>;
    outputs: Record<string, { value: string }>;
  };

  it('is reusable, with plan, rotate and report jobs', () => {
    expect(call).toBeDefined();
    expect(plan && rotate && report).toBeTruthy();
  });

  it('plans with the read-only identity in its own environment, and comments on the PR', () => {
    const step = stepOf(plan as Job, 'plan');
    expect(step.with).toMatchObject({
      command: 'plan',
      'client-id': '${{ inputs.plan-client-id }}',
      'github-token': '${{ github.token }}',
    });
    expect(plan?.environment).toBe('${{ inputs.plan-environment }}');
    expect(plan?.permissions).toEqual({
      'id-token': 'write',
      contents: 'read',
      'pull-requests': 'write',
    });
  });

  it('rotates only after the plan, behind the environment gate', () => {
    expect(rotate?.needs).toBe('plan');
    expect(rotate?.environment).toBe('${{ inputs.environment }}');
    expect(call.inputs.environment?.default).toBe('secret-rotation');
    expect(rotate?.permissions).toEqual({ 'id-token': 'write', contents: 'read', actions: 'read' });
  });

  it('binds the rotation to the approved plan and environment', () => {
    const step = stepOf(rotate as Job, 'rotate');
    expect(step.with).toMatchObject({
      command: 'rotate',
      'client-id': '${{ inputs.client-id }}',
      'expected-plan-hash': '${{ steps.approved.outputs.plan-hash }}',
      'require-environment': '${{ inputs.environment }}',
      'github-token': '${{ github.token }}',
    });
  });

  it('gives the plan and the rotation the same plan-shaping inputs, so the hashes can match', () => {
    const planWith = stepOf(plan as Job, 'plan').with ?? {};
    const rotateWith = stepOf(rotate as Job, 'rotate').with ?? {};
    const shaping = [
      'tenant-id',
      'subscription-id',
      'assignee-object-id',
      'role-ids',
      'resource-ids',
      'secret-include',
      'secret-exclude',
      'secret-tags',
    ];
    for (const key of shaping) expect([key, rotateWith[key]]).toEqual([key, planWith[key]]);
    expect(Object.keys(rotateWith).filter((k) => k.startsWith('secret-'))).toEqual(
      Object.keys(planWith).filter((k) => k.startsWith('secret-')),
    );
  });

  it('runs one leg per vault in both jobs, over the same matrix', () => {
    const matrix = { vault: '${{ fromJSON(inputs.resources) }}' };
    expect(plan?.strategy?.matrix).toEqual(matrix);
    expect(rotate?.strategy?.matrix).toEqual(matrix);
    expect(stepOf(rotate as Job, 'rotate').with?.['resource-ids']).toBe('${{ matrix.vault }}');
    expect(rotate?.strategy?.['fail-fast']).toBe(false);
  });

  it('hands each vault’s plan hash over in an artifact named after the vault', () => {
    const upload = plan?.steps?.find((s) => s.uses === 'actions/upload-artifact@v4');
    const download = rotate?.steps?.find((s) => s.uses === 'actions/download-artifact@v4');
    expect(upload?.with?.name).toBe('plan-${{ steps.vault.outputs.name }}');
    expect(download?.with?.name).toBe(upload?.with?.name);
    const steps = rotate?.steps ?? [];
    const order = ['vault', 'approved', 'rotate'].map((id) => steps.findIndex((s) => s.id === id));
    expect(order.indexOf(-1)).toBe(-1);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('never lets two runs on one vault overlap, nor cancels one halfway', () => {
    expect(rotate?.concurrency?.group).toMatch(/^jit-rbac-\$\{\{ matrix\.vault \}\}/);
    expect(rotate?.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('has a timeout on every job, above the action’s 10-minute propagation wait for rotate', () => {
    for (const job of [plan, rotate, report]) expect(job?.['timeout-minutes']).toBeGreaterThan(0);
    expect(rotate?.['timeout-minutes']).toBeGreaterThan(20);
  });

  it('uploads the audit file whatever the outcome', () => {
    const upload = rotate?.steps?.find(
      (s) => s.uses === 'actions/upload-artifact@v4' && String(s.with?.path).includes('audit-file'),
    );
    expect(upload?.if).toBe('always()');
    expect(String(upload?.with?.path)).toContain('steps.rotate.outputs.audit-file');
  });

  it('passes the merged rotations and assignments to the caller', () => {
    expect(call.outputs.rotations?.value).toBe('${{ jobs.report.outputs.rotations }}');
    expect(call.outputs.assignments?.value).toBe('${{ jobs.report.outputs.assignments }}');
    expect(report?.needs).toBe('rotate');
    expect(report?.if).toContain('always()');
    expect(Object.keys(report?.outputs ?? {})).toEqual(['rotations', 'assignments']);
  });
});

describe('every workflow', () => {
  const jobs = workflowFiles.flatMap((file) =>
    Object.entries(workflow(file).jobs).map(([id, job]) => ({ where: `${file} ${id}`, job, file })),
  );

  it.each(jobs)('$where pastes no ${{ }} expression into a script', ({ job }) => {
    // Values reach scripts through env:, so none can inject shell code.
    for (const step of job.steps ?? []) expect(step.run ?? '').not.toContain('${{');
  });

  it.each(jobs.filter(({ job }) => !job.uses))(
    '$where declares its permissions',
    ({ job, file }) => {
      expect(job.permissions ?? workflow(file).permissions).toBeDefined();
    },
  );

  it.each(jobs.filter(({ job }) => JSON.stringify(job).includes(ACTION_REF)))(
    '$where may ask for an OIDC token',
    ({ job }) => {
      expect(job.permissions?.['id-token']).toBe('write');
    },
  );
});

describe('demo-rotation.yml', () => {
  const wf = workflow('demo-rotation.yml');
  const caller = wf.jobs.rotate as Job;

  it('runs by hand and monthly', () => {
    expect(wf.on).toHaveProperty('workflow_dispatch');
    const cron = (wf.on.schedule as Array<{ cron: string }>)[0]?.cron ?? '';
    expect(cron.split(' ').slice(2)).toEqual(['1', '*', '*']);
  });

  it('calls the reusable workflow and grants every permission its jobs ask for', () => {
    expect(caller.uses).toBe('./.github/workflows/pim-elevate.yml');
    const called = workflow('pim-elevate.yml');
    for (const job of Object.values(called.jobs)) {
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect([scope, wf.permissions?.[scope]]).toEqual([
          scope,
          level === 'read' && wf.permissions?.[scope] === 'write' ? 'write' : level,
        ]);
      }
    }
  });
});

describe('ci.yml', () => {
  const wf = workflow('ci.yml');

  it('runs on push and pull request with Node 20 and the project’s CI script', () => {
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps ?? []);
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node?.with?.['node-version']).toBe(20);
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
  });
});
