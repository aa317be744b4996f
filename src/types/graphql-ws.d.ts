// The project resolves modules the node10 way, which ignores package.json "exports": graphql-ws's
// subpaths are named here for the compiler only. At run time Node, tsx and Jest resolve them through
// "exports" to the CommonJS builds.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
declare module 'graphql-ws/client' {
  export * from 'graphql-ws/dist/client';
}
