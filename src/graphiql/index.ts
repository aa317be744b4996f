/**
 * GraphiQL, served from the gateway's own assets: it works with no internet and loads nothing from a CDN.
 */
export { createGraphiQLHandler, type GraphiQLHandler, type GraphiQLOptions } from './handler';
export { EXAMPLE_QUERY } from './exampleQuery';
export { contentSecurityPolicy } from './page';
