/**
 * `Upstash-Retry-Delay`: an arithmetic expression in milliseconds over the variable `retried`
 * (retries already done, 0 before the first retry). Parsed once at publish time so a typo is a
 * 400 then, not a surprise at the first failure; never passed to `eval`.
 */

type Node =
  | { kind: 'number'; value: number }
  | { kind: 'retried' }
  | { kind: 'unary'; operand: Node }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Node; right: Node }
  | { kind: 'call'; name: FunctionName; args: Node[] };

const FUNCTIONS = {
  pow: { arity: [2, 2], fn: (a: number[]) => Math.pow(a[0]!, a[1]!) },
  sqrt: { arity: [1, 1], fn: (a: number[]) => Math.sqrt(a[0]!) },
  abs: { arity: [1, 1], fn: (a: number[]) => Math.abs(a[0]!) },
  exp: { arity: [1, 1], fn: (a: number[]) => Math.exp(a[0]!) },
  floor: { arity: [1, 1], fn: (a: number[]) => Math.floor(a[0]!) },
  ceil: { arity: [1, 1], fn: (a: number[]) => Math.ceil(a[0]!) },
  round: { arity: [1, 1], fn: (a: number[]) => Math.round(a[0]!) },
  min: { arity: [1, Infinity], fn: (a: number[]) => Math.min(...a) },
  max: { arity: [1, Infinity], fn: (a: number[]) => Math.max(...a) },
} as const;
type FunctionName = keyof typeof FUNCTIONS;

const MAX_EXPRESSION_LENGTH = 1_000;

export class RetryDelayExpressionError extends Error {}

export interface RetryDelayExpression {
  readonly source: string;
  evaluate(retried: number): number;
}

export function parseRetryDelayExpression(source: string): RetryDelayExpression {
  if (source.trim() === '') throw new RetryDelayExpressionError('the expression is empty');
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new RetryDelayExpressionError(`the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const expect = (text: string) => {
    const token = tokens[position];
    if (token?.text !== text) {
      throw new RetryDelayExpressionError(`expected "${text}" at ${token ? `"${token.text}"` : 'end of expression'}`);
    }
    position += 1;
  };

  const parseExpression = (): Node => {
    let node = parseTerm();
    while (peek()?.text === '+' || peek()?.text === '-') {
      const op = tokens[position++]!.text as '+' | '-';
      node = { kind: 'binary', op, left: node, right: parseTerm() };
    }
    return node;
  };
  const parseTerm = (): Node => {
    let node = parseUnary();
    while (peek()?.text === '*' || peek()?.text === '/') {
      const op = tokens[position++]!.text as '*' | '/';
      node = { kind: 'binary', op, left: node, right: parseUnary() };
    }
    return node;
  };
  const parseUnary = (): Node => {
    if (peek()?.text === '-') {
      position += 1;
      return { kind: 'unary', operand: parseUnary() };
    }
    if (peek()?.text === '+') {
      position += 1;
      return parseUnary();
    }
    return parsePrimary();
  };
  const parsePrimary = (): Node => {
    const token = tokens[position++];
    if (!token) throw new RetryDelayExpressionError('unexpected end of expression');
    if (token.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (token.text === '(') {
      const inner = parseExpression();
      expect(')');
      return inner;
    }
    if (token.kind === 'identifier') {
      if (token.text === 'retried') return { kind: 'retried' };
      if (!(token.text in FUNCTIONS)) {
        throw new RetryDelayExpressionError(
          `unknown name "${token.text}" (allowed: retried, ${Object.keys(FUNCTIONS).join(', ')})`,
        );
      }
      const name = token.text as FunctionName;
      expect('(');
      const args: Node[] = [];
      if (peek()?.text !== ')') {
        args.push(parseExpression());
        while (peek()?.text === ',') {
          position += 1;
          args.push(parseExpression());
        }
      }
      expect(')');
      const [least, most] = FUNCTIONS[name].arity;
      if (args.length < least || args.length > most) {
        throw new RetryDelayExpressionError(`${name}() takes ${least === most ? least : `at least ${least}`} argument(s), got ${args.length}`);
      }
      return { kind: 'call', name, args };
    }
    throw new RetryDelayExpressionError(`unexpected "${token.text}"`);
  };

  const root = parseExpression();
  if (position < tokens.length) throw new RetryDelayExpressionError(`unexpected "${tokens[position]!.text}"`);
  return { source, evaluate: (retried) => evaluate(root, retried) };
}

function evaluate(node: Node, retried: number): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'retried':
      return retried;
    case 'unary':
      return -evaluate(node.operand, retried);
    case 'binary': {
      const left = evaluate(node.left, retried);
      const right = evaluate(node.right, retried);
      if (node.op === '+') return left + right;
      if (node.op === '-') return left - right;
      if (node.op === '*') return left * right;
      return left / right;
    }
    case 'call':
      return FUNCTIONS[node.name].fn(node.args.map((arg) => evaluate(arg, retried)));
  }
}

interface Token {
  kind: 'number' | 'identifier' | 'symbol';
  text: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),]))/y;
  let index = 0;
  while (index < source.length) {
    if (/^\s*$/.test(source.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new RetryDelayExpressionError(`unexpected character "${source.slice(index).trim()[0]}"`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'number', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'identifier', text: match[2] });
    else tokens.push({ kind: 'symbol', text: match[3]! });
  }
  return tokens;
}
