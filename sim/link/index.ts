/** The link model's public surface. */
export { CAPTIVE_PORTAL_HTML, Link, type BodyCut, type Exchange, type LinkOptions, type LinkRequest, type Server } from './link.ts';
export type { FiredFault } from './fault-book.ts';
export type { LinkFetchInit } from './fetch-adapter.ts';
export type * from './spec.ts';
