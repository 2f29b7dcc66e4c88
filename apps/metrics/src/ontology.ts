// The pure domain, including its metrics read models (exported from the ontology index).
export * from '@onescale/ontology';
