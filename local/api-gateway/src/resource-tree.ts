/**
 * The REST API's resources, matched as API Gateway matches them: segment by segment, a literal
 * segment before a `{param}` before a greedy `{param+}`, case-sensitively. A path that no
 * resource matches, or a resource without the method (and without `ANY`), is API Gateway's
 * `403 Missing Authentication Token`, whatever token the request carries. Path parameter values
 * reach the function percent-decoded; the path itself stays as sent.
 */

export interface ResourceMatch<T> {
  /** The resource's path template: `/notes/{noteId}`. */
  readonly resource: string;
  /** Decoded values by name, or `null` when the resource has none (as API Gateway sends it). */
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly target: T;
}

interface Node<T> {
  readonly literal: Map<string, Node<T>>;
  param?: { readonly name: string; readonly node: Node<T> };
  greedy?: { readonly name: string; readonly node: Node<T> };
  readonly methods: Map<string, T>;
  template: string;
}

function node<T>(template: string): Node<T> {
  return { literal: new Map(), methods: new Map(), template };
}

const PARAM = /^\{([A-Za-z0-9._-]+)\}$/;
const GREEDY = /^\{([A-Za-z0-9._-]+)\+\}$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * @example
 * const tree = new ResourceTree([{ method: 'GET', path: '/notes/{noteId}', target: 'getNote' }]);
 * tree.match('GET', '/notes/42') // { resource: '/notes/{noteId}', pathParameters: { noteId: '42' }, target: 'getNote' }
 * tree.match('PUT', '/notes/42') // undefined
 */
export class ResourceTree<T> {
  readonly #root: Node<T> = node('/');

  constructor(routes: readonly { readonly method: string; readonly path: string; readonly target: T }[]) {
    for (const route of routes) this.#add(route.method.toUpperCase(), route.path, route.target);
  }

  #add(method: string, path: string, target: T): void {
    if (!path.startsWith('/')) throw new Error(`A resource path starts with "/": ${JSON.stringify(path)}`);
    let current = this.#root;
    const segments = path === '/' ? [] : path.slice(1).split('/');
    segments.forEach((segment, index) => {
      const template = `/${segments.slice(0, index + 1).join('/')}`;
      const greedy = GREEDY.exec(segment)?.[1];
      const param = PARAM.exec(segment)?.[1];
      if (greedy !== undefined) {
        if (index !== segments.length - 1) throw new Error(`A greedy {${greedy}+} must be the last segment: ${path}`);
        current.greedy ??= { name: greedy, node: node(template) };
        current = current.greedy.node;
      } else if (param !== undefined) {
        if (current.param !== undefined && current.param.name !== param) {
          throw new Error(`Two path parameters at one level: {${current.param.name}} and {${param}} in ${path}`);
        }
        current.param ??= { name: param, node: node(template) };
        current = current.param.node;
      } else {
        if (segment === '' || /[{}]/.test(segment))
          throw new Error(`Not a resource path segment: ${segment} in ${path}`);
        let child = current.literal.get(segment);
        if (child === undefined) {
          child = node(template);
          current.literal.set(segment, child);
        }
        current = child;
      }
    });
    if (current.methods.has(method)) throw new Error(`${method} ${path} is defined twice`);
    current.methods.set(method, target);
  }

  /**
   * The resource and method a request path (without the stage, as sent) reaches, or `undefined`.
   * One trailing slash is ignored (*uncertain*: API Gateway's handling of it is undocumented).
   */
  match(method: string, rawPath: string): ResourceMatch<T> | undefined {
    const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
    if (!path.startsWith('/')) return undefined;
    const segments = path === '/' ? [] : path.slice(1).split('/');
    const params: Record<string, string> = {};
    const found = this.#walk(this.#root, segments, 0, params);
    if (found === undefined) return undefined;
    const target = found.methods.get(method) ?? found.methods.get('ANY');
    if (target === undefined) return undefined;
    return {
      resource: found.template,
      pathParameters: Object.keys(params).length === 0 ? null : params,
      target,
    };
  }

  #walk(
    current: Node<T>,
    segments: readonly string[],
    index: number,
    params: Record<string, string>,
  ): Node<T> | undefined {
    if (index === segments.length) return current.methods.size > 0 ? current : undefined;
    const segment = segments[index] as string;
    if (segment === '') return undefined;
    const literal = current.literal.get(decode(segment));
    if (literal !== undefined) {
      const found = this.#walk(literal, segments, index + 1, params);
      if (found !== undefined) return found;
    }
    if (current.param !== undefined) {
      const found = this.#walk(current.param.node, segments, index + 1, params);
      if (found !== undefined) {
        params[current.param.name] = decode(segment);
        return found;
      }
    }
    if (current.greedy !== undefined && current.greedy.node.methods.size > 0) {
      params[current.greedy.name] = decode(segments.slice(index).join('/'));
      return current.greedy.node;
    }
    return undefined;
  }
}
