import { batchItems, itemFailures, recordBatch } from './batch-metrics.interceptor';

const failures = async (route: string) =>
  Object.fromEntries((await itemFailures.get()).values.filter((v) => v.labels.route === route).map((v) => [v.labels.code, v.value]));
const sizes = async (route: string) => {
  const values = (await batchItems.get()).values.filter((v) => v.labels.route === route);
  return {
    count: values.find((v) => v.metricName === 'onescale_ingest_batch_items_count')?.value,
    sum: values.find((v) => v.metricName === 'onescale_ingest_batch_items_sum')?.value,
  };
};

describe('recordBatch', () => {
  beforeEach(() => {
    batchItems.reset();
    itemFailures.reset();
  });

  it('observes the batch size and counts refused items by code', async () => {
    // given a batch of 5 with two quota refusals and one invalid type
    const reply = {
      summary: { total: 5, success: 2, failed: 3, successRate: 40 },
      errors: [
        { index: 1, code: 'quota_exceeded' },
        { index: 3, code: 'invalid_type' },
        { index: 4, code: 'quota_exceeded' },
      ],
    };
    // when
    recordBatch('POST /v1/groups/:groupId/things/batch', reply);
    // then
    expect(await sizes('POST /v1/groups/:groupId/things/batch')).toEqual({ count: 1, sum: 5 });
    expect(await failures('POST /v1/groups/:groupId/things/batch')).toEqual({ quota_exceeded: 2, invalid_type: 1 });
  });

  it('counts a fully successful batch without failures', async () => {
    recordBatch('POST /v1/groups/:groupId/events/batch', { summary: { total: 3 }, errors: [] });
    expect(await sizes('POST /v1/groups/:groupId/events/batch')).toEqual({ count: 1, sum: 3 });
    expect(await failures('POST /v1/groups/:groupId/events/batch')).toEqual({});
  });

  it('ignores replies that are not batch results', async () => {
    recordBatch('POST /v1/groups', { group: { id: 'g' } });
    recordBatch('POST /v1/groups', undefined);
    expect(await sizes('POST /v1/groups')).toEqual({ count: undefined, sum: undefined });
  });
});
