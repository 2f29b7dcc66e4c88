/** The infrastructure the test setup started (or that the environment configured). */
export const testEnv = {
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  mongoUri: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/',
  /** The local broker's SASL_SSL listener (tools/infra/kafka-tls.js), when the test setup started the broker. */
  kafkaTls: {
    brokers: process.env.ONESCALE_LOCAL_KAFKA_TLS_BROKERS ?? '',
    caFile: process.env.ONESCALE_LOCAL_KAFKA_TLS_CA_FILE ?? '',
    username: process.env.ONESCALE_LOCAL_KAFKA_SASL_USERNAME ?? '',
    password: process.env.ONESCALE_LOCAL_KAFKA_SASL_PASSWORD ?? '',
  },
  s3: {
    endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:7070',
    region: 'us-east-1',
    bucket: process.env.S3_BUCKET ?? 'onescale-archive',
    accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 'onescale',
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 'onescale-local-secret',
  },
};

/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
