// The metrics read models of @onescale/ontology. libs/ontology/src/index.ts does not export
// './metrics' yet (the lead assembles that index); once it does, this file re-exports nothing new
// and its second line can go.
export * from '@onescale/ontology';
export * from '@onescale/ontology/metrics';
