/**
 * Safe rendering of untrusted text (secret names, Azure IDs, error messages)
 * into GitHub-flavoured Markdown tables and Mermaid gantt charts for the job
 * summary.
 */

const CELL_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

/** Characters that GFM could read as markup inside a table cell. */
const CELL_SPECIALS = /\r\n|\r|\n|[&<>\\|`*_[\]~]/g;

/**
 * Escapes text for one GFM table cell: HTML entities for `&`, `<` and `>`, a
 * backslash before Markdown punctuation (so `|` becomes `\|` and an existing
 * `\|` becomes `\\\|`, which still shows as `\|`), and `<br>` for line breaks.
 */
export function escapeCell(text: string): string {
  return text.trim().replace(CELL_SPECIALS, (match) => {
    if (match.startsWith('\r') || match === '\n') return '<br>';
    return CELL_ESCAPES[match] ?? `\\${match}`;
  });
}

/**
 * Renders a GFM table; every header and cell goes through `escapeCell`, so
 * pass plain text. Short rows are padded with empty cells.
 */
export function renderTable(headers: string[], rows: string[][]): string {
  if (headers.length === 0) {
    throw new Error('Failed to render table: it has no columns');
  }

  const lines = [renderRow(headers.map(escapeCell)), renderRow(headers.map(() => '---'))];
  rows.forEach((row, index) => {
    if (row.length > headers.length) {
      throw new Error(
        `Failed to render table: row ${index + 1} has ${row.length} cells ` +
          `but there are ${headers.length} columns`,
      );
    }
    const cells = headers.map((_, column) => escapeCell(row[column] ?? ''));
    lines.push(renderRow(cells));
  });
  return `${lines.join('\n')}\n`;
}

function renderRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

const CODE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;',
};

const CODE_SPECIALS = /\r\n|\r|\n|[&<>"|\\`*_[\]~]/g;

/**
 * Renders text as inline code inside a table cell.
 *
 * A backtick code span cannot be used: backslash escapes do not work inside
 * it, so a backtick in the text would end the span early. Instead the text
 * goes in an HTML `<code>` element. Markdown is still parsed between HTML
 * tags, so Markdown punctuation becomes numeric entities too, which show as
 * the plain character and never act as markup; `|` becomes `&#124;` so the
 * table never sees a column break.
 */
export function codeCell(text: string): string {
  const escaped = text.replace(CODE_SPECIALS, (match) => {
    if (match.startsWith('\r') || match === '\n') return '<br>';
    return CODE_ESCAPES[match] ?? match;
  });
  return `<code>${escaped}</code>`;
}

/** Words that Mermaid's gantt lexer reads as statements when a line starts with them. */
const GANTT_KEYWORDS =
  /^(gantt|dateformat|axisformat|tickinterval|excludes|includes|weekday|weekend|todaymarker|inclusiveenddates|topaxis|title|section|click|call|href|acctitle|accdescr|displaymode|\d{4}-\d{2}-\d{2})/i;

/**
 * Makes text safe as a Mermaid gantt task label: characters that end the
 * label or start a comment, string, entity or directive (`: ; # " ' `` ` < >
 * % { }` and line breaks) become spaces, parentheses become brackets (some
 * Mermaid versions stop a label at them), and runs of spaces collapse.
 */
export function escapeMermaidLabel(text: string): string {
  const cleaned = text
    .replace(/[:;#"'`<>%{}]/g, ' ')
    .replace(/\(/g, '[')
    .replace(/\)/g, ']')
    .replace(/\s+/g, ' ')
    .trim();

  if (cleaned.length === 0) {
    return '-';
  }
  // Note: a label that starts like a statement ("title x", "section y", a
  // date) would be read as that statement, so it gets a neutral prefix.
  return GANTT_KEYWORDS.test(cleaned) ? `- ${cleaned}` : cleaned;
}
