import { describe, expect, it } from 'vitest';
import { codeCell, escapeCell, escapeMermaidLabel, renderTable } from '../src/markdown.js';

/** Splits a table row the way GFM does: on every pipe not preceded by a backslash. */
function gfmCells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

const hostile = [
  'a|b',
  'a\\|b',
  '`code`',
  '<script>alert(1)</script>',
  'line1\nline2\r\nline3\rline4',
  '**bold** _em_ [link](http://x) ![img](y) ~~del~~',
  '\\',
  '|||',
  '&amp; & <b>',
];

describe('escapeCell', () => {
  const cases = [
    { name: 'plain text', text: 'kv-prod', want: 'kv-prod' },
    { name: 'trims', text: '  padded \n', want: 'padded' },
    { name: 'pipe once', text: 'a|b', want: 'a\\|b' },
    { name: 'already escaped pipe stays visible', text: 'a\\|b', want: 'a\\\\\\|b' },
    { name: 'backtick', text: '`x`', want: '\\`x\\`' },
    { name: 'emphasis', text: '*a* _b_', want: '\\*a\\* \\_b\\_' },
    { name: 'link brackets', text: '[x](y)', want: '\\[x\\](y)' },
    { name: 'html', text: '<script>', want: '&lt;script&gt;' },
    { name: 'ampersand', text: 'a & b', want: 'a &amp; b' },
    { name: 'entity stays literal', text: '&lt;', want: '&amp;lt;' },
    { name: 'strikethrough', text: '~~x~~', want: '\\~\\~x\\~\\~' },
    { name: 'newlines', text: 'a\nb\r\nc\rd', want: 'a<br>b<br>c<br>d' },
    { name: 'backslash', text: 'C:\\path', want: 'C:\\\\path' },
    { name: 'empty', text: '', want: '' },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(escapeCell(text)).toBe(want);
  });

  it.each(hostile)('leaves no unescaped pipe or raw markup in %j', (text) => {
    const escaped = escapeCell(text);

    expect(escaped).not.toMatch(/(?<!\\)\|/);
    expect(escaped.replace(/<br>/g, '')).not.toMatch(/[\r\n<>]/);
    expect(escaped).not.toMatch(/(?<!\\)[`*_[\]~]/);
  });
});

describe('renderTable', () => {
  it('renders header, separator and rows', () => {
    const want = ['| Secret | Vault |', '| --- | --- |', '| a | kv1 |', '| b\\|c | kv2 |', ''].join(
      '\n',
    );

    expect(
      renderTable(
        ['Secret', 'Vault'],
        [
          ['a', 'kv1'],
          ['b|c', 'kv2'],
        ],
      ),
    ).toBe(want);
  });

  it('escapes headers too and pads short rows', () => {
    expect(renderTable(['a|b', 'c'], [['x']])).toBe('| a\\|b | c |\n| --- | --- |\n| x |  |\n');
  });

  it.each(hostile)('keeps the column count with hostile cell %j', (text) => {
    const lines = renderTable(['name', 'value', 'note'], [[text, text, 'end']])
      .trimEnd()
      .split('\n');

    expect(lines).toHaveLength(3);
    expect(gfmCells(lines[2] as string)).toHaveLength(3);
    expect(gfmCells(lines[2] as string)[2]).toBe('end');
  });

  const errorCases = [
    { name: 'no columns', headers: [], rows: [], want: 'it has no columns' },
    { name: 'row too long', headers: ['a'], rows: [['1', '2']], want: 'row 1 has 2 cells' },
  ];

  it.each(errorCases)('rejects $name', ({ headers, rows, want }) => {
    expect(() => renderTable(headers, rows)).toThrow(want);
  });
});

describe('codeCell', () => {
  const cases = [
    { name: 'plain', text: 'kv-prod', want: '<code>kv-prod</code>' },
    { name: 'pipe', text: 'a|b', want: '<code>a&#124;b</code>' },
    { name: 'escaped pipe', text: 'a\\|b', want: '<code>a&#92;&#124;b</code>' },
    { name: 'backticks', text: '`x`', want: '<code>&#96;x&#96;</code>' },
    {
      name: 'script',
      text: '<script>"x"</script>',
      want: '<code>&lt;script&gt;&quot;x&quot;&lt;/script&gt;</code>',
    },
    { name: 'ampersand', text: 'a&b', want: '<code>a&amp;b</code>' },
    { name: 'emphasis', text: '*a*_b_', want: '<code>&#42;a&#42;&#95;b&#95;</code>' },
    { name: 'newlines', text: 'a\r\nb\nc', want: '<code>a<br>b<br>c</code>' },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(codeCell(text)).toBe(want);
  });

  it.each(hostile)('leaves no pipe, markup or raw html in %j', (text) => {
    const inner = codeCell(text).slice('<code>'.length, -'</code>'.length).replace(/<br>/g, '');

    expect(inner).not.toMatch(/[|`*_[\]~\\<>"\r\n]/);
  });
});

describe('escapeMermaidLabel', () => {
  const cases = [
    { name: 'plain', text: 'grant Reader', want: 'grant Reader' },
    { name: 'colon', text: 'step: grant', want: 'step grant' },
    { name: 'semicolon and hash', text: 'a;b#c', want: 'a b c' },
    { name: 'entity', text: '#35;', want: '35' },
    { name: 'newlines', text: 'a\nb\r\nc', want: 'a b c' },
    { name: 'quotes', text: `"a" 'b' \`c\``, want: 'a b c' },
    { name: 'html', text: '<b>x</b>', want: 'b x /b' },
    { name: 'comment and directive', text: '%%{init}%%', want: 'init' },
    { name: 'parentheses', text: 'role (Reader)', want: 'role [Reader]' },
    { name: 'keyword prefix', text: 'section one', want: '- section one' },
    { name: 'keyword any case', text: 'Title x', want: '- Title x' },
    { name: 'date prefix', text: '2024-01-01 rotate', want: '- 2024-01-01 rotate' },
    { name: 'keyword later is fine', text: 'rotate section', want: 'rotate section' },
    { name: 'nothing left', text: ' :; ', want: '-' },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(escapeMermaidLabel(text)).toBe(want);
  });
});
