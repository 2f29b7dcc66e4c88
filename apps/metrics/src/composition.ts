import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { composeFrom, DEFAULT_COMPOSITION, type Composition } from './ontology';

export const COMPOSITION = 'metrics:composition';

/** The vocabulary in force: the default one, or a deployment's composition file. */
export const loadComposition = (file: string | undefined): Composition => {
  if (!file) return DEFAULT_COMPOSITION;
  const result = composeFrom(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!result.ok) throw new Error(`ONTOLOGY_FILE ${file}: ${result.problem.message}`);
  return result.value;
};

export const compositionProvider = (file: string | undefined): Provider => ({
  provide: COMPOSITION,
  useFactory: () => loadComposition(file),
});
