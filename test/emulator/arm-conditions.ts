/**
 * Azure ABAC conditions (version 2.0) on role assignments, as far as the
 * delegation conditions in Azure docs "Delegate Azure role assignment
 * management to others with conditions" and "Azure role assignment condition
 * format and syntax" use them:
 * - `(` `)`, `AND`/`&&`, `OR`/`||`, `!`/`NOT`;
 * - `ActionMatches{'<action>'}` (action patterns with `*`, as in role definitions);
 * - `@Request[<attribute>]` / `@Resource[<attribute>]` compared with an operator
 *   such as `ForAnyOfAnyValues:GuidEquals` against one value or a `{a, b}` set.
 * Anything else is a syntax error; callers treat an unparseable condition as
 * not granting access.
 */
import { actionMatches } from './roles.js';

/** What a condition is evaluated against: the action and the attribute values. */
export interface ConditionContext {
  action: string;
  /** Keyed by `attributeKey(source, name)`; a missing key is an absent attribute. */
  attributes: Map<string, string[]>;
}

export type ConditionNode =
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'action'; pattern: string }
  | {
      kind: 'compare';
      attribute: string;
      quantifier: Quantifier;
      operator: string;
      values: string[];
    };

type Quantifier =
  'ForAnyOfAnyValues' | 'ForAnyOfAllValues' | 'ForAllOfAnyValues' | 'ForAllOfAllValues';

const QUANTIFIERS: readonly string[] = [
  'ForAnyOfAnyValues',
  'ForAnyOfAllValues',
  'ForAllOfAnyValues',
  'ForAllOfAllValues',
];

const OPERATORS: Record<string, (actual: string, expected: string) => boolean> = {
  guidequals: (a, b) => a.toLowerCase() === b.toLowerCase(),
  guidnotequals: (a, b) => a.toLowerCase() !== b.toLowerCase(),
  stringequals: (a, b) => a === b,
  stringnotequals: (a, b) => a !== b,
  stringequalsignorecase: (a, b) => a.toLowerCase() === b.toLowerCase(),
  stringnotequalsignorecase: (a, b) => a.toLowerCase() !== b.toLowerCase(),
};

export class ConditionSyntaxError extends Error {
  override name = 'ConditionSyntaxError';
}

/** `@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]`, case-folded. */
export function attributeKey(source: 'Request' | 'Resource', name: string): string {
  return `@${source}[${name}]`.toLowerCase();
}

type Token = { type: 'punct' | 'string' | 'word' | 'attribute'; text: string };

const TOKEN =
  /\s*(?:(&&|\|\||[(){},!])|'((?:[^'\\]|\\.)*)'|(@(?:Request|Resource|Principal|Environment)\[[^\]]+\])|([A-Za-z0-9_.:\-/*]+))/iy;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new ConditionSyntaxError(`Unexpected character at ${start}: '${text[start]}'`);
    if (m[1]) tokens.push({ type: 'punct', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ type: 'string', text: m[2] });
    else if (m[3]) tokens.push({ type: 'attribute', text: m[3] });
    else tokens.push({ type: 'word', text: m[4] ?? '' });
  }
  return tokens;
}

/** Recursive-descent parser over the token list; OR binds loosest, then AND, then `!`. */
class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): ConditionNode {
    const node = this.or();
    if (this.at < this.tokens.length) this.fail('end of condition');
    return node;
  }

  private or(): ConditionNode {
    let left = this.and();
    while (this.take('OR', '||')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): ConditionNode {
    let left = this.unary();
    while (this.take('AND', '&&')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): ConditionNode {
    if (this.take('!', 'NOT')) return { kind: 'not', operand: this.unary() };
    if (this.take('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (this.take('ActionMatches')) {
      this.expect('{');
      const pattern = this.next('string').text;
      this.expect('}');
      return { kind: 'action', pattern };
    }
    return this.comparison();
  }

  private comparison(): ConditionNode {
    const attribute = this.next('attribute').text.toLowerCase();
    const operatorText = this.next('word').text;
    const [first = '', second] = operatorText.split(':');
    const quantifier = (second === undefined ? 'ForAnyOfAnyValues' : first) as Quantifier;
    const operator = (second ?? first).toLowerCase();
    if (!QUANTIFIERS.includes(quantifier) || !(operator in OPERATORS)) {
      throw new ConditionSyntaxError(`Unsupported operator '${operatorText}'`);
    }
    return { kind: 'compare', attribute, quantifier, operator, values: this.values() };
  }

  private values(): string[] {
    if (!this.take('{')) return [this.value()];
    const values = [this.value()];
    while (this.take(',')) values.push(this.value());
    this.expect('}');
    return values;
  }

  private value(): string {
    const token = this.tokens[this.at];
    if (token?.type !== 'string' && token?.type !== 'word') this.fail('a value');
    this.at++;
    return (token as Token).text;
  }

  private take(...texts: string[]): boolean {
    const token = this.tokens[this.at];
    if (!token || token.type === 'string') return false;
    if (!texts.some((t) => t.toLowerCase() === token.text.toLowerCase())) return false;
    this.at++;
    return true;
  }

  private expect(text: string): void {
    if (!this.take(text)) this.fail(`'${text}'`);
  }

  private next(type: Token['type']): Token {
    const token = this.tokens[this.at];
    if (token?.type !== type) this.fail(`a ${type}`);
    this.at++;
    return token as Token;
  }

  private fail(wanted: string): never {
    const found = this.tokens[this.at]?.text ?? 'end of condition';
    throw new ConditionSyntaxError(`Expected ${wanted} at token ${this.at + 1}, found '${found}'`);
  }
}

export function parseCondition(text: string): ConditionNode {
  return new Parser(tokenize(text)).parse();
}

export function evaluateCondition(node: ConditionNode, ctx: ConditionContext): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateCondition(node.left, ctx) && evaluateCondition(node.right, ctx);
    case 'or':
      return evaluateCondition(node.left, ctx) || evaluateCondition(node.right, ctx);
    case 'not':
      return !evaluateCondition(node.operand, ctx);
    case 'action':
      return actionMatches(node.pattern, ctx.action);
    case 'compare':
      return compare(node, ctx.attributes.get(node.attribute) ?? []);
  }
}

/**
 * The cross-product quantifiers of the condition syntax docs: "any of any"
 * holds when some attribute value matches some listed value, and so on. Note:
 * an absent attribute is an empty set, so `ForAny…` is false and `ForAll…` is
 * vacuously true, which is how the docs describe missing attributes.
 */
function compare(node: Extract<ConditionNode, { kind: 'compare' }>, actual: string[]): boolean {
  const test = OPERATORS[node.operator] as (a: string, b: string) => boolean;
  const matchesValues = (a: string) =>
    node.quantifier.endsWith('AnyValues')
      ? node.values.some((v) => test(a, v))
      : node.values.every((v) => test(a, v));
  return node.quantifier.startsWith('ForAnyOf')
    ? actual.some(matchesValues)
    : actual.every(matchesValues);
}

export type ConditionOutcome = { permitted: boolean; error?: string };

/** Parses and evaluates; a condition that cannot be parsed never permits. */
export function conditionPermits(text: string, ctx: ConditionContext): ConditionOutcome {
  try {
    return { permitted: evaluateCondition(parseCondition(text), ctx) };
  } catch (err) {
    return { permitted: false, error: err instanceof Error ? err.message : String(err) };
  }
}
