import { Inject, type Provider } from '@nestjs/common';
import type { Clock } from '@onescale/ontology';
import { ArchiverConfig } from './archiver.config';

export const CLOCK = 'archiver:clock';
export const InjectClock = (): ParameterDecorator => Inject(CLOCK);

/**
 * "Now" for archival decisions (cutoffs, retention, manifest times). Real time unless the test aid
 * ONESCALE_FAKE_NOW freezes it. Durations, the run lease and the ingest time of published events use
 * the wall clock: they are about processes and brokers, not about which events are old.
 */
export const clockProvider: Provider = {
  provide: CLOCK,
  inject: [ArchiverConfig],
  useFactory: (config: ArchiverConfig): Clock => {
    const fake = config.ONESCALE_FAKE_NOW;
    return fake === undefined ? () => Date.now() : () => fake;
  },
};
