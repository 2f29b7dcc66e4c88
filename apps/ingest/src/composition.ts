import { readFileSync } from 'node:fs';
import { composeFrom, DEFAULT_COMPOSITION, type Composition } from '@onescale/ontology';
import { Inject, type Provider } from '@nestjs/common';
import { IngestConfig } from './ingest.config';

export const COMPOSITION = 'onescale:composition';
export const CLOCK = 'onescale:clock';

export const InjectComposition = (): ParameterDecorator => Inject(COMPOSITION);
export const InjectClock = (): ParameterDecorator => Inject(CLOCK);

/** The vocabulary in force: the default one, or a deployment's narrowed or extended composition. */
export const compositionProvider: Provider = {
  provide: COMPOSITION,
  inject: [IngestConfig],
  useFactory: (config: IngestConfig): Composition => {
    if (!config.ONTOLOGY_FILE) return DEFAULT_COMPOSITION;
    const parsed: unknown = JSON.parse(readFileSync(config.ONTOLOGY_FILE, 'utf8'));
    const result = composeFrom(parsed);
    if (!result.ok) throw new Error(`ONTOLOGY_FILE ${config.ONTOLOGY_FILE}: ${result.problem.message}`);
    return result.value;
  },
};

export const clockProvider: Provider = { provide: CLOCK, useValue: (): number => Date.now() };
