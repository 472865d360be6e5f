import { describe, expect, it } from 'vitest';
import { ACTION_NAMESPACE, uuidV5 } from '../src/uuid.js';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV5', () => {
  const vectors = [
    {
      name: 'RFC 9562 example: www.example.com in the DNS namespace',
      text: 'www.example.com',
      namespace: DNS_NAMESPACE,
      want: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    },
    {
      name: 'python.org in the DNS namespace (Python uuid.uuid5)',
      text: 'python.org',
      namespace: DNS_NAMESPACE,
      want: '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    },
    {
      name: 'upper-case namespace text is the same namespace',
      text: 'www.example.com',
      namespace: DNS_NAMESPACE.toUpperCase(),
      want: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    },
  ];

  it.each(vectors)('$name', ({ text, namespace, want }) => {
    expect(uuidV5(text, namespace)).toBe(want);
  });

  const names = [
    '',
    'a',
    'www.example.com',
    'owner/repo|123|1|role|/subscriptions/x',
    'ünïcødé ✓',
    'x'.repeat(10_000),
  ];

  it.each(names)('sets version 5 and the RFC variant for %j', (text) => {
    const id = uuidV5(text);
    const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');

    expect(id).toMatch(UUID_SHAPE);
    expect((bytes[6] as number) >> 4).toBe(5);
    expect((bytes[8] as number) >> 6).toBe(0b10);
  });

  it('gives the same UUID for the same name and namespace', () => {
    expect(uuidV5('owner/repo|1')).toBe(uuidV5('owner/repo|1'));
    expect(uuidV5('owner/repo|1')).toBe(uuidV5('owner/repo|1', ACTION_NAMESPACE));
  });

  const differences = [
    { name: 'another name', a: ['run|1'], b: ['run|2'] },
    { name: 'case of the name', a: ['Run'], b: ['run'] },
    {
      name: 'another namespace',
      a: ['www.example.com', DNS_NAMESPACE],
      b: ['www.example.com', URL_NAMESPACE],
    },
    {
      name: 'the action namespace against DNS',
      a: ['www.example.com'],
      b: ['www.example.com', DNS_NAMESPACE],
    },
  ];

  it.each(differences)('differs for $name', ({ a, b }) => {
    expect(uuidV5(a[0] as string, a[1])).not.toBe(uuidV5(b[0] as string, b[1]));
  });

  it('has a well-formed namespace of its own', () => {
    expect(ACTION_NAMESPACE).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
