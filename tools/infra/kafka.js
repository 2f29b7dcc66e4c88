'use strict';
// Apache Kafka in KRaft mode (one combined broker and controller), run from Maven Central jars.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { cacheRoot, infraDir, VERSIONS, ports } = require('./paths');
const { run, runAsync, hasCommand, startDetached } = require('./process');
const tls = require('./kafka-tls');

const version = VERSIONS.kafka;
const libsDir = path.join(cacheRoot, `kafka-${version}`, 'libs');
const classpath = `${libsDir}/*`;

function javaMajor() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const match = /version "(\d+)/.exec(`${result.stderr}${result.stdout}`);
  return match ? Number(match[1]) : 0;
}

function checkToolchain() {
  const problems = [];
  if (!hasCommand('java') || javaMajor() < 17) problems.push('Kafka needs Java 17 or newer on PATH (install openjdk-17-jre-headless).');
  else if (!hasCommand('keytool')) problems.push("Kafka's TLS listener needs the JDK's keytool on PATH.");
  if (!fs.existsSync(path.join(libsDir, '.complete')) && !hasCommand('mvn'))
    problems.push('Kafka is fetched with Maven: install maven (apt-get install maven).');
  return problems;
}

/** The jars, and the TLS listener's CA and certificate (both cached per machine). */
async function provision() {
  const [jars, certificates] = await Promise.all([provisionJars(), tls.provisionTls()]);
  return jars || certificates;
}

async function provisionJars() {
  if (fs.existsSync(path.join(libsDir, '.complete'))) return false;
  fs.mkdirSync(libsDir, { recursive: true });
  await runAsync('mvn', [
    '-q',
    '-B',
    '-f',
    path.join(__dirname, 'kafka', 'pom.xml'),
    'dependency:copy-dependencies',
    `-DoutputDirectory=${libsDir}`,
    '-DincludeScope=runtime',
  ]);
  fs.writeFileSync(path.join(libsDir, '.complete'), version);
  return true;
}

function writeConfig(dir, user) {
  const { kafka, kafkaController, kafkaTls } = ports();
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const properties = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${kafkaController}`,
    `listeners=PLAINTEXT://127.0.0.1:${kafka},CONTROLLER://127.0.0.1:${kafkaController},SASL_SSL://127.0.0.1:${kafkaTls}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${kafka},SASL_SSL://127.0.0.1:${kafkaTls}`,
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
    ...tls.listenerProperties(user),
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics are declared by the services from the topic registry, with their partition counts.
    'auto.create.topics.enable=false',
    // Event time can be years old; retention must follow the ingest time (the record timestamp).
    'log.message.timestamp.type=CreateTime',
    'log.retention.hours=168',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'server.properties'), `${properties}\n`);
  fs.writeFileSync(
    path.join(dir, 'log4j2.properties'),
    [
      'appender.console.type=Console',
      'appender.console.name=STDOUT',
      'appender.console.layout.type=PatternLayout',
      'appender.console.layout.pattern=[%d] %p %m (%c)%n',
      'rootLogger.level=warn',
      'rootLogger.appenderRef.stdout.ref=STDOUT',
      'logger.kafka.name=kafka.server.KafkaRaftServer',
      'logger.kafka.level=info',
    ].join('\n') + '\n',
  );
}

function start() {
  const dir = infraDir('kafka');
  const formatting = !fs.existsSync(path.join(dir, 'data', 'meta.properties'));
  fs.mkdirSync(dir, { recursive: true });
  const user = tls.saslUser({ formatting });
  writeConfig(dir, user);
  const config = path.join(dir, 'server.properties');
  if (formatting) {
    // A fixed cluster id keeps the local broker reproducible; format is skipped once done.
    const format = ['format', '-t', 'b25lc2NhbGUtbG9jYWwt', '-c', config, '--ignore-formatted', ...tls.formatArguments(user)];
    run('java', ['-Xmx256m', '-cp', classpath, 'kafka.tools.StorageTool', ...format], { stdio: 'ignore' });
  }
  return startDetached('kafka', 'java', [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(dir, 'log4j2.properties')}`,
    `-Dkafka.logs.dir=${path.join(dir, 'logs')}`,
    '-cp',
    classpath,
    'kafka.Kafka',
    config,
  ]);
}

async function answers(settings) {
  const { Kafka, logLevel } = require('kafkajs');
  const admin = new Kafka({ clientId: 'onescale-infra', logLevel: logLevel.NOTHING, retry: { retries: 0 }, ...settings }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Both listeners answer; the SASL_SSL one with the user's SCRAM login over TLS. */
async function ready() {
  const { kafka, kafkaTls } = ports();
  if (!(await answers({ brokers: [`127.0.0.1:${kafka}`] }))) return false;
  tls.registerScramUser(classpath, `127.0.0.1:${kafka}`);
  const { ONESCALE_LOCAL_KAFKA_SASL_USERNAME: username, ONESCALE_LOCAL_KAFKA_SASL_PASSWORD: password } = tls.clientEnv(kafkaTls);
  return answers({
    brokers: [`127.0.0.1:${kafkaTls}`],
    ssl: { ca: [fs.readFileSync(tls.caFile)] },
    sasl: { mechanism: 'scram-sha-256', username, password },
  });
}

module.exports = {
  name: 'kafka',
  label: 'Apache Kafka (KRaft)',
  version,
  envOverride: () => process.env.KAFKA_BROKERS,
  port: () => ports().kafka,
  extraPorts: () => [ports().kafkaController, ports().kafkaTls],
  checkToolchain,
  provision,
  start,
  ready,
  readyTimeoutMs: 90000,
  env: () => ({ KAFKA_BROKERS: `127.0.0.1:${ports().kafka}`, ...tls.clientEnv(ports().kafkaTls) }),
};
