/**
 * Parsing of APIG path templates (`/users/{id}`, `/files/{path+}`) and of `#variable#`
 * references in backend addresses and paths (runtime.md §3.2, §3.4).
 */

export interface PathParamRef {
  name: string;
  /** `{name+}`: one or more trailing segments. */
  greedy: boolean;
  /** Index of the segment (0 = first after the leading /). */
  segment: number;
}

export interface ParsedPath {
  params: PathParamRef[];
  /** Problems found, each with a rule id and a message. */
  problems: { rule: string; message: string }[];
}

const WHOLE_PARAM = /^\{([A-Za-z][A-Za-z0-9._-]*)(\+?)\}$/;
/** Characters a literal segment may not contain: braces only as a whole `{param}`, no query/fragment/space. */
const BAD_LITERAL = /[{}?#\s]/;

/** Parses a frontend path. `hashVariables` allows `#var#` inside segments (backend paths). */
export function parsePathTemplate(path: string, hashVariables = false): ParsedPath {
  const params: PathParamRef[] = [];
  const problems: ParsedPath['problems'] = [];
  if (!path.startsWith('/')) {
    problems.push({ rule: 'leading-slash', message: 'must start with /' });
    return { params, problems };
  }
  const segments = path.slice(1).split('/');
  const seen = new Set<string>();
  segments.forEach((segment, index) => {
    const isLast = index === segments.length - 1;
    // A trailing slash is significant in APIG (/test and /test/ are different APIs), so an empty
    // last segment is fine; an empty segment in the middle (//) is not.
    if (segment === '') {
      if (!isLast) problems.push({ rule: 'empty-segment', message: `has an empty segment (//) at segment ${index + 1}` });
      return;
    }
    const whole = WHOLE_PARAM.exec(segment);
    if (whole) {
      const [, name, plus] = whole;
      if (seen.has(name)) problems.push({ rule: 'duplicate-param', message: `declares {${name}} more than once` });
      seen.add(name);
      params.push({ name, greedy: plus === '+', segment: index });
      return;
    }
    const literal = hashVariables ? segment.replace(/#[^#/]*#/g, '') : segment;
    if (literal.includes('{') || literal.includes('}')) {
      problems.push({
        rule: 'param-segment',
        message: `segment "${segment}": a {parameter} must be a whole segment between / (partial segments like /abc{id} are not supported)`,
      });
    } else if (BAD_LITERAL.test(literal) || (!hashVariables && segment.includes('#'))) {
      problems.push({ rule: 'path-chars', message: `segment "${segment}" contains a character not allowed in a path (braces, ?, #, whitespace)` });
    }
  });
  return { params, problems };
}

export interface VariableRef {
  name: string;
  /** Offset of the opening #. */
  at: number;
}

/** Finds `#name#` references; an unpaired # is reported through `unpaired`. */
export function findVariableRefs(text: string): { refs: VariableRef[]; unpaired: boolean } {
  const refs: VariableRef[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('#', i);
    if (open < 0) break;
    const close = text.indexOf('#', open + 1);
    if (close < 0) return { refs, unpaired: true };
    refs.push({ name: text.slice(open + 1, close), at: open });
    i = close + 1;
  }
  return { refs, unpaired: false };
}
