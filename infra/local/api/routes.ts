import { decodedPath } from './request-target.js';

/**
 * Matches `GET /v1/windows/{metric}` style route keys against a method and path. Parameters are
 * handed over percent-decoded; a parameter that does not decode throws `MalformedPathError`.
 */
export interface CompiledRoute<T> {
  routeKey: string;
  target: T;
  match(method: string, path: string): Record<string, string> | undefined;
}

export function compileRoute<T>(routeKey: string, target: T): CompiledRoute<T> {
  const [method, template] = routeKey.split(' ', 2) as [string, string];
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  const pattern = new RegExp(`^${source}$`);
  return {
    routeKey,
    target,
    match(m, path) {
      if (m !== method) return undefined;
      const hit = pattern.exec(path);
      if (!hit) return undefined;
      const params: Record<string, string> = {};
      names.forEach((n, i) => {
        params[n] = decodedPath(hit[i + 1] as string);
      });
      return params;
    },
  };
}
