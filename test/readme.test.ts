import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const readme = readFileSync('README.md', 'utf8');
const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const scripts = (
  JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
).scripts;

describe('README stays true', () => {
  it.each(Object.keys(action.inputs))('lists input %s', (name) => {
    expect(readme).toContain(`| \`${name}\``);
  });

  it.each(Object.keys(action.outputs))('lists output %s', (name) => {
    expect(readme).toContain(`| \`${name}\``);
  });

  it('names no input or output that action.yml lacks', () => {
    const section = readme.slice(
      readme.indexOf('## Inputs and outputs'),
      readme.indexOf('## The emulator'),
    );
    const named = [...section.matchAll(/^\| `([a-z-]+)`/gm)].map((m) => m[1]);
    expect(named.sort()).toEqual(
      [...Object.keys(action.inputs), ...Object.keys(action.outputs)].sort(),
    );
  });

  it('gives the two fresh-machine commands, and both exist', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm run check');
    expect(scripts.demo).toBeDefined();
    expect(scripts.check).toContain('npm test');
    expect(readFileSync('.ci/run', 'utf8')).toContain('npm run check');
  });
});
