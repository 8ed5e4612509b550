/** Escapes LIKE wildcards in a value that is bound as a parameter (the value itself never touches SQL text). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
