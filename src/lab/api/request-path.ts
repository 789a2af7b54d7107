/**
 * Reads a request path the way the API server's router does: discovery paths, and resource paths
 * `/api/v1[/namespaces/<ns>]/<plural>[/<name>[/<subresource>]]` (the same under
 * `/apis/<group>/<version>`), with the legacy `/watch/` prefix recognised.
 */
import { findResource, type ResourceInfo, type ServedRelease } from './resources.js';

/** What a path names. */
export type ApiPath =
  | { readonly kind: 'version' }
  | { readonly kind: 'health' }
  | { readonly kind: 'core-versions' }
  | { readonly kind: 'group-list' }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'resource-list'; readonly group: string; readonly version: string }
  | {
      readonly kind: 'resource';
      readonly info: ResourceInfo;
      readonly namespace?: string;
      readonly name?: string;
      readonly subresource?: string;
      readonly watch: boolean;
    }
  | { readonly kind: 'unknown' };

const HEALTH = new Set(['/healthz', '/livez', '/readyz']);

/** Parses a URL path (without query), against what an API server of `release` serves. */
export function parseApiPath(pathname: string, release: ServedRelease = '3.11'): ApiPath {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/version') return { kind: 'version' };
  if (HEALTH.has(path)) return { kind: 'health' };
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  if (segments.includes(undefined)) return { kind: 'unknown' };
  const parts = segments as string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'core-versions' };
    return resourcePath('', parts[1] as string, parts.slice(2), release);
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'group-list' };
    if (parts.length === 2) return { kind: 'group', group: parts[1] as string };
    return resourcePath(parts[1] as string, parts[2] as string, parts.slice(3), release);
  }
  return { kind: 'unknown' };
}

function resourcePath(group: string, version: string, rest: string[], release: ServedRelease): ApiPath {
  if (rest.length === 0) return { kind: 'resource-list', group, version };
  const watch = rest[0] === 'watch';
  const tail = watch ? rest.slice(1) : rest;
  // /namespaces/<ns>/<plural>/… when <plural> is a namespaced resource; otherwise the path is
  // cluster-scoped (and /namespaces/<ns> itself is a get of that namespace).
  const scoped =
    tail[0] === 'namespaces' && tail.length >= 3
      ? findResource(group, version, tail[2] as string, release)
      : undefined;
  if (scoped?.namespaced) {
    if (tail.length > 5) return { kind: 'unknown' };
    return { kind: 'resource', info: scoped, namespace: tail[1], name: tail[3], subresource: tail[4], watch };
  }
  const info = findResource(group, version, tail[0] as string, release);
  if (!info || tail.length > 3) return { kind: 'unknown' };
  // A namespaced object has no cluster-scoped path of its own (only the list across namespaces).
  if (info.namespaced && tail.length > 1) return { kind: 'unknown' };
  return { kind: 'resource', info, name: tail[1], subresource: tail[2], watch };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
