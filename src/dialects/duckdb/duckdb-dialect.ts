import { DefaultDialect } from '../dialect.js';

export class DuckDbDialect extends DefaultDialect {
  override readonly name = 'duckdb';

  override startsWith(text: string, prefix: string): string {
    return `starts_with(${text}, ${prefix})`;
  }

  override endsWith(text: string, suffix: string): string {
    return `ends_with(${text}, ${suffix})`;
  }
}
