/**
 * URL building. Every ref and path segment is percent-encoded (the predecessor interpolated them
 * raw, so a '#', '?' or space in a name broke the request), while '/' between segments stays.
 */

/** encodeURIComponent per '/'-separated segment: `release/v1 #2` → `release/v1%20%232`. */
export function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function trimBase(base: string): string {
  return base.replace(/\/+$/, '');
}

/** Scheme + host + port; '' for something that is not an absolute URL. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
