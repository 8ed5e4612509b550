/**
 * A tiny parameterised SQL builder: the only way SQL text is assembled in Akson. Values always become bound
 * parameters ($1, $2, ...); identifiers go through `ident`, which accepts only plain names. There is no way to
 * splice a string into SQL text except `raw`, which is for constant keywords written in this package.
 */
export class Sql {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
  /** See `prepared`. */
  readonly prepare: boolean;

  constructor(strings: readonly string[], values: readonly unknown[], prepare = false) {
    this.strings = strings;
    this.values = values;
    this.prepare = prepare;
  }
}

export interface Query {
  readonly text: string;
  readonly values: unknown[];
  readonly prepare: boolean;
}

/**
 * Marks a hot statement of fixed shape (the same text for every call of one kind: read by id with a scope,
 * lock an audit lane) for a server-side prepared statement. PostgreSQL then plans it once per connection
 * instead of on every call — planning a scoped read against a table with many search indexes costs far more
 * than running it. Statements whose text varies with the data (multi-row inserts) must not be marked.
 */
export function prepared(statement: Sql): Sql {
  return new Sql(statement.strings, statement.values, true);
}

type Part = Sql | Identifier | unknown;

class Identifier {
  readonly quoted: string;
  constructor(quoted: string) {
    this.quoted = quoted;
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A quoted SQL identifier (table or column name). Throws on anything but a plain name. */
export function ident(name: string): Identifier {
  if (!IDENTIFIER.test(name)) throw new Error(`Invalid SQL identifier: ${name}`);
  return new Identifier(`"${name}"`);
}

/** Qualified identifier: alias.column. */
export function col(alias: string, name: string): Sql {
  return raw(`${ident(alias).quoted}.${ident(name).quoted}`);
}

/** Tagged template: sql`SELECT ... WHERE id = ${id}` -> text with $n placeholders and values. */
export function sql(strings: TemplateStringsArray, ...parts: Part[]): Sql {
  const outStrings: string[] = [strings[0] ?? ''];
  const values: unknown[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = strings[i + 1] ?? '';
    if (part instanceof Sql) {
      appendSql(outStrings, values, part);
      outStrings[outStrings.length - 1] += next;
    } else if (part instanceof Identifier) {
      outStrings[outStrings.length - 1] += part.quoted + next;
    } else {
      values.push(part);
      outStrings.push(next);
    }
  }
  return new Sql(outStrings, values);
}

function appendSql(outStrings: string[], values: unknown[], part: Sql): void {
  outStrings[outStrings.length - 1] += part.strings[0] ?? '';
  for (let j = 0; j < part.values.length; j++) {
    values.push(part.values[j]);
    outStrings.push(part.strings[j + 1] ?? '');
  }
}

/** Constant SQL text written in this package (keywords, operators). Never pass user input. */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

export function join(parts: readonly Sql[], separator: string): Sql {
  if (parts.length === 0) return raw('');
  const outStrings: string[] = [''];
  const values: unknown[] = [];
  parts.forEach((p, i) => {
    if (i > 0) outStrings[outStrings.length - 1] += separator;
    appendSql(outStrings, values, p);
  });
  return new Sql(outStrings, values);
}

export function and(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return raw('TRUE');
  if (parts.length === 1) return parts[0] as Sql;
  return sql`(${join(parts, ' AND ')})`;
}

export function or(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return raw('FALSE');
  if (parts.length === 1) return parts[0] as Sql;
  return sql`(${join(parts, ' OR ')})`;
}

/** Renders to text with $1..$n placeholders. */
export function toQuery(statement: Sql): Query {
  let text = statement.strings[0] ?? '';
  for (let i = 1; i < statement.strings.length; i++) text += `$${i}${statement.strings[i] ?? ''}`;
  return { text, values: [...statement.values], prepare: statement.prepare };
}
