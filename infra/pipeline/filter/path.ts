const plainKey = /^[A-Za-z_$][\w$-]*$/;

/** Path of `key` under `parent`, written the way error messages show it (`a.b`, `a["x y"]`). */
export function childPath(parent: string, key: string): string {
  if (!plainKey.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/** Path of element `index` of the array at `parent`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
